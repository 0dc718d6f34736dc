//! Counters and the list of unknown cookie names, readable while the server
//! runs: how an operator finds cookies missing from the registry.

use std::hash::BuildHasher;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::Category;
use crate::policy::matcher::BuildNameHasher;
use crate::policy::{CategoryIndex, Policy};

/// The longest unknown name remembered; longer names are cut.
const MAX_REMEMBERED_NAME: usize = 128;

/// Slots an unknown name is looked for in. Requests bring names the
/// visitor chooses, so a full or crowded set must not cost a scan of every
/// slot per name; past this many, the name is not remembered.
const MAX_PROBES: usize = 16;

/// Live counters shared by every clone of one layer. Updated with relaxed
/// atomics: no lock on the request path.
#[derive(Debug)]
pub(crate) struct Counters {
    requests: AtomicU64,
    lines_seen: AtomicU64,
    /// One per category of the policy, then one for unknown names.
    stripped: Box<[AtomicU64]>,
    deletions: AtomicU64,
    misordered: AtomicU64,
    unknown: UnknownNames,
}

impl Counters {
    pub(crate) fn new(categories: usize, unknown_limit: usize) -> Self {
        Counters {
            requests: AtomicU64::new(0),
            lines_seen: AtomicU64::new(0),
            stripped: (0..=categories).map(|_| AtomicU64::new(0)).collect(),
            deletions: AtomicU64::new(0),
            misordered: AtomicU64::new(0),
            unknown: UnknownNames::new(unknown_limit),
        }
    }

    /// Counts a request; returns its number among the layer's requests.
    pub(crate) fn request(&self) -> u64 {
        self.requests.fetch_add(1, Relaxed)
    }

    pub(crate) fn lines(&self, n: u64) {
        if n > 0 {
            self.lines_seen.fetch_add(n, Relaxed);
        }
    }

    /// A stripped line, by category; `None` for an unknown name.
    pub(crate) fn stripped(&self, category: Option<CategoryIndex>) {
        let slot = category.map_or(self.stripped.len() - 1, usize::from);
        self.stripped[slot].fetch_add(1, Relaxed);
    }

    pub(crate) fn deletions(&self, n: u64) {
        self.deletions.fetch_add(n, Relaxed);
    }

    /// Counts a request that came through a cookie-writing layer placed
    /// outside; true for the first one.
    #[cfg(feature = "tower-cookies")]
    pub(crate) fn misordered(&self) -> bool {
        self.misordered.fetch_add(1, Relaxed) == 0
    }

    /// Remembers an unknown name; true the first time it is seen.
    pub(crate) fn unknown_name(&self, name: &[u8]) -> bool {
        self.unknown.note(name)
    }

    pub(crate) fn snapshot(&self, policy: &Policy, report_only: bool) -> ConsentReport {
        let last = self.stripped.len() - 1;
        ConsentReport {
            requests: self.requests.load(Relaxed),
            set_cookie_lines: self.lines_seen.load(Relaxed),
            stripped: policy
                .categories()
                .zip(self.stripped.iter())
                .map(|(c, n)| (c.clone(), n.load(Relaxed)))
                .collect(),
            stripped_unknown: self.stripped[last].load(Relaxed),
            deletions: self.deletions.load(Relaxed),
            unknown_names: self.unknown.names(),
            misordered_requests: self.misordered.load(Relaxed),
            report_only,
            choice_cache_hits: 0,
            choice_cache_misses: 0,
            bad_signatures: 0,
        }
    }
}

