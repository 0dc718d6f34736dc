//! Looking a cookie name up among the rules: exact names in a hash map,
//! `*` patterns in a prefix trie with a suffix
//! index, so that the cost does not grow with the number of rules.

pub(super) mod glob;
mod glob_suffix;

/// The hasher of the policy's name maps and of the cache of decoded
/// consent cookies.
pub(crate) type BuildNameHasher = foldhash::fast::RandomState;
