//! Removing the stripped `Set-Cookie` lines from a header map, keeping the
//! others byte for byte and in their order.

use http::header::{Entry, SET_COOKIE};
use http::{HeaderMap, HeaderValue};
use smallvec::SmallVec;

/// Rebuilds the `Set-Cookie` lines with only those `keeps` keeps, in their
/// order and byte for byte. Survivors are moved out, not cloned (cloning a
/// value built from a `Vec` allocates), and up to [`INLINE`] are held on
/// the stack. `OccupiedEntry::remove` drops the values in place, where
/// `remove_entry_mult` would collect them into a `Vec`.
pub(super) fn keep_only(
    headers: &mut HeaderMap,
    mut keeps: impl FnMut(usize, &HeaderValue) -> bool,
) {
    let Entry::Occupied(mut entry) = headers.entry(SET_COOKIE) else {
        return;
    };
    let mut kept: SmallVec<[HeaderValue; INLINE]> = SmallVec::new();
    for (index, value) in entry.iter_mut().enumerate() {
        if keeps(index, value) {
            kept.push(std::mem::replace(value, HeaderValue::from_static("")));
        }
    }
    entry.remove();
    for value in kept {
        headers.append(SET_COOKIE, value);
    }
}

/// How many surviving lines are held on the stack before they spill to
/// the heap.
const INLINE: usize = 16;

#[cfg(test)]
mod tests {
    use http::HeaderName;
    use http::header::{CONTENT_TYPE, VARY};

    use super::*;

    /// The plain way: remove the entry, append the survivors (the oracle).
    fn remove_and_append(headers: &mut HeaderMap, keeps: &[bool]) {
        let lines: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
        headers.remove(SET_COOKIE);
        for (line, _) in lines.into_iter().zip(keeps).filter(|(_, k)| **k) {
            headers.append(SET_COOKIE, line);
        }
    }

    fn listing(headers: &HeaderMap) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect()
    }

    #[test]
    fn the_map_ends_as_removing_and_appending_left_it() {
        let others = [CONTENT_TYPE, VARY, HeaderName::from_static("x-a")];
        // Set-Cookie first, in the middle and last, among up to three other
        // names (one of them with two values), with 0 to 20 lines and every
        // pattern of survivors on the small counts.
        for before in 0..=others.len() {
            for after in 0..=others.len() - before {
                for lines in 0..=20usize {
                    let patterns: Vec<u32> = if lines <= 5 {
                        (0..1 << lines).collect()
                    } else {
                        vec![
                            0,
                            u32::MAX,
                            0b1010_1010_1010_1010_1010,
                            0b110,
                            1 << (lines - 1),
                        ]
                    };
                    for pattern in patterns {
                        let keeps: Vec<bool> = (0..lines).map(|i| pattern >> i & 1 == 1).collect();
                        let mut headers = HeaderMap::new();
                        for name in &others[..before] {
                            headers.append(name, HeaderValue::from_static("1"));
                        }
                        if before > 0 {
                            headers.append(&others[0], HeaderValue::from_static("2"));
                        }
                        for i in 0..lines {
                            let line = HeaderValue::from_str(&format!("c{i}=v")).unwrap();
                            headers.append(SET_COOKIE, line);
                        }
                        for name in &others[before..before + after] {
                            headers.append(name, HeaderValue::from_static("3"));
                        }
                        let mut expected = headers.clone();
                        remove_and_append(&mut expected, &keeps);
                        keep_only(&mut headers, |index, _| keeps[index]);
                        assert_eq!(
                            listing(&headers),
                            listing(&expected),
                            "{before} before, {after} after, {lines} lines, {pattern:b}"
                        );
                    }
                }
            }
        }
    }
}
