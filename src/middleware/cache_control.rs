//! Cache safety: a response that depends on consent must not be stored by a
//! shared cache and served to another visitor (RFC 9111).

use bytes::Bytes;
use http::header::{CACHE_CONTROL, Entry, OccupiedEntry, VARY};
use http::{HeaderMap, HeaderValue};

use crate::cookie::cookie_header::trim;

/// Makes the response `Cache-Control: private` (keeping other directives
/// such as `no-store` and `max-age`, dropping `public` and `s-maxage`) and
/// appends `Vary: Cookie`, and `Sec-GPC` when `gpc` (the signal changed
/// what the visitor allows), unless they are there or `Vary: *` is.
///
/// Each header is read and written through one entry: one look-up of its
/// name rather than a read and then a write. (An entry first makes room
/// for one more name, which allocates only when the map is full.)
pub(crate) fn make_private(headers: &mut HeaderMap, gpc: bool) {
    mark_private(headers);
    vary(headers, gpc);
}

fn mark_private(headers: &mut HeaderMap) {
    let mut entry = match headers.entry(CACHE_CONTROL) {
        Entry::Vacant(vacant) => {
            vacant.insert(HeaderValue::from_static("private"));
            return;
        }
        Entry::Occupied(occupied) => occupied,
    };
    let mut already = false;
    let mut conflicting = false;
    // Bytes of the directives that stay, each with its ", ".
    let mut kept_len = 0;
    for directive in directives(&entry) {
        match Directive::of(directive) {
            Directive::Private => already = true,
            Directive::Dropped => conflicting = true,
            Directive::Kept => kept_len += 2 + directive.len(),
        }
    }
    if already && !conflicting {
        return;
    }
    let value = if kept_len == 0 {
        HeaderValue::from_static("private")
    } else {
        let mut value = Vec::with_capacity("private".len() + kept_len);
        value.extend_from_slice(b"private");
        for directive in directives(&entry) {
            if Directive::of(directive) == Directive::Kept {
                value.extend_from_slice(b", ");
                value.extend_from_slice(directive);
            }
        }
        // The vector becomes the header's bytes without a copy: one allocation.
        HeaderValue::from_maybe_shared(Bytes::from(value))
            .unwrap_or_else(|_| HeaderValue::from_static("private"))
    };
    entry.insert(value);
}

/// Every `Cache-Control` directive of the response, trimmed.
fn directives<'a>(entry: &'a OccupiedEntry<'_, HeaderValue>) -> impl Iterator<Item = &'a [u8]> {
    entry.iter().flat_map(|v| split_list(v.as_bytes()))
}

/// What `mark_private` does with one directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    /// Plain `private`: already what we want.
    Private,
    /// `public`, `s-maxage` and `private="…"`: replaced by plain `private`.
    Dropped,
    /// Anything else (`no-store`, `max-age`, …): kept.
    Kept,
}

impl Directive {
    fn of(directive: &[u8]) -> Self {
        let end = directive
            .iter()
            .position(|&b| b == b'=')
            .unwrap_or(directive.len());
        let name = trim(&directive[..end]);
        if name.eq_ignore_ascii_case(b"public") || name.eq_ignore_ascii_case(b"s-maxage") {
            Directive::Dropped
        } else if name.eq_ignore_ascii_case(b"private") {
            if directive.len() > name.len() {
                Directive::Dropped
            } else {
                Directive::Private
            }
        } else {
            Directive::Kept
        }
    }
}

fn vary(headers: &mut HeaderMap, gpc: bool) {
    let mut entry = match headers.entry(VARY) {
        Entry::Vacant(vacant) => {
            vacant.insert(HeaderValue::from_static(if gpc {
                "Cookie, Sec-GPC"
            } else {
                "Cookie"
            }));
            return;
        }
        Entry::Occupied(occupied) => occupied,
    };
    let mut has_cookie = false;
    // Not wanted counts as there.
    let mut has_gpc = !gpc;
    for value in entry.iter() {
        for token in split_list(value.as_bytes()) {
            if token == b"*" {
                return;
            }
            has_cookie |= token.eq_ignore_ascii_case(b"cookie");
            has_gpc |= token.eq_ignore_ascii_case(b"sec-gpc");
        }
    }
    let missing = match (has_cookie, has_gpc) {
        (true, true) => return,
        (false, true) => "Cookie",
        (true, false) => "Sec-GPC",
        (false, false) => "Cookie, Sec-GPC",
    };
    entry.append(HeaderValue::from_static(missing));
}

/// Splits a comma-separated header list, respecting quoted strings, and
/// trims each member; empty members are skipped. Allocates nothing.
fn split_list(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        loop {
            let bytes = rest?;
            let end = member_end(bytes);
            rest = bytes.get(end + 1..);
            let member = trim(&bytes[..end]);
            if !member.is_empty() {
                return Some(member);
            }
        }
    })
}

/// Index of the first comma outside a quoted string, or the length.
fn member_end(bytes: &[u8]) -> usize {
    let mut quoted = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
        } else if quoted && b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            quoted = !quoted;
        } else if b == b',' && !quoted {
            return i;
        }
    }
    bytes.len()
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
        make_private(&mut headers, false);
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

    #[test]
    fn headers_keep_their_places_and_new_ones_come_last() {
        let listing = |headers: &HeaderMap| -> Vec<String> {
            headers
                .iter()
                .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap()))
                .collect()
        };
        let mut headers = HeaderMap::new();
        headers.insert(VARY, HeaderValue::from_static("Accept"));
        headers.insert("x-a", HeaderValue::from_static("1"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("public"));
        headers.append(CACHE_CONTROL, HeaderValue::from_static("max-age=5"));
        headers.insert("x-b", HeaderValue::from_static("2"));
        make_private(&mut headers, false);
        assert_eq!(
            listing(&headers),
            [
                "vary: Accept",
                "vary: Cookie",
                "x-a: 1",
                "cache-control: private, max-age=5",
                "x-b: 2"
            ]
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-a", HeaderValue::from_static("1"));
        make_private(&mut headers, false);
        assert_eq!(
            listing(&headers),
            ["x-a: 1", "cache-control: private", "vary: Cookie"]
        );
    }

    #[test]
    fn sec_gpc_joins_cookie_once() {
        let vary = |start: &[&'static str]| {
            let mut headers = HeaderMap::new();
            for v in start {
                headers.append(VARY, HeaderValue::from_static(v));
            }
            make_private(&mut headers, true);
            headers
                .get_all(VARY)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(vary(&[]), ["Cookie, Sec-GPC"]);
        assert_eq!(vary(&["Accept"]), ["Accept", "Cookie, Sec-GPC"]);
        assert_eq!(vary(&["cookie"]), ["cookie", "Sec-GPC"]);
        assert_eq!(vary(&["sec-gpc"]), ["sec-gpc", "Cookie"]);
        assert_eq!(vary(&["Cookie", "Sec-GPC"]), ["Cookie", "Sec-GPC"]);
        assert_eq!(vary(&["Accept, *"]), ["Accept, *"]);
    }
}
