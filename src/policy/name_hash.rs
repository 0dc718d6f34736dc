//! The hasher of the policy's exact-name map.
//!
//! FNV-1a is fast on short keys like cookie names, but its low bits mix
//! poorly, and the hash map picks a bucket by the low bits: with thousands
//! of similar names (`vendor1_uid`, `vendor2_uid`…) keys crowd into the same
//! groups and a lookup probes several of them. A final avalanche step
//! (MurmurHash3's 64-bit finaliser) spreads every input bit over the whole
//! word for a handful of instructions.

use std::hash::{BuildHasherDefault, Hasher};

use fnv::FnvHasher;

/// FNV-1a with a final avalanche.
#[derive(Default)]
pub(crate) struct NameHasher(FnvHasher);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0.finish();
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Builds [`NameHasher`]s.
pub(crate) type BuildNameHasher = BuildHasherDefault<NameHasher>;
