//! A fast, well-spread hash of byte strings, eight bytes at a time, for the
//! policy's name map and the cache of decoded consent cookies.
//!
//! Not keyed: it is only ever used where a collision costs a comparison,
//! never a wrong answer. Cookie names are short, so reading a word at a
//! time rather than a byte at a time (as FNV-1a does) saves most of the
//! hashing; MurmurHash3's 64-bit finaliser then spreads every input bit
//! over the whole word, since hash maps pick buckets by the low bits.

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Folds one word into the hash.
pub(crate) fn mix_word(hash: u64, word: u64) -> u64 {
    (hash ^ word).wrapping_mul(MULTIPLIER).rotate_left(31)
}

/// Folds bytes into the hash, eight at a time; the last word is padded with
/// zeros, so callers that need `ab` and `ab\0` apart also mix the length.
pub(crate) fn mix_bytes(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        hash = mix_word(
            hash,
            u64::from_le_bytes(word.try_into().unwrap_or_default()),
        );
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // Built byte by byte: a copy of a variable length calls memcpy,
        // which costs more than the seven bytes at most.
        let last = rest
            .iter()
            .rev()
            .fold(0u64, |word, &byte| (word << 8) | u64::from(byte));
        hash = mix_word(hash, last);
    }
    hash
}

/// MurmurHash3's 64-bit finaliser.
pub(crate) fn finish(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// The length and the bytes, finished.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    finish(mix_bytes(bytes.len() as u64, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_and_length_are_told_apart() {
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ab\0"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
        assert_ne!(hash_bytes(b"abcdefgh"), hash_bytes(b"abcdefgh\0"));
    }

    #[test]
    fn similar_names_spread_over_the_low_bits() {
        // Thousands of names differing in a digit or two must not crowd a
        // few buckets of a 4,096-bucket table.
        let mut buckets = vec![0u32; 4096];
        for i in 0..4096 {
            let name = format!("vendor{i}_uid");
            buckets[(hash_bytes(name.as_bytes()) & 4095) as usize] += 1;
        }
        let fullest = buckets.iter().copied().max().unwrap_or(0);
        // A uniform hash puts at most about 8 in one bucket here.
        assert!(fullest <= 10, "{fullest} names in one bucket");
    }
}
