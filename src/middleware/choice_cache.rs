//! A small cache of decoded consent cookies, keyed by their exact bytes.
//!
//! A visitor sends the same consent cookie on every request until they
//! change their mind, which happens a few times a year at most, while
//! reading it (percent-decoding and parsing the JSON against the policy)
//! is most of what the layer costs on a request. The decoded [`Choice`] is
//! a function of the cookie's bytes and the policy alone, so a copy of the
//! bytes is a safe key: a hit is compared byte for byte, and a collision of
//! the slot hash only ever costs a decode. The time window is checked by
//! the caller on every request, hit or miss.
//!
//! The cache is a fixed table of slots, allocated once, on the layer's
//! first consent cookie (so that building a layer setting by setting does
//! not allocate a table per setting): memory does not grow with traffic,
//! and after that first time a hit or a miss allocates nothing. Each slot
//! has its own lock, taken with `try_lock`: a request never waits for
//! another; when a slot is busy it decodes instead.
//!
//! When the layer signs its consent cookies, the signature is verified
//! here, before decoding, for the request's cookie and for one a response
//! sets alike. The key is the whole signed value, so a hit is a value whose
//! exact bytes verified before.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Mutex, OnceLock};

use crate::Policy;
use crate::consent::choice::{self, Choice};
use crate::cookie::consent_cookie::PreferencesError;
use crate::cookie::signing::Signer;
use std::hash::BuildHasher;

use crate::policy::matcher::BuildNameHasher;

/// Longest cookie value kept; longer values are decoded every time.
pub(crate) const MAX_KEY: usize = 512;

/// Most slots a layer may have.
pub(crate) const MAX_ENTRIES: usize = 1 << 16;

struct Slot {
    /// Length of the key; 0 for an empty slot (an empty value never decodes).
    len: u16,
    key: [u8; MAX_KEY],
    choice: Option<Choice>,
}

/// Decoded consent cookies of recent visitors; see the module docs.
pub(crate) struct ChoiceCache {
    /// The number of slots: 0, or a power of two.
    entries: usize,
    /// Allocated on first use.
    slots: OnceLock<Box<[Mutex<Slot>]>>,
    /// Right shift that turns a hash into a slot index.
    shift: u32,
    hasher: BuildNameHasher,
    hits: AtomicU64,
    misses: AtomicU64,
    /// Verifies values before they are decoded.
    signer: Signer,
    /// Values whose signature did not verify.
    bad_signatures: AtomicU64,
}

impl std::fmt::Debug for ChoiceCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChoiceCache")
            .field("entries", &self.entries)
            .field("hits", &self.hits.load(Relaxed))
            .field("misses", &self.misses.load(Relaxed))
            .field("signer", &self.signer)
            .finish()
    }
}

impl ChoiceCache {
    /// A cache of `entries` slots, rounded up to a power of two; 0 turns
    /// caching off. At most [`MAX_ENTRIES`]. `signer` verifies each value
    /// before it is decoded.
    pub(crate) fn new(entries: usize, signer: Signer) -> Self {
        let entries = if entries == 0 {
            0
        } else {
            entries.min(MAX_ENTRIES).next_power_of_two()
        };
        ChoiceCache {
            entries,
            slots: OnceLock::new(),
            shift: 64 - entries.max(1).trailing_zeros(),
            hasher: BuildNameHasher::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            signer,
            bad_signatures: AtomicU64::new(0),
        }
    }

    /// The number of slots.
    #[cfg(test)]
    fn entries(&self) -> usize {
        self.entries
    }

    fn slots(&self) -> &[Mutex<Slot>] {
        self.slots.get_or_init(|| {
            (0..self.entries)
                .map(|_| {
                    Mutex::new(Slot {
                        len: 0,
                        key: [0; MAX_KEY],
                        choice: None,
                    })
                })
                .collect()
        })
    }

