//! Same-origin check for `POST /consent`: a consent choice is only taken
//! from the site's own pages, so another site cannot choose for a visitor.

use std::net::{Ipv4Addr, Ipv6Addr};

use http::header::{HOST, ORIGIN};
use http::{HeaderMap, Uri};

/// `Ok` when nothing in the request says it comes from another site; the
/// error says why it was refused.
///
/// - every `Sec-Fetch-Site` field must be `same-origin` or `none` (typed in
///   the address bar); `same-site` and `cross-site` are refused;
/// - an `Origin` must be one of the trusted origins, or name the host (and
///   port) the request was sent to (`Host`, or the URI's authority in
///   HTTP/2). `Origin: null` (sandboxed frames, some redirects) is refused.
///
/// A request with neither header (curl, scripts) passes: browsers send
/// `Origin` on every cross-site POST, so a forged form always carries one.
pub(crate) fn check(headers: &HeaderMap, uri: &Uri, trusted: &[String]) -> Result<(), String> {
    for site in headers.get_all("sec-fetch-site") {
        let site = site.as_bytes().trim_ascii();
        if !site.eq_ignore_ascii_case(b"same-origin") && !site.eq_ignore_ascii_case(b"none") {
            return Err(format!(
                "Sec-Fetch-Site: {} (only same-origin requests may change consent)",
                String::from_utf8_lossy(site)
            ));
        }
    }
    let mut origins = headers.get_all(ORIGIN).iter();
    let Some(origin) = origins.next() else {
        return Ok(());
    };
    if origins.next().is_some() {
        return Err("more than one Origin header".to_owned());
    }
    let origin = origin.as_bytes().trim_ascii();
    let shown = String::from_utf8_lossy(origin);
    if trusted
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(origin))
    {
        return Ok(());
    }
    let Some((scheme, origin_host)) = split_origin(origin) else {
        return Err(format!("Origin {shown} is not this site"));
    };
    let own_host = headers
        .get(HOST)
        .map(|h| h.as_bytes())
        .or_else(|| uri.authority().map(|a| a.as_str().as_bytes()));
    match own_host {
        Some(own) if same_host(scheme, origin_host, own.trim_ascii()) => Ok(()),
        _ => Err(format!("Origin {shown} is not this site")),
    }
}

/// The host (and port) of an `Origin: http://…` that is not loopback.
/// Browsers drop a `Secure` cookie set over plain http, except on
/// `localhost` (and its subdomains), 127.0.0.0/8 and `[::1]`, which they
/// count as secure.
pub(crate) fn plain_http_host(headers: &HeaderMap) -> Option<&[u8]> {
    let origin = headers.get(ORIGIN)?.as_bytes().trim_ascii();
    let (scheme, host) = split_origin(origin)?;
    if !scheme.eq_ignore_ascii_case(b"http") || is_loopback(split_port(host).0) {
        return None;
    }
    Some(host)
}

fn is_loopback(name: &[u8]) -> bool {
    let Ok(name) = std::str::from_utf8(name) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return true;
    }
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback()),
        None => name.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback()),
    }
}

/// `https://example.com:8443` → (`https`, `example.com:8443`).
fn split_origin(origin: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = origin.windows(3).position(|w| w == b"://")?;
    let (scheme, rest) = (&origin[..at], &origin[at + 3..]);
    if rest.is_empty() || rest.iter().any(|&b| matches!(b, b'/' | b'@' | b'?' | b'#')) {
        return None;
    }
    Some((scheme, rest))
}

/// Host and port equal, case-insensitively, a missing port meaning the
/// scheme's default.
fn same_host(scheme: &[u8], origin: &[u8], own: &[u8]) -> bool {
    let default_port: &[u8] = if scheme.eq_ignore_ascii_case(b"https") {
        b"443"
    } else if scheme.eq_ignore_ascii_case(b"http") {
        b"80"
    } else {
        return false;
    };
    let (origin_name, origin_port) = split_port(origin);
    let (own_name, own_port) = split_port(own);
    origin_name.eq_ignore_ascii_case(own_name)
        && origin_port.unwrap_or(default_port) == own_port.unwrap_or(default_port)
}

