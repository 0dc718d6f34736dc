//! Reading a `Set-Cookie` line the way a browser does (RFC 6265bis §5.6),
//! from its bytes, without copying or re-serialising it.

pub(crate) mod date;
pub(crate) mod expiry;

use crate::cookie::cookie_header::trim;
#[cfg(any(test, feature = "fuzzing"))]
use crate::cookie::set_cookie::expiry::Expiry;

/// Everything the layer reads in one `Set-Cookie` line. The layer itself
/// reads lines piecemeal ([`head`], then [`Expiry`] when needed); this full
/// reading is what the tests and the fuzz targets check.
#[cfg(any(test, feature = "fuzzing"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SetCookieLine<'a> {
    /// The text before the first `=` of the name-value pair, trimmed; empty
    /// when the pair has no `=`.
    pub(crate) name: &'a [u8],
    /// The text after the first `=`, trimmed.
    pub(crate) value: &'a [u8],
    /// The name the server reads the cookie back as: see [`read_back`].
    pub(crate) read_back: &'a [u8],
    /// False when a browser would ignore the whole line: a control
    /// character, name and value both empty, or name + value over 4096 bytes.
    pub(crate) valid: bool,
    /// Every reading a browser may make of `Max-Age` and `Expires` expires
    /// the cookie by `now` (see [`crate::cookie::set_cookie::expiry`]).
    pub(crate) deletion: bool,
    /// The last `Domain` attribute's value, if any.
    pub(crate) domain: Option<&'a [u8]>,
    /// The last `Path` attribute's value, if any.
    pub(crate) path: Option<&'a [u8]>,
    /// Whether a `Secure` attribute is present.
    pub(crate) secure: bool,
}

/// Longest name + value a browser keeps.
pub(crate) const MAX_NAME_VALUE: usize = 4096;

/// The name [`read`] finds in a line, without reading the rest of it.
pub(crate) fn name_of(line: &[u8]) -> &[u8] {
    let pair = line.split(|&b| b == b';').next().unwrap_or_default();
    match pair.iter().position(|&b| b == b'=') {
        Some(i) => trim(&pair[..i]),
        None => &pair[..0],
    }
}

/// The name a server reads a line's cookie back as. A nameless line
/// (`=_ga=GA1`) stores a cookie with the empty name, which the browser
/// sends back as its bare value (`_ga=GA1`): the server reads the value's
/// text before its first `=`, trimmed, as its name. Empty when a nameless
/// line's value holds no `=`.
pub(crate) fn read_back<'a>(name: &'a [u8], value: &'a [u8]) -> &'a [u8] {
    if !name.is_empty() {
        return name;
    }
    match value.iter().position(|&b| b == b'=') {
        Some(i) => trim(&value[..i]),
        None => &value[..0],
    }
}

/// The name a line is judged by: the name it is read back as, except that
/// a nameless line never passes for the consent cookie `consent_name`
/// (empty: judged as nameless, so unknown). A line that names the consent
/// cookie itself is the caller's to recognise first. Inlined: the layer
/// calls it for every line, from another module.
#[inline]
pub(crate) fn judged_name<'a>(head: &Head<'a>, consent_name: &[u8]) -> &'a [u8] {
    let name = read_back(head.name, head.value);
    if head.name.is_empty() && name == consent_name {
        return &name[..0];
    }
    name
}

/// The part of a line that decides most verdicts: its name-value pair,
/// whether a browser would keep the line at all, and the unread attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head<'a> {
    /// As [`SetCookieLine::name`].
    pub(crate) name: &'a [u8],
    /// As [`SetCookieLine::value`].
    pub(crate) value: &'a [u8],
    /// As [`SetCookieLine::valid`].
    pub(crate) valid: bool,
    /// Everything after the first `;`, not yet read.
    pub(crate) attributes: &'a [u8],
}

/// Reads a line's name-value pair and validity, not its attributes.
pub(crate) fn head(line: &[u8]) -> Head<'_> {
    let (pair, attributes) = match memchr::memchr(b';', line) {
        Some(i) => (&line[..i], &line[i + 1..]),
        None => (line, &line[line.len()..]),
    };
    let (name, value) = match memchr::memchr(b'=', pair) {
        Some(i) => (trim(&pair[..i]), trim(&pair[i + 1..])),
        None => (&pair[..0], trim(pair)),
    };
    let valid = !(name.is_empty() && value.is_empty())
        && name.len() + value.len() <= MAX_NAME_VALUE
        && !has_forbidden_control(line);
    Head {
        name,
        value,
        valid,
        attributes,
    }
}