/// What one [`ConsentLayer`](crate::ConsentLayer) has done so far, from
/// [`ConsentLayer::report`](crate::ConsentLayer::report).
///
/// In report-only mode, "stripped" and "deletions" count what would have
/// been done.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentReport {
    /// Requests seen.
    pub requests: u64,
    /// `Set-Cookie` lines seen in responses.
    pub set_cookie_lines: u64,
    /// Lines stripped, per category (every category of the policy, in order).
    pub stripped: Vec<(Category, u64)>,
    /// Lines stripped because no rule names them (or they are malformed).
    pub stripped_unknown: u64,
    /// Deletion lines added for withdrawn cookies.
    pub deletions: u64,
    /// Unknown cookie names seen so far, at most the configured number:
    /// cookies missing from the registry. Names come from `Set-Cookie`
    /// lines and from requests' `Cookie` headers (read when request
    /// scrubbing or withdrawal is on), and each is logged once at `warn`.
    pub unknown_names: Vec<String>,
    /// Requests that reached this layer already carrying tower-cookies'
    /// `Cookies`: `CookieManagerLayer` (or tower-sessions'
    /// `SessionManagerLayer`, which contains it) sits outside
    /// `ConsentLayer`, so the cookies it writes leave unfiltered. The first
    /// one is logged at `error`. Counted with feature `tower-cookies`
    /// only; always 0 without it.
    pub misordered_requests: u64,
    /// Whether the layer only reports.
    pub report_only: bool,
    /// Consent cookies answered from the layer's cache of decoded choices
    /// (see
    /// [`ConsentLayerBuilder::with_choice_cache`](crate::ConsentLayerBuilder::with_choice_cache)).
    pub choice_cache_hits: u64,
    /// Consent cookies the cache was asked for and did not hold (first
    /// sight, evicted, or invalid: invalid ones are never kept). Values over
    /// 512 bytes, and every value when the cache is off, are decoded
    /// without being counted.
    pub choice_cache_misses: u64,
    /// Consent cookies refused because their signature did not verify
    /// (see `ConsentLayerBuilder::with_signing_key`, feature `signed`):
    /// unsigned, altered, or signed with a key the layer does not hold, in
    /// requests and in responses that set one. Each counts as no decision.
    /// Always 0 without a key.
    pub bad_signatures: u64,
}

impl ConsentReport {
    /// Lines stripped in one category.
    pub fn stripped_in(&self, category: &Category) -> u64 {
        self.stripped
            .iter()
            .find(|(c, _)| c == category)
            .map_or(0, |(_, n)| *n)
    }
}

/// A bounded, lock-free set of names: open addressing over write-once slots.
#[derive(Debug)]
struct UnknownNames {
    slots: Box<[OnceLock<Box<[u8]>>]>,
    hasher: BuildNameHasher,
}

impl UnknownNames {
    fn new(limit: usize) -> Self {
        UnknownNames {
            slots: (0..limit).map(|_| OnceLock::new()).collect(),
            hasher: BuildNameHasher::default(),
        }
    }

    fn note(&self, name: &[u8]) -> bool {
        let name = &name[..name.len().min(MAX_REMEMBERED_NAME)];
        let len = self.slots.len();
        if len == 0 {
            return false;
        }
        let start = (self.hasher.hash_one(name) % len as u64) as usize;
        for probe in 0..len.min(MAX_PROBES) {
            let slot = &self.slots[(start + probe) % len];
            match slot.get() {
                Some(stored) if &**stored == name => return false,
                Some(_) => continue,
                None => {
                    let mut fresh = false;
                    let stored = slot.get_or_init(|| {
                        fresh = true;
                        name.into()
                    });
                    if fresh {
                        return true;
                    }
                    if &**stored == name {
                        return false;
                    }
                }
            }
        }
        // Full, or its neighbourhood is: the name is not remembered, and
        // not announced again.
        false
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .slots
            .iter()
            .filter_map(|s| s.get())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_bounded() {
        let names = UnknownNames::new(3);
        assert!(names.note(b"a"));
        assert!(!names.note(b"a"));
        assert!(names.note(b"b"));
        assert!(names.note(b"c"));
        assert!(!names.note(b"d"));
        assert_eq!(names.names(), vec!["a", "b", "c"]);
    }
}
