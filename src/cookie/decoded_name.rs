//! A cookie name as an application that decodes names reads it.
//!
//! tower-cookies and axum-extra's `CookieJar` read request cookies with the
//! `cookie` crate's `Cookie::parse_encoded`, which trims the name of
//! Unicode white space (the layer, like browsers, trims spaces and tabs
//! only) and percent-decodes it: `Cookie: %5Ffbp=x` reaches their handlers
//! as `_fbp`, and a `Set-Cookie: %5Ffbp=1` line comes back on the next
//! request under that name. Raw readers see `%5Ffbp`. The layer protects
//! both: a name passes only when both readings may.
//!
//! The decoding is that crate's: every `%` followed by two hex digits is
//! decoded, any other `%` stays as it is (`%zz`, a lone `%`); a name that
//! is not UTF-8, or does not decode to UTF-8, or trims to nothing, makes
//! those readers drop the cookie, so it has no decoded reading.

use smallvec::SmallVec;

/// Decoded names up to this length are decoded on the stack.
const INLINE: usize = 128;

/// Whether `name` may read differently decoded: it holds a `%`, or
/// starts or ends with a byte of a multi-byte character, which may be
/// Unicode white space (the ASCII kinds are trimmed already or cannot be
/// in a header). The test every name that no rule names literally pays.
#[inline]
pub(crate) fn may_differ(name: &[u8]) -> bool {
    let multi_byte = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80);
    multi_byte(name.first()) || multi_byte(name.last()) || name.contains(&b'%')
}

/// Calls `judge` with the decoded reading of `name` and returns its answer,
/// or `None` when the name has no reading of its own: nothing to trim or
/// decode, or no cookie at all for those readers.
#[inline]
pub(crate) fn with_decoded<R>(name: &[u8], judge: impl FnOnce(&[u8]) -> R) -> Option<R> {
    if !may_differ(name) {
        return None;
    }
    decode(name, judge)
}

/// [`with_decoded`] for a name that may differ: rare, so kept out of line.
#[cold]
#[inline(never)]
fn decode<R>(name: &[u8], judge: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let trimmed = std::str::from_utf8(name).ok()?.trim().as_bytes();
    if trimmed.is_empty() {
        return None;
    }
    // Decoded on the stack unless the name is long.
    let decoded: SmallVec<[u8; INLINE]> = percent_encoding::percent_decode(trimmed).collect();
    if *decoded == *name || std::str::from_utf8(&decoded).is_err() {
        return None;
    }
    Some(judge(&decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(name: &[u8]) -> Option<String> {
        with_decoded(name, |d| String::from_utf8(d.to_vec()).unwrap())
    }

    fn read(name: &str) -> Option<String> {
        reading(name.as_bytes())
    }

    #[test]
    fn decodes_as_the_cookie_crate_does() {
        assert_eq!(read("%5Ffbp").as_deref(), Some("_fbp"));
        assert_eq!(read("%5ffbp").as_deref(), Some("_fbp"));
        assert_eq!(read("_f%62p").as_deref(), Some("_fbp"));
        assert_eq!(read("%5Ffbp%zz").as_deref(), Some("_fbp%zz"));
        assert_eq!(read("%20_fbp").as_deref(), Some(" _fbp"));
        assert_eq!(read("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(read("%25").as_deref(), Some("%"));
        // Nothing decodes: the raw name is the only reading.
        for raw in ["_fbp", "%", "%zz", "%5", "a%", "%%", "%g0", "", "café"] {
            assert_eq!(read(raw), None, "{raw:?}");
        }
        // Not UTF-8 once decoded: the cookie crate drops the cookie.
        for raw in ["%ff", "%5F%ff", "%C3", "%80abc"] {
            assert_eq!(read(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn unicode_white_space_is_trimmed_first() {
        assert_eq!(read("\u{a0}_fbp").as_deref(), Some("_fbp"));
        assert_eq!(read("_fbp\u{3000}").as_deref(), Some("_fbp"));
        assert_eq!(read("\u{2003}%5Ffbp\u{85}").as_deref(), Some("_fbp"));
        // Trimmed before decoding: an encoded space stays.
        assert_eq!(read("\u{a0}%20x").as_deref(), Some(" x"));
        // Nothing left: no cookie for those readers.
        assert_eq!(read("\u{a0}\u{3000}"), None);
        // Not UTF-8: those readers drop the whole field.
        assert_eq!(reading(b"\xa0_fbp"), None);
        assert_eq!(reading(b"_fbp\xc2"), None);
    }

    #[test]
    fn long_names_decode_too() {
        let long = format!("{}%5F", "a".repeat(500));
        assert_eq!(read(&long), Some(format!("{}_", "a".repeat(500))));
        let edge = format!("{}%5F", "a".repeat(INLINE - 3));
        assert_eq!(read(&edge).map(|r| r.len()), Some(INLINE - 2));
    }

    #[test]
    fn agrees_with_percent_encoding_on_every_short_escape() {
        for first in 0..=255u8 {
            for second in [b'0', b'f', b'F', b'g', b'%', 0xff] {
                let name = [b'x', b'%', first, second];
                let expected: Vec<u8> = percent_encoding::percent_decode(&name).collect();
                let got = with_decoded(&name, <[u8]>::to_vec);
                let utf8 = std::str::from_utf8(&name).is_ok();
                let decodes =
                    utf8 && expected.len() < name.len() && std::str::from_utf8(&expected).is_ok();
                assert_eq!(got, decodes.then_some(expected), "{name:?}");
            }
        }
    }

    #[test]
    fn only_names_with_a_percent_or_a_multi_byte_end_may_differ() {
        for name in ["_fbp", "sessionid", "a_b-c.d", "", "tz", "café_x"] {
            assert!(!may_differ(name.as_bytes()), "{name:?}");
        }
        for name in ["%", "a%b", "sessionid%", "\u{a0}x", "xé", "verylongname%41"] {
            assert!(may_differ(name.as_bytes()), "{name:?}");
        }
    }
}
