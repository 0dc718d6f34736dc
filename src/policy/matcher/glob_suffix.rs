//! The patterns that share one literal prefix, keyed by their literal
//! suffix (the text after the last `*`).
//!
//! The prefix trie (`glob.rs`) leads a name to the patterns whose prefix
//! starts it; patterns with the same prefix (every `*_session`-like
//! pattern has the empty one) would still be tried one by one. Here they
//! hang in a second byte trie, keyed by their suffix read backwards: a
//! name walked from its end meets only the patterns whose suffix ends it.

use super::glob::{Children, Glob, wildcard_match};

/// Patterns of one prefix, in a trie of reversed suffixes.
#[derive(Debug, Default)]
pub(super) struct SuffixIndex {
    /// Empty until the first pattern arrives; then `nodes[0]` is the root
    /// (the empty suffix).
    nodes: Vec<SuffixNode>,
}

#[derive(Debug, Default)]
struct SuffixNode {
    children: Children,
    /// Patterns whose suffix ends at this node, longest literal text first.
    globs: Vec<Glob>,
}

impl SuffixIndex {
    pub(super) fn insert(&mut self, glob: Glob) {
        if self.nodes.is_empty() {
            self.nodes.push(SuffixNode::default());
        }
        let star = glob.pattern.iter().rposition(|&b| b == b'*');
        let suffix_start = star.map_or(glob.pattern.len(), |i| i + 1);
        let mut node = 0u32;
        for &byte in glob.pattern[suffix_start..].iter().rev() {
            node = match self.nodes[node as usize].children.get(byte) {
                Some(child) => child,
                None => {
                    let child = self.nodes.len() as u32;
                    self.nodes.push(SuffixNode::default());
                    self.nodes[node as usize].children.insert(byte, child);
                    child
                }
            };
        }
        let globs = &mut self.nodes[node as usize].globs;
        let at = globs.partition_point(|g| g.literal_len >= glob.literal_len);
        globs.insert(at, glob);
    }

    /// The rule of the matching pattern with the longest literal text.
    /// `depth` bytes of `name` already matched the shared prefix. Counts
    /// in `tried` every pattern it matches against the name.
    pub(super) fn best(&self, name: &[u8], depth: usize, tried: &mut usize) -> Option<u32> {
        let rest = &name[depth..];
        let mut best: Option<&Glob> = None;
        let mut node = 0usize;
        let mut remaining = rest.len();
        while let Some(entry) = self.nodes.get(node) {
            for glob in &entry.globs {
                if best.is_some_and(|b| b.literal_len >= glob.literal_len) {
                    break;
                }
                *tried += 1;
                if wildcard_match(&glob.pattern[depth..], rest) {
                    best = Some(glob);
                    break;
                }
            }
            let Some(next) = remaining.checked_sub(1) else {
                break;
            };
            remaining = next;
            match entry.children.get(rest[remaining]) {
                Some(child) => node = child as usize,
                None => break,
            }
        }
        best.map(|g| g.rule)
    }

    /// Every pattern, in no particular order.
    pub(super) fn globs(&self) -> impl Iterator<Item = &Glob> {
        self.nodes.iter().flat_map(|n| &n.globs)
    }
}
