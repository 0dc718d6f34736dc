//! Checks on the text that a policy or a layer setting puts into headers.
//!
//! Everything here ends up in a `Set-Cookie` line the library writes (a
//! deletion, the consent cookie) or in a form field name, so anything that
//! could break a header is refused at build time.

use crate::cookie::set_cookie::is_tchar;

/// Whether `name` is a valid cookie name (an RFC 9110 token); with
/// `glob`, `*` is the wildcard and the rest must still be a token.
pub(crate) fn check_cookie_name(name: &str) -> Result<(), &'static str> {
    if name.len() > 1024 {
        return Err("longer than 1024 bytes");
    }
    if let Some(b) = name.bytes().find(|&b| !is_tchar(b)) {
        return Err(if b.is_ascii_control() || b == b' ' {
            "contains a space or control character"
        } else if b >= 0x80 {
            "contains a non-ASCII character"
        } else {
            "contains a separator such as ; , = \" or a bracket"
        });
    }
    Ok(())
}

/// A service name: 1-64 characters among ASCII letters, digits, `.`, `_`, `-`.
pub(crate) fn check_service(name: &str) -> Result<(), &'static str> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("a service name is 1-64 characters among letters, digits, '.', '_' and '-'")
    }
}

/// A `Domain` attribute value: letters, digits, `-` and `.`, optionally
/// starting with `.`.
pub(crate) fn check_domain(domain: &str) -> Result<(), &'static str> {
    let host = domain.strip_prefix('.').unwrap_or(domain);
    let ok = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err("a domain is a host name such as .example.com")
    }
}

/// A `Path` attribute value: starts with `/`, visible ASCII, no `;`.
pub(crate) fn check_path(path: &str) -> Result<(), &'static str> {
    let ok = path.starts_with('/')
        && path.len() <= 1024
        && path.bytes().all(|b| (0x21..0x7f).contains(&b) && b != b';');
    if ok {
        Ok(())
    } else {
        Err("a path starts with '/' and holds visible ASCII without ';'")
    }
}

/// A revision string: 1-64 characters among ASCII letters, digits, `.`, `_`, `-`, `:`.
pub(crate) fn check_revision(revision: &str) -> Result<(), &'static str> {
    let ok = !revision.is_empty()
        && revision.len() <= 64
        && revision
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-:".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("a revision is 1-64 characters among letters, digits, '.', '_', '-' and ':'")
    }
}
