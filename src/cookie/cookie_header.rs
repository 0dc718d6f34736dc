//! Reading the request's `Cookie` header fields as name-value pairs,
//! straight from the bytes (no cookie-jar parse, no allocation).

use http::HeaderMap;

use http::header::COOKIE;

/// One cookie of a `Cookie` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CookiePair<'a> {
    /// Text before the first `=`, trimmed; empty when there is no `=`.
    pub(crate) name: &'a [u8],
    /// Text after the first `=`, trimmed.
    pub(crate) value: &'a [u8],
    /// The whole pair as sent, trimmed.
    pub(crate) raw: &'a [u8],
}

/// The pairs of one `Cookie` field, in order. Pairs are split on `;` and
/// trimmed of spaces and tabs. Empty pairs are skipped.
pub(crate) fn pairs(field: &[u8]) -> impl Iterator<Item = CookiePair<'_>> {
    let mut rest = field;
    std::iter::from_fn(move || {
        let (pair, after) = next_pair(rest)?;
        rest = after;
        Some(pair)
    })
}

/// Every pair of every `Cookie` field of `headers`, in order.
pub(crate) fn all_pairs(headers: &HeaderMap) -> impl Iterator<Item = CookiePair<'_>> {
    headers
        .get_all(COOKIE)
        .into_iter()
        .flat_map(|field| pairs(field.as_bytes()))
}

/// The first non-empty pair of `rest`, and the bytes after it. Pairs are
/// split on `;`, a name ends at the first `=`, and name, value and pair are
/// trimmed of spaces and tabs.
#[inline(always)]
fn next_pair(mut rest: &[u8]) -> Option<(CookiePair<'_>, &[u8])> {
    loop {
        // Pairs are usually separated by "; ": skip the blank here so that
        // trimming the pair finds nothing to do.
        while let [b' ' | b'\t', tail @ ..] = rest {
            rest = tail;
        }
        if rest.is_empty() {
            return None;
        }
        // The first `=` or `;`: a pair's name ends at the one, the pair at
        // the other. One search finds either.
        let (pair, name_end) = match memchr::memchr2(b'=', b';', rest) {
            Some(i) if rest[i] == b'=' => {
                let end = memchr::memchr(b';', &rest[i + 1..]).map_or(rest.len(), |j| i + 1 + j);
                (&rest[..end], Some(i))
            }
            Some(i) => (&rest[..i], None),
            None => (rest, None),
        };
        let after = rest.get(pair.len() + 1..).unwrap_or_default();
        let raw = trim(pair);
        if raw.is_empty() {
            rest = after;
            continue;
        }
        let (name, value) = match name_end {
            Some(i) => (trim(&pair[..i]), trim(&pair[i + 1..])),
            None => (&raw[..0], raw),
        };
        return Some((CookiePair { name, value, raw }, after));
    }
}

/// Trims spaces and horizontal tabs at both ends: RFC 6265bis's `WSP`.
/// Not `trim_ascii`, which also trims line feeds, carriage returns and
/// form feeds: RFC 6265bis keeps those, and a `Set-Cookie` line holding
/// one is ignored whole rather than read with it trimmed away.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    // Most names and values have nothing to trim: two comparisons say so.
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if !blank(first) && !blank(last) => return bytes,
        (None, _) | (_, None) => return bytes,
        _ => {}
    }
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn several_fields() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; b = 2 ;;"));
        headers.append(COOKIE, HeaderValue::from_static("c=x=y; lone"));
        let got: Vec<_> = all_pairs(&headers).map(|p| (p.name, p.value)).collect();
        assert_eq!(
            got,
            vec![
                (&b"a"[..], &b"1"[..]),
                (b"b", b"2"),
                (b"c", b"x=y"),
                (b"", b"lone")
            ]
        );
    }

    #[test]
    fn blanks_and_empty_pairs() {
        let mut headers = HeaderMap::new();
        for field in [
            "a=1; b = 2 ;;",
            "c=x=y; lone",
            "",
            ";",
            " ; =v; n=; \t k \t=\t v \t;",
            "x=\"q;r\"; last",
        ] {
            headers.append(COOKIE, HeaderValue::from_str(field).unwrap());
        }
        assert_eq!(all_pairs(&headers).count(), 10);
    }
}
