//! Removing the stripped `Set-Cookie` lines from a header map, keeping the
//! others byte for byte and in their order.

use http::header::{Entry, OccupiedEntry, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

/// Rebuilds the `Set-Cookie` lines with only those `keeps` keeps, in their order
/// and byte for byte. Survivors are moved out, not cloned (cloning a value
/// built from a `Vec` allocates), and up to 16 are held on the stack.
///
/// The map must end as removing the entry and appending the survivors
/// always left it: removing swaps the map's last entry into the removed
/// one's place, and the survivors become the last entry. When `Set-Cookie`
/// already is the last entry, that is the entry rewritten in place, which
/// saves a removal, a second look-up of the name and an insertion; other
/// maps take the removal (`OccupiedEntry::remove` drops the values in
/// place, where `remove_entry_mult` would collect them into a `Vec`).
pub(super) fn keep_only(
    headers: &mut HeaderMap,
    mut keeps: impl FnMut(usize, &HeaderValue) -> bool,
) {
    let last = headers.keys().last() == Some(&SET_COOKIE);
    let Entry::Occupied(mut entry) = headers.entry(SET_COOKIE) else {
        return;
    };
    let mut kept = Survivors::default();
    for (index, value) in entry.iter_mut().enumerate() {
        if keeps(index, value) {
            kept.push(std::mem::replace(value, HeaderValue::from_static("")));
        }
    }
    if last {
        kept.replace_values_of(entry);
    } else {
        entry.remove();
        kept.append_to(headers);
    }
}

/// How many surviving lines are held on the stack before a vector takes
/// the rest.
pub(super) const INLINE: usize = 16;

/// The surviving lines, in order: the first on its own, the others in a
/// list on the stack (until it outgrows it) that is only set up when there
/// is a second. A response stripped down to one line or none, the usual
/// case, pays neither for setting the list up nor for dropping it.
#[derive(Default)]
pub(super) struct Survivors {
    first: Option<HeaderValue>,
    more: Option<MoreSurvivors>,
}

/// The survivors after the first.
#[derive(Default)]
pub(super) struct MoreSurvivors {
    inline: [Option<HeaderValue>; INLINE - 1],
    len: usize,
    spill: Vec<HeaderValue>,
}

impl Survivors {
    fn push(&mut self, value: HeaderValue) {
        if self.first.is_none() {
            self.first = Some(value);
            return;
        }
        let more = self.more.get_or_insert_with(MoreSurvivors::default);
        if more.len < INLINE - 1 {
            more.inline[more.len] = Some(value);
            more.len += 1;
        } else {
            more.spill.push(value);
        }
    }

    /// The survivors after the first, in order, taken where they lie
    /// (moving the whole list would copy every slot).
    fn drain_more(&mut self) -> impl Iterator<Item = HeaderValue> + '_ {
        self.more.iter_mut().flat_map(|more| {
            more.inline[..more.len]
                .iter_mut()
                .filter_map(Option::take)
                .chain(more.spill.drain(..))
        })
    }

    /// Makes the survivors the entry's only values, in order; removes the
    /// entry when there are none.
    fn replace_values_of(&mut self, mut entry: OccupiedEntry<'_, HeaderValue>) {
        let Some(first) = self.first.take() else {
            entry.remove();
            return;
        };
        entry.insert(first);
        for value in self.drain_more() {
            entry.append(value);
        }
    }

    /// Appends the survivors as `Set-Cookie` lines, in order, under one
    /// look-up of the header name.
    fn append_to(&mut self, headers: &mut HeaderMap) {
        let Some(first) = self.first.take() else {
            return;
        };
        let mut entry = match headers.entry(SET_COOKIE) {
            Entry::Vacant(vacant) => vacant.insert_entry(first),
            Entry::Occupied(mut occupied) => {
                occupied.append(first);
                occupied
            }
        };
        for value in self.drain_more() {
            entry.append(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderName;
    use http::header::{CONTENT_TYPE, VARY};

    use super::*;

    /// What the layer always did: remove the entry, append the survivors.
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
