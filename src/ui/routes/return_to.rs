//! `return_to`: where the consent endpoint sends the visitor back, which
//! must stay on this site.

use crate::cookie::hex_digit;

/// The longest `return_to` kept; longer falls back to `/`.
const MAX_LEN: usize = 2048;

/// `path` if it is a local path, else `/`.
///
/// A local path starts with exactly one `/` (so `//evil.example` and
/// `/\evil.example`, which browsers read as another host, are refused),
/// contains no `\` anywhere, and only printable ASCII: no control
/// characters, raw or percent-encoded (so no CR/LF header injection, even
/// through a proxy that decodes), no spaces, no raw non-ASCII (pages
/// percent-encode those). A path cannot carry a scheme, since it starts
/// with `/`.
pub(crate) fn local_path_or_root(path: Option<&str>) -> &str {
    match path {
        Some(path) if is_local_path(path) => path,
        Some(refused) => {
            tracing::debug!(
                target: "tower_cookie_consent",
                return_to = %refused.escape_debug(),
                "return_to is not a local path; going back to /"
            );
            "/"
        }
        None => "/",
    }
}

/// Whether `path` is a safe redirect target on this site.
pub(crate) fn is_local_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() <= MAX_LEN
        && bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.iter().all(|&b| b.is_ascii_graphic() && b != b'\\')
        && !bytes.windows(3).any(is_encoded_control)
}

/// `%00` to `%1F` and `%7F`, in either case.
fn is_encoded_control(triple: &[u8]) -> bool {
    match (triple[0], hex_digit(triple[1]), hex_digit(triple[2])) {
        (b'%', Some(hi), Some(lo)) => hi < 2 || (hi == 7 && lo == 15),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_pass() {
        for path in [
            "/",
            "/cookies",
            "/cookies?lang=fr",
            "/a/b#c",
            "/%C3%A9t%C3%A9",
        ] {
            assert_eq!(local_path_or_root(Some(path)), path);
        }
    }

    #[test]
    fn everything_else_goes_to_root() {
        for path in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "/a\\b",
            "javascript:alert(1)",
            "/a\r\nSet-Cookie: x=1",
            "/a%0d%0aSet-Cookie:%20x=1",
            "/a%0D%0A",
            "/a%00",
            "/a%7f",
            "/a\tb",
            "/a b",
            "/été",
            "evil.example/path",
            "\\\\evil",
        ] {
            assert_eq!(local_path_or_root(Some(path)), "/", "{path:?}");
        }
        assert_eq!(
            local_path_or_root(Some(&format!("/{}", "a".repeat(MAX_LEN)))),
            "/"
        );
        assert_eq!(local_path_or_root(None), "/");
    }
}
