//! The glob index: finds the best `*` pattern for a cookie name without
//! scanning every pattern.
//!
//! Patterns are stored in a byte trie keyed by their literal prefix (the text
//! before the first `*`). A lookup walks the name down the trie, so it only
//! ever looks at patterns whose prefix is a prefix of the name: the cost
//! depends on the name and on how many patterns share its prefix, not on how
//! many patterns the policy has. A name that starts like no pattern stops at
//! the first byte. The patterns that share a prefix are in turn keyed by
//! their suffix (`glob_suffix.rs`), so a name meets only those whose prefix
//! starts it and whose suffix ends it. `benches/classify.rs` measures what
//! that saves against trying every pattern.

use super::glob_suffix::SuffixIndex;

/// One stored pattern.
#[derive(Debug)]
pub(super) struct Glob {
    pub(super) pattern: Box<[u8]>,
    /// Number of non-`*` bytes: the tie-breaker between equal prefixes.
    pub(super) literal_len: usize,
    pub(super) rule: u32,
}

/// The children of a trie node, by byte.
#[derive(Debug, Default)]
pub(super) struct Children {
    /// One bit per byte value modulo 64: a clear bit means no child, which
    /// settles most misses without a search.
    mask: u64,
    /// Sorted by byte, so a child is found by binary search.
    list: Vec<(u8, u32)>,
}

impl Children {
    #[inline]
    pub(super) fn get(&self, byte: u8) -> Option<u32> {
        if self.mask & (1 << (byte & 63)) == 0 {
            return None;
        }
        let i = self.list.binary_search_by_key(&byte, |&(b, _)| b).ok()?;
        Some(self.list[i].1)
    }

    pub(super) fn insert(&mut self, byte: u8, child: u32) {
        if let Err(i) = self.list.binary_search_by_key(&byte, |&(b, _)| b) {
            self.list.insert(i, (byte, child));
            self.mask |= 1 << (byte & 63);
        }
    }
}

#[derive(Debug, Default)]
struct Node {
    parent: u32,
    children: Children,
    /// Patterns whose prefix ends at this node.
    globs: SuffixIndex,
}

/// A trie of glob patterns keyed by literal prefix.
#[derive(Debug)]
pub(crate) struct GlobIndex {
    nodes: Vec<Node>,
}

impl Default for GlobIndex {
    fn default() -> Self {
        GlobIndex {
            nodes: vec![Node::default()],
        }
    }
}

impl GlobIndex {
    /// Adds a pattern that contains at least one `*`.
    pub(crate) fn insert(&mut self, pattern: &[u8], rule: u32) {
        let prefix_len = pattern
            .iter()
            .position(|&b| b == b'*')
            .unwrap_or(pattern.len());
        let mut node = 0u32;
        for &byte in &pattern[..prefix_len] {
            node = match self.nodes[node as usize].children.get(byte) {
                Some(child) => child,
                None => {
                    let child = self.nodes.len() as u32;
                    self.nodes.push(Node {
                        parent: node,
                        ..Node::default()
                    });
                    self.nodes[node as usize].children.insert(byte, child);
                    child
                }
            };
        }
        self.nodes[node as usize].globs.insert(Glob {
            pattern: pattern.into(),
            literal_len: pattern.iter().filter(|&&b| b != b'*').count(),
            rule,
        });
    }

    /// The rule of the best pattern matching `name`: the longest literal
    /// prefix wins, then the longest literal text.
    pub(crate) fn find(&self, name: &[u8]) -> Option<u32> {
        self.find_counting(name, &mut 0)
    }

    /// [`GlobIndex::find`], counting in `tried` the patterns it matched
    /// against the name.
    fn find_counting(&self, name: &[u8], tried: &mut usize) -> Option<u32> {
        // Walk down as far as the name follows the trie.
        let mut node = 0u32;
        let mut depth = 0usize;
        for &byte in name {
            match self.nodes[node as usize].children.get(byte) {
                Some(child) => {
                    node = child;
                    depth += 1;
                }
                None => break,
            }
        }
        // Then climb back up: deeper nodes have longer prefixes.
        loop {
            let entry = &self.nodes[node as usize];
            if let Some(rule) = entry.globs.best(name, depth, tried) {
                return Some(rule);
            }
            if node == 0 {
                return None;
            }
            node = entry.parent;
            depth -= 1;
        }
    }

    /// Every pair of patterns that share a prefix and a literal length and can
    /// both match some name: the pairs that would tie at lookup.
    pub(crate) fn ties(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.nodes.iter().flat_map(|node| {
            let mut globs: Vec<&Glob> = node.globs.globs().collect();
            globs.sort_by_key(|g| std::cmp::Reverse(g.literal_len));
            let mut pairs = Vec::new();
            for (i, a) in globs.iter().enumerate() {
                for b in globs[i + 1..]
                    .iter()
                    .take_while(|b| b.literal_len == a.literal_len)
                {
                    if patterns_overlap(&a.pattern, &b.pattern) {
                        pairs.push((a.rule, b.rule));
                    }
                }
            }
            pairs
        })
    }
}