    /// Lookups answered from the cache, and lookups that decoded.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (self.hits.load(Relaxed), self.misses.load(Relaxed))
    }

    /// Values refused because their signature did not verify.
    pub(crate) fn bad_signatures(&self) -> u64 {
        self.bad_signatures.load(Relaxed)
    }

    /// Verifies, then decodes: what a value means when it is not cached.
    fn read(&self, value: &[u8], policy: &Policy) -> Result<Choice, PreferencesError> {
        let payload = self.signer.verify(value).inspect_err(|error| {
            if *error == PreferencesError::BadSignature {
                self.bad_signatures.fetch_add(1, Relaxed);
            }
        })?;
        choice::decode(payload, policy)
    }

    /// Reads a value without looking it up or keeping it: for the consent
    /// cookie a response sets, which is not a visitor's repeated request.
    pub(crate) fn decode_uncached(
        &self,
        value: &[u8],
        policy: &Policy,
    ) -> Result<Choice, PreferencesError> {
        self.read(value, policy)
    }

    /// Reads one consent cookie value against the policy, from the cache
    /// when this exact value was read before. Errors are not cached.
    pub(crate) fn decode(&self, value: &[u8], policy: &Policy) -> Result<Choice, PreferencesError> {
        let cacheable = self.entries > 0 && !value.is_empty() && value.len() <= MAX_KEY;
        if !cacheable {
            return self.read(value, policy);
        }
        let index = self
            .hasher
            .hash_one(value)
            .checked_shr(self.shift)
            .unwrap_or(0);
        let slot = &self.slots()[index as usize];
        if let Ok(held) = slot.try_lock() {
            if let Some(choice) = held
                .choice
                .filter(|_| &held.key[..usize::from(held.len)] == value)
            {
                self.hits.fetch_add(1, Relaxed);
                return Ok(choice);
            }
        }
        self.misses.fetch_add(1, Relaxed);
        let decoded = self.read(value, policy)?;
        if let Ok(mut held) = slot.try_lock() {
            held.key[..value.len()].copy_from_slice(value);
            // MAX_KEY fits in a u16.
            held.len = value.len() as u16;
            held.choice = Some(decoded);
        }
        Ok(decoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie::consent_cookie::{ConsentId, Grant, Preferences};
    use crate::{Category, CookieRule};

    fn policy() -> Policy {
        Policy::builder()
            .rule(CookieRule::exact("_ga", Category::Statistical))
            .build()
            .unwrap()
    }

    fn value(policy: &Policy, at: i64) -> String {
        let mut preferences = Preferences::new(ConsentId::random(), at);
        let revision = policy.revision(&Category::Statistical).unwrap().to_owned();
        preferences
            .categories
            .insert("statistical".to_owned(), Grant::Accepted(revision));
        preferences.encode()
    }

    #[test]
    fn a_repeated_value_is_a_hit_with_the_same_choice() {
        let policy = policy();
        let cache = ChoiceCache::new(8, Signer::default());
        let value = value(&policy, 1_700_000_000);
        let first = cache.decode(value.as_bytes(), &policy).unwrap();
        let second = cache.decode(value.as_bytes(), &policy).unwrap();
        assert_eq!(first, second);
        assert_eq!(first, choice::decode(value.as_bytes(), &policy).unwrap());
        assert_eq!(cache.counts(), (1, 1));
    }

    #[test]
    fn values_sharing_a_slot_never_answer_for_each_other() {
        let policy = policy();
        // One slot: every value lands in it.
        let cache = ChoiceCache::new(1, Signer::default());
        let a = value(&policy, 1_700_000_000);
        let b = value(&policy, 1_700_000_001);
        for _ in 0..3 {
            for v in [&a, &b] {
                let got = cache.decode(v.as_bytes(), &policy).unwrap();
                assert_eq!(got, choice::decode(v.as_bytes(), &policy).unwrap());
            }
        }
        assert_eq!(cache.counts(), (0, 6));
    }

    #[test]
    fn a_value_differing_in_its_last_byte_is_a_miss() {
        let policy = policy();
        let cache = ChoiceCache::new(1, Signer::default());
        let good = value(&policy, 1_700_000_000);
        cache.decode(good.as_bytes(), &policy).unwrap();
        let mut bad = good.clone().into_bytes();
        *bad.last_mut().unwrap() = b'x';
        assert!(cache.decode(&bad, &policy).is_err());
        assert_eq!(cache.counts(), (0, 2));
    }

    #[test]
    fn errors_and_long_values_are_not_kept() {
        let policy = policy();
        let cache = ChoiceCache::new(4, Signer::default());
        for _ in 0..2 {
            assert!(cache.decode(b"%7Bnot-json", &policy).is_err());
        }
        let long = vec![b'a'; MAX_KEY + 1];
        for _ in 0..2 {
            assert!(cache.decode(&long, &policy).is_err());
        }
        // Long values bypass the cache altogether.
        assert_eq!(cache.counts(), (0, 2));
    }

    #[test]
    fn zero_entries_turns_caching_off() {
        let policy = policy();
        let cache = ChoiceCache::new(0, Signer::default());
        let value = value(&policy, 1_700_000_000);
        for _ in 0..2 {
            cache.decode(value.as_bytes(), &policy).unwrap();
        }
        assert_eq!(cache.entries(), 0);
        assert_eq!(cache.counts(), (0, 0));
    }

    #[cfg(feature = "signed")]
    #[test]
    fn signed_values_are_verified_before_they_are_decoded_or_kept() {
        let policy = policy();
        let keys = crate::cookie::signing::SigningKeys {
            current: Some(::cookie::Key::generate()),
            previous: Vec::new(),
        };
        let signer = keys.signer("cookies_preferences");
        let cache = ChoiceCache::new(8, signer.clone());
        let unsigned = value(&policy, 1_700_000_000);
        let signed = signer.sign(unsigned.clone());
        for _ in 0..2 {
            assert_eq!(
                cache.decode(unsigned.as_bytes(), &policy),
                Err(PreferencesError::BadSignature)
            );
            assert_eq!(
                cache.decode_uncached(unsigned.as_bytes(), &policy),
                Err(PreferencesError::BadSignature)
            );
        }
        let expected = choice::decode(unsigned.as_bytes(), &policy).unwrap();
        assert_eq!(cache.decode(signed.as_bytes(), &policy), Ok(expected));
        assert_eq!(cache.decode(signed.as_bytes(), &policy), Ok(expected));
        assert_eq!(cache.counts(), (1, 3));
        assert_eq!(cache.bad_signatures(), 4);
    }

    #[test]
    fn sizes_round_up_to_a_power_of_two_and_are_capped() {
        assert_eq!(ChoiceCache::new(3, Signer::default()).entries(), 4);
        assert_eq!(ChoiceCache::new(256, Signer::default()).entries(), 256);
        assert_eq!(
            ChoiceCache::new(usize::MAX, Signer::default()).entries(),
            MAX_ENTRIES
        );
    }
}