/// `example.com:80` → (`example.com`, `80`); `[::1]:3000` → (`[::1]`, `3000`).
fn split_port(host: &[u8]) -> (&[u8], Option<&[u8]>) {
    let colon = host.iter().rposition(|&b| b == b':');
    let bracket = host.iter().rposition(|&b| b == b']');
    match colon {
        Some(i) if bracket.is_none_or(|b| b < i) => (&host[..i], Some(&host[i + 1..])),
        _ => (host, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(pairs: &[(&str, &str)], trusted: &[&str]) -> Result<(), String> {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        let trusted: Vec<String> = trusted.iter().map(|t| t.to_string()).collect();
        check(&headers, &Uri::from_static("/consent"), &trusted)
    }

    #[test]
    fn same_origin_passes() {
        assert!(verdict(&[], &[]).is_ok());
        assert!(
            verdict(
                &[("host", "example.com"), ("origin", "https://example.com")],
                &[]
            )
            .is_ok()
        );
        assert!(
            verdict(
                &[
                    ("host", "Example.com:443"),
                    ("origin", "https://example.com")
                ],
                &[]
            )
            .is_ok()
        );
        assert!(
            verdict(
                &[
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://127.0.0.1:3000")
                ],
                &[]
            )
            .is_ok()
        );
        assert!(
            verdict(
                &[("host", "[::1]:3000"), ("origin", "http://[::1]:3000")],
                &[]
            )
            .is_ok()
        );
        assert!(verdict(&[("sec-fetch-site", "same-origin")], &[]).is_ok());
        assert!(verdict(&[("sec-fetch-site", "none")], &[]).is_ok());
        assert!(
            verdict(
                &[
                    ("host", "app.internal:8080"),
                    ("origin", "https://www.example.com")
                ],
                &["https://www.example.com"]
            )
            .is_ok()
        );
    }

    #[test]
    fn plain_http_hosts_other_than_loopback() {
        let host = |origin: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ORIGIN, origin.parse().unwrap());
            plain_http_host(&headers).map(|h| String::from_utf8_lossy(h).into_owned())
        };
        assert_eq!(
            host("http://shop.test:8080").as_deref(),
            Some("shop.test:8080")
        );
        assert_eq!(host("HTTP://192.168.1.20").as_deref(), Some("192.168.1.20"));
        assert_eq!(host("http://[fe80::1]:80").as_deref(), Some("[fe80::1]:80"));
        for exempt in [
            "https://shop.test",
            "http://localhost:3000",
            "http://LOCALHOST",
            "http://app.localhost",
            "http://127.0.0.1:3000",
            "http://127.8.9.10",
            "http://[::1]:3000",
            "null",
        ] {
            assert_eq!(host(exempt), None, "{exempt}");
        }
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(verdict(&[("sec-fetch-site", "cross-site")], &[]).is_err());
        assert!(verdict(&[("sec-fetch-site", "same-site")], &[]).is_err());
        assert!(
            verdict(
                &[("host", "example.com"), ("origin", "https://evil.example")],
                &[]
            )
            .is_err()
        );
        assert!(verdict(&[("host", "example.com"), ("origin", "null")], &[]).is_err());
        assert!(verdict(&[("origin", "https://example.com")], &[]).is_err());
        assert!(
            verdict(
                &[
                    ("host", "example.com:3000"),
                    ("origin", "http://example.com")
                ],
                &[]
            )
            .is_err()
        );
        assert!(
            verdict(
                &[
                    ("host", "example.com"),
                    ("origin", "https://example.com.evil")
                ],
                &[]
            )
            .is_err()
        );
        assert!(
            verdict(
                &[
                    ("host", "example.com"),
                    ("origin", "https://example.com"),
                    ("origin", "https://example.com")
                ],
                &[]
            )
            .is_err()
        );
        assert!(
            verdict(
                &[
                    ("host", "example.com"),
                    ("origin", "https://example.com"),
                    ("sec-fetch-site", "cross-site")
                ],
                &[]
            )
            .is_err()
        );
        assert!(
            verdict(
                &[("host", "example.com"), ("origin", "ftp://example.com")],
                &[]
            )
            .is_err()
        );
    }
}
