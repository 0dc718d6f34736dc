//! Finding separators in short byte strings, eight bytes at a time.
//!
//! A `Cookie` field is a run of short pairs (`name=value; `): the names and
//! most values are a few bytes to a few dozen long, too short for a
//! vectorised search such as `memchr` to pay for its set-up on each call,
//! and a plain byte loop costs several instructions a byte. Reading a
//! 64-bit word at a time and testing all its bytes at once (the classic
//! "has a zero byte" bit trick) handles them in a handful of instructions
//! per eight bytes; long values (the consent cookie) go on to `memchr`.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` equal to `byte`. Above the first
/// match, bytes can be flagged wrongly (a borrow runs upwards), so only the
/// lowest flag is exact.
fn flags(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

fn word_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default())
}

/// How far a word-at-a-time scan goes before handing over to `memchr`.
const SHORT: usize = 32;

/// The index of the first `a` or `b` in `bytes`.
pub(crate) fn find2(a: u8, b: u8, bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at + 8 <= bytes.len() && at < SHORT {
        let word = word_at(bytes, at);
        let hits = flags(word, a) | flags(word, b);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = &bytes[at..];
    let found = if rest.len() < 8 {
        rest.iter().position(|&c| c == a || c == b)
    } else {
        memchr::memchr2(a, b, rest)
    };
    found.map(|i| at + i)
}

/// The index of the first `byte` in `bytes`.
pub(crate) fn find(byte: u8, bytes: &[u8]) -> Option<usize> {
    find2(byte, byte, bytes)
}

/// Whether `byte` is in `bytes`, for short strings such as cookie names:
/// a word or two whatever the length, the last one overlapping the one
/// before. Any flag means a match (wrong flags only sit above a real one).
#[inline]
pub(crate) fn contains(byte: u8, bytes: &[u8]) -> bool {
    let len = bytes.len();
    if len < 4 {
        return bytes.contains(&byte);
    }
    if len < 8 {
        let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default());
        let word = u64::from(half(0)) | u64::from(half(len - 4)) << 32;
        return flags(word, byte) != 0;
    }
    let mut at = 0;
    while at + 8 < len {
        if flags(word_at(bytes, at), byte) != 0 {
            return true;
        }
        at += 8;
    }
    flags(word_at(bytes, len - 8), byte) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position, every length up to past the hand-over, every byte
    /// value around the needles: the same answers as a plain search.
    #[test]
    fn agrees_with_a_plain_search() {
        for len in 0..80 {
            for fill in [b'a', 0x00, 0x3a, 0x3c, 0x3e, 0xbb, 0xbd, 0xff] {
                let mut bytes = vec![fill; len];
                let plain2 = |b: &[u8]| b.iter().position(|&c| c == b'=' || c == b';');
                let plain = |b: &[u8]| b.iter().position(|&c| c == b';');
                assert_eq!(find2(b'=', b';', &bytes), plain2(&bytes));
                assert_eq!(find(b';', &bytes), plain(&bytes));
                assert_eq!(contains(b'=', &bytes), plain2(&bytes).is_some());
                for at in 0..len {
                    for needle in [b'=', b';'] {
                        bytes[at] = needle;
                        // A second needle later must not be found first.
                        if at + 3 < len {
                            bytes[at + 3] = b';';
                        }
                        assert_eq!(find2(b'=', b';', &bytes), plain2(&bytes), "{len} {at}");
                        assert_eq!(find(b';', &bytes), plain(&bytes), "{len} {at}");
                        assert_eq!(contains(b';', &bytes), plain(&bytes).is_some());
                        bytes.fill(fill);
                    }
                }
            }
        }
    }
}
