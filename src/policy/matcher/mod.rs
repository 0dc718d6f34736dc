//! Looking a cookie name up among the rules: exact names in a hash map,
//! `*` patterns in a prefix trie with a suffix
//! index, so that the cost does not grow with the number of rules.

pub(super) mod glob;
mod glob_suffix;

/// The hasher of the policy's name maps and of the cache of decoded
/// consent cookies.
pub(crate) type BuildNameHasher = foldhash::fast::RandomState;

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::BuildNameHasher;

    #[test]
    fn similar_names_spread_over_the_low_bits() {
        // Thousands of names differing in a digit or two must not crowd a
        // few buckets of a 4,096-bucket table.
        let hasher = BuildNameHasher::default();
        let mut buckets = vec![0u32; 4096];
        for i in 0..4096 {
            let name = format!("vendor{i}_uid");
            buckets[(hasher.hash_one(name.as_bytes()) & 4095) as usize] += 1;
        }
        let fullest = buckets.iter().copied().max().unwrap_or(0);
        // A uniform hash puts at most about 8 in one bucket here.
        assert!(fullest <= 10, "{fullest} names in one bucket");
    }
}