/// Whether the line holds a byte that makes a browser ignore it. Reads
/// every byte without stopping early, so that the loop runs on wide
/// registers, many bytes per instruction.
fn has_forbidden_control(line: &[u8]) -> bool {
    line.iter()
        .fold(false, |found, &b| found | is_forbidden_control(b))
}

/// Control characters other than horizontal tab make a browser ignore the line.
fn is_forbidden_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// Each attribute as a trimmed key and value; values over 1024 bytes are
/// skipped, as browsers ignore them.
pub(crate) fn attribute_pairs(attributes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    attributes.split(|&b| b == b';').filter_map(|attribute| {
        let (key, val) = match attribute.iter().position(|&b| b == b'=') {
            Some(i) => (trim(&attribute[..i]), trim(&attribute[i + 1..])),
            None => (trim(attribute), &attribute[..0]),
        };
        (val.len() <= 1024).then_some((key, val))
    })
}

/// Reads one `Set-Cookie` line; `now` is Unix seconds, for `Expires`.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn read(line: &[u8], now: i64) -> SetCookieLine<'_> {
    let Head {
        name,
        value,
        valid,
        attributes,
    } = head(line);
    let mut expiry = Expiry::default();
    let mut domain = None;
    let mut path = None;
    let mut secure = false;
    for (key, val) in attribute_pairs(attributes) {
        if expiry.note(key, val) {
            continue;
        }
        if key.eq_ignore_ascii_case(b"domain") {
            domain = Some(val);
        } else if key.eq_ignore_ascii_case(b"path") {
            path = Some(val);
        } else if key.eq_ignore_ascii_case(b"secure") {
            secure = true;
        }
    }
    SetCookieLine {
        name,
        value,
        read_back: read_back(name, value),
        valid,
        deletion: expiry.is_deletion(|| now),
        domain,
        path,
        secure,
    }
}

/// Whether `bytes` is usable as a cookie name in a line this library writes.
pub(crate) fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| is_tchar(b))
}

/// RFC 9110 `tchar`: a byte of a cookie name.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_380_000;

    #[test]
    fn names() {
        assert_eq!(read(b"_ga=GA1.2; Path=/", NOW).name, b"_ga");
        assert_eq!(read(b"  sid \t= x", NOW).name, b"sid");
        assert_eq!(read(b"token", NOW).name, b"");
        assert!(read(b"token", NOW).valid);
        assert_eq!(read(b"a=b=c", NOW).name, b"a");
        assert_eq!(read(b"=x", NOW).name, b"");
        for line in [
            "_ga=GA1.2; Path=/",
            "  sid \t= x",
            "token",
            "a=b=c",
            "=x",
            "",
            "a; b=c",
        ] {
            assert_eq!(
                name_of(line.as_bytes()),
                read(line.as_bytes(), NOW).name,
                "{line}"
            );
        }
        assert!(!read(b"=", NOW).valid);
        assert!(!read(b"", NOW).valid);
    }

    #[test]
    fn names_read_back() {
        for (line, name) in [
            ("_ga=1", "_ga"),
            ("=_ga=GA1.1", "_ga"),
            ("= _ga =x; Path=/", "_ga"),
            ("=a=b=c", "a"),
            ("=novalue", ""),
            ("==x", ""),
            ("token", ""),
        ] {
            assert_eq!(
                read(line.as_bytes(), NOW).read_back,
                name.as_bytes(),
                "{line}"
            );
        }
        let judged = |line: &'static str| judged_name(&head(line.as_bytes()), b"consent");
        assert_eq!(judged("=consent=x"), b"");
        assert_eq!(judged("= consent =x"), b"");
        assert_eq!(judged("consent=x"), b"consent");
        assert_eq!(judged("=_ga=1"), b"_ga");
    }

    #[test]
    fn invalid_lines() {
        assert!(!read(b"a=b\x01; Path=/", NOW).valid);
        assert!(!read(b"a=b; Path=/\x7f", NOW).valid);
        assert!(!read(b"a=b\nSet-Cookie: c=d", NOW).valid);
        assert!(read(b"a=b;\tPath=/", NOW).valid);
        let long = format!("a={}", "x".repeat(4096));
        assert!(!read(long.as_bytes(), NOW).valid);
        let edge = format!("a={}", "x".repeat(4095));
        assert!(read(edge.as_bytes(), NOW).valid);
    }

    #[test]
    fn attributes() {
        let line = read(b"a=b; domain=.example.com; PATH=/x; SeCuRe; HttpOnly", NOW);
        assert_eq!(line.domain, Some(&b".example.com"[..]));
        assert_eq!(line.path, Some(&b"/x"[..]));
        assert!(line.secure);
        assert!(!read(b"a=b; Securely", NOW).secure);
    }
}
