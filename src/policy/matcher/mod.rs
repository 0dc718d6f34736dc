//! Looking a cookie name up among the rules: exact names in a hash map
//! keyed by a fast name hash, `*` patterns in a prefix trie with a suffix
//! index, so that the cost does not grow with the number of rules.

pub(crate) mod byte_hash;
pub(super) mod glob;
mod glob_suffix;
pub(super) mod name_hash;
