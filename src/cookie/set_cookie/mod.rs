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
    let scan = PairScan::of(line);
    let (pair, attributes) = match scan.semicolon {
        Some(i) => (&line[..i], &line[i + 1..]),
        None => (line, &line[line.len()..]),
    };
    let (name, value) = match scan.equals {
        Some(i) => (trim(&pair[..i]), trim(&pair[i + 1..])),
        None => (&pair[..0], trim(pair)),
    };
    let control = scan.control || has_forbidden_control(attributes);
    let valid = !(name.is_empty() && value.is_empty())
        && name.len() + value.len() <= MAX_NAME_VALUE
        && !control;
    Head {
        name,
        value,
        valid,
        attributes,
    }
}

/// One pass over a line's name-value pair: where it ends, where its name
/// ends, and whether it holds a byte that makes a browser ignore the line.
/// The pair is short (a few dozen bytes): it is read eight bytes at a
/// time, each word tested for `;`, `=` and control bytes at once; the
/// attributes, often longer, are left to [`has_forbidden_control`].
#[derive(Debug, PartialEq, Eq)]
struct PairScan {
    /// The first `;`.
    semicolon: Option<usize>,
    /// The first `=` before the first `;`.
    equals: Option<usize>,
    /// A forbidden control byte before the first `;` (or among the bytes
    /// read with it, which are all in the line).
    control: bool,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `word` equal to `byte`. Above a match a
/// byte can be flagged wrongly (a borrow runs upwards), so only the lowest
/// flag is exact.
fn flags(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `word` below 0x20 or equal to 0x7f, exactly
/// (no carry crosses a byte): the control bytes, tab included.
fn control_or_tab(word: u64) -> u64 {
    let low = word & LOWS;
    let below_space = !(low.wrapping_add(ONES * 0x60) | word) & HIGHS;
    let delete = low.wrapping_add(ONES) & !word & HIGHS;
    below_space | delete
}

/// The index in `word` of the byte its lowest flag marks.
fn byte_index(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

impl PairScan {
    fn of(line: &[u8]) -> Self {
        if line.len() < 8 {
            return Self::bytewise(line);
        }
        let mut equals = None;
        let mut controls = 0;
        let mut at = 0;
        loop {
            // The last word ends with the line, so it may overlap the one
            // before: the bytes read twice hold no `;` (the scan would have
            // stopped) and no `=` that counts (one was found, or none is
            // there), so its lowest flags are still exact.
            let start = at.min(line.len() - 8);
            let word = u64::from_le_bytes(line[start..start + 8].try_into().unwrap_or_default());
            controls |= control_or_tab(word);
            let semicolon = flags(word, b';');
            if equals.is_none() {
                let equal = flags(word, b'=');
                if equal != 0
                    && (semicolon == 0 || equal.trailing_zeros() < semicolon.trailing_zeros())
                {
                    equals = Some(start + byte_index(equal));
                }
            }
            let end = start + 8;
            if semicolon != 0 || end == line.len() {
                return PairScan {
                    semicolon: (semicolon != 0).then(|| start + byte_index(semicolon)),
                    equals,
                    // A tab is allowed; it is rare enough to look again.
                    control: controls != 0 && has_forbidden_control(&line[..end]),
                };
            }
            at = end;
        }
    }

    /// A line shorter than a word, byte by byte.
    fn bytewise(line: &[u8]) -> Self {
        let semicolon = line.iter().position(|&b| b == b';');
        let pair = &line[..semicolon.unwrap_or(line.len())];
        PairScan {
            semicolon,
            equals: pair.iter().position(|&b| b == b'='),
            control: has_forbidden_control(pair),
        }
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

    /// The reading of a line's head as it was first written: two searches
    /// and a pass over every byte.
    fn head_by_searches(line: &[u8]) -> Head<'_> {
        let (pair, attributes) = match line.iter().position(|&b| b == b';') {
            Some(i) => (&line[..i], &line[i + 1..]),
            None => (line, &line[line.len()..]),
        };
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (trim(&pair[..i]), trim(&pair[i + 1..])),
            None => (&pair[..0], trim(pair)),
        };
        let valid = !(name.is_empty() && value.is_empty())
            && name.len() + value.len() <= MAX_NAME_VALUE
            && !line.iter().any(|&b| is_forbidden_control(b));
        Head {
            name,
            value,
            valid,
            attributes,
        }
    }

    #[test]
    fn control_bytes_word_by_word() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let flagged = control_or_tab(u64::from_le_bytes(word)) != 0;
                assert_eq!(flagged, b < 0x20 || b == 0x7f, "{b:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn head_reads_as_the_searches_did(
            line in proptest::collection::vec(
                proptest::sample::select(&b"ab =;;\t\x01\x1f\x7f\x80\xff, \"="[..]), 0..40)
        ) {
            proptest::prop_assert_eq!(head(&line), head_by_searches(&line));
        }

        #[test]
        fn head_reads_any_bytes_as_the_searches_did(
            line in proptest::collection::vec(proptest::num::u8::ANY, 0..80)
        ) {
            proptest::prop_assert_eq!(head(&line), head_by_searches(&line));
        }
    }
}
