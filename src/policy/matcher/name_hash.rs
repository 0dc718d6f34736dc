//! The hasher of the policy's exact-name map: [`crate::policy::matcher::byte_hash`], which
//! reads a cookie name eight bytes at a time and ends with an avalanche
//! step, since the map picks a bucket by the hash's low bits and thousands
//! of similar names (`vendor1_uid`, `vendor2_uid`…) must not crowd the same
//! groups.

use std::hash::{BuildHasherDefault, Hasher};

use crate::policy::matcher::byte_hash;

/// Word-at-a-time hasher with a final avalanche.
#[derive(Default)]
pub(crate) struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = byte_hash::mix_bytes(self.0, bytes);
    }

    // `[u8]`'s `Hash` writes the length first: one word, not eight bytes.
    fn write_usize(&mut self, n: usize) {
        self.0 = byte_hash::mix_word(self.0, n as u64);
    }

    fn finish(&self) -> u64 {
        byte_hash::finish(self.0)
    }
}

/// Builds [`NameHasher`]s.
pub(crate) type BuildNameHasher = BuildHasherDefault<NameHasher>;
