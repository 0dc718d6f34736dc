//! Cache safety: a response that depends on consent must not be stored by a
//! shared cache and served to another visitor (RFC 9111).

use http::header::{CACHE_CONTROL, VARY};
use http::{HeaderMap, HeaderValue};

use crate::cookie_header::trim;

/// Makes the response `Cache-Control: private` (keeping other directives
/// such as `no-store` and `max-age`, dropping `public` and `s-maxage`) and
/// appends `Vary: Cookie` unless it is there or `Vary: *` is.
pub(crate) fn make_private(headers: &mut HeaderMap) {
    mark_private(headers);
    vary_on_cookie(headers);
}

fn mark_private(headers: &mut HeaderMap) {
    let directives: Vec<&[u8]> = headers
        .get_all(CACHE_CONTROL)
        .iter()
        .flat_map(|v| split_list(v.as_bytes()))
        .collect();
    let name_of = |d: &[u8]| -> Vec<u8> {
        let end = d.iter().position(|&b| b == b'=').unwrap_or(d.len());
        trim(&d[..end]).to_ascii_lowercase()
    };
    let already = directives
        .iter()
        .any(|d| d.eq_ignore_ascii_case(b"private"));
    let conflicting = directives.iter().any(|d| {
        let name = name_of(d);
        name == b"public" || name == b"s-maxage" || (name == b"private" && d.len() > 7)
    });
    if already && !conflicting {
        return;
    }
    let mut value: Vec<u8> = b"private".to_vec();
    for d in &directives {
        let name = name_of(d);
        if name == b"public" || name == b"s-maxage" || name == b"private" {
            continue;
        }
        value.extend_from_slice(b", ");
        value.extend_from_slice(d);
    }
    let value =
        HeaderValue::from_bytes(&value).unwrap_or_else(|_| HeaderValue::from_static("private"));
    headers.insert(CACHE_CONTROL, value);
}

fn vary_on_cookie(headers: &mut HeaderMap) {
    let mut has_cookie = false;
    for value in headers.get_all(VARY) {
        for token in split_list(value.as_bytes()) {
            if token == b"*" {
                return;
            }
            has_cookie |= token.eq_ignore_ascii_case(b"cookie");
        }
    }
    if !has_cookie {
        headers.append(VARY, HeaderValue::from_static("Cookie"));
    }
}

/// Splits a comma-separated header list, respecting quoted strings, and
/// trims each member; empty members are skipped.
fn split_list(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    let mut parts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
        } else if quoted && b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            quoted = !quoted;
        } else if b == b',' && !quoted {
            parts.push(&bytes[start..i]);
            start = i + 1;
        }
    }
    parts.push(&bytes[start..]);
    parts.into_iter().map(trim).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(cache: Option<&str>, vary: &[&str]) -> (String, Vec<String>) {
        let mut headers = HeaderMap::new();
        if let Some(c) = cache {
            headers.insert(CACHE_CONTROL, HeaderValue::from_str(c).unwrap());
        }
        for v in vary {
            headers.append(VARY, HeaderValue::from_str(v).unwrap());
        }
        make_private(&mut headers);
        let cache = headers[CACHE_CONTROL].to_str().unwrap().to_owned();
        let vary = headers
            .get_all(VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        (cache, vary)
    }

    #[test]
    fn starting_states() {
        assert_eq!(run(None, &[]), ("private".into(), vec!["Cookie".into()]));
        assert_eq!(
            run(Some("public, max-age=60"), &[]),
            ("private, max-age=60".into(), vec!["Cookie".into()])
        );
        assert_eq!(
            run(Some("no-store"), &["Accept-Encoding"]),
            (
                "private, no-store".into(),
                vec!["Accept-Encoding".into(), "Cookie".into()]
            )
        );
        assert_eq!(
            run(Some("private"), &["*"]),
            ("private".into(), vec!["*".into()])
        );
        assert_eq!(
            run(
                Some("max-age=5, S-MAXAGE=60, no-cache=\"Set-Cookie, X\""),
                &["cookie"]
            ),
            (
                "private, max-age=5, no-cache=\"Set-Cookie, X\"".into(),
                vec!["cookie".into()]
            )
        );
        assert_eq!(
            run(Some("private=\"Set-Cookie\""), &[]),
            ("private".into(), vec!["Cookie".into()])
        );
    }
}