/// Whether `name` matches `pattern`, where `*` stands for any run of bytes.
///
/// Greedy with one backtrack point: linear in practice, and never worse
/// than `pattern.len() * name.len()`.
pub(crate) fn wildcard_match(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, n));
            p += 1;
        } else if p < pattern.len() && pattern[p] == name[n] {
            p += 1;
            n += 1;
        } else if let Some((sp, sn)) = star {
            p = sp + 1;
            n = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Whether some name matches both patterns.
///
/// Explores the product of the two patterns' automata: a state is a
/// position in each pattern; a `*` may stay put while consuming a byte or be
/// skipped; two literals may advance together only when they are equal.
fn patterns_overlap(a: &[u8], b: &[u8]) -> bool {
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * width + j], true) {
            continue;
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        let a_star = a.get(i) == Some(&b'*');
        let b_star = b.get(j) == Some(&b'*');
        // Skipping a star consumes nothing.
        if a_star {
            stack.push((i + 1, j));
        }
        if b_star {
            stack.push((i, j + 1));
        }
        // Consuming one byte of the common name.
        if let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
            let (ni, nj) = (
                if a_star { i } else { i + 1 },
                if b_star { j } else { j + 1 },
            );
            if a_star || b_star || x == y {
                stack.push((ni, nj));
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match(b"_ga_*", b"_ga_ABC"));
        assert!(wildcard_match(b"_ga_*", b"_ga_"));
        assert!(!wildcard_match(b"_ga_*", b"_ga"));
        assert!(wildcard_match(b"_pk_id.*", b"_pk_id.1.a1b2"));
        assert!(wildcard_match(b"a*b*c", b"aXXbYYc"));
        assert!(!wildcard_match(b"a*b*c", b"aXXbYY"));
        assert!(wildcard_match(b"*", b""));
        assert!(wildcard_match(b"a*a*a", b"aaa"));
        assert!(!wildcard_match(b"a*a*a", b"aa"));
    }

    #[test]
    fn overlap() {
        assert!(patterns_overlap(b"_pk_*", b"_pk_*"));
        assert!(patterns_overlap(b"a*", b"*b"));
        assert!(!patterns_overlap(b"_pk_*.id", b"_pk_*.se"));
        assert!(patterns_overlap(b"x*y", b"x*"));
        assert!(!patterns_overlap(b"ab", b"ac"));
    }

    #[test]
    fn longest_prefix_then_longest_literal() {
        let mut index = GlobIndex::default();
        index.insert(b"_*", 0);
        index.insert(b"_ga*", 1);
        index.insert(b"_ga*x", 2);
        index.insert(b"_pk_*", 3);
        assert_eq!(index.find(b"_ga_1"), Some(1));
        assert_eq!(index.find(b"_ga_1x"), Some(2));
        assert_eq!(index.find(b"_pk_ses"), Some(3));
        assert_eq!(index.find(b"_other"), Some(0));
        assert_eq!(index.find(b"plain"), None);
        assert_eq!(index.find(b""), None);
    }

    #[test]
    fn suffixes_and_infixes() {
        let mut index = GlobIndex::default();
        index.insert(b"*_session", 0);
        index.insert(b"*", 1);
        index.insert(b"mp_*_mixpanel", 2);
        index.insert(b"mp_*", 3);
        index.insert(b"*a*_session", 4);
        assert_eq!(index.find(b"php_session"), Some(0));
        assert_eq!(index.find(b"data_session"), Some(4));
        assert_eq!(index.find(b"x_session"), Some(0));
        assert_eq!(index.find(b"_session"), Some(0));
        assert_eq!(index.find(b"session"), Some(1));
        assert_eq!(index.find(b"mp_1_mixpanel"), Some(2));
        assert_eq!(index.find(b"mp__mixpanel"), Some(2));
        assert_eq!(index.find(b"mp_mixpanel"), Some(3));
        assert_eq!(index.find(b"mp_1"), Some(3));
        assert_eq!(index.find(b""), Some(1));
    }

    #[test]
    fn a_miss_does_not_scan_every_pattern() {
        let mut index = GlobIndex::default();
        for i in 0..10_000u32 {
            let pattern = match i % 4 {
                0 => format!("_t{i}_*"),
                1 => format!("*_s{i}"),
                2 => format!("mp_{i}_*_mixpanel"),
                _ => format!("*x{i}*"),
            };
            index.insert(pattern.as_bytes(), i);
        }
        // 2,500 patterns have neither prefix nor suffix (`*x123*`): every
        // name meets them. The others are met only when both ends fit.
        let floor = 2_500;
        for (name, found) in [
            (&b"unknown_cookie"[..], None),
            (b"_t12_anything", Some(12)),
            (b"_t13_anything", None),
            (b"php_s8", None),
            (b"php_s9997", Some(9_997)),
            (b"mp_42_x_mixpanel", Some(42)),
            (b"mp_42_x_mixpanelz", None),
        ] {
            let mut tried = 0;
            assert_eq!(index.find_counting(name, &mut tried), found);
            assert!(
                tried <= floor + 3,
                "{} tried {tried} patterns",
                String::from_utf8_lossy(name)
            );
        }
        let mut index = GlobIndex::default();
        for i in 0..10_000u32 {
            let pattern = match i % 3 {
                0 => format!("_t{i}_*"),
                1 => format!("*_s{i}"),
                _ => format!("mp_{i}_*_mixpanel"),
            };
            index.insert(pattern.as_bytes(), i);
        }
        for name in [
            &b"unknown_cookie"[..],
            b"_t13_x",
            b"mp_43_x_mixpanel",
            b"a_s9",
        ] {
            let mut tried = 0;
            assert_eq!(index.find_counting(name, &mut tried), None);
            assert!(
                tried <= 2,
                "{} tried {tried}",
                String::from_utf8_lossy(name)
            );
        }
    }
}
