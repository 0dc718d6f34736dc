//! Category revisions: a short digest of the rules in a category.
//!
//! The digest is FNV-1a (64-bit) over a canonical encoding of the
//! category's rules, folded to 32 bits and written as 8 lowercase hex
//! digits. The canonical encoding sorts the rules by kind (`e` exact, `p`
//! pattern) then by name, and writes for each rule: the kind byte, then the
//! name, service, provider, function, purpose and lifetime, each as a 4-byte
//! little-endian length followed by its UTF-8 bytes (`0xFFFFFFFF` and nothing
//! else for a field that is absent). Domains and path are left out: they
//! change how a cookie is deleted, not what the visitor agreed to.
//!
//! The encoding depends on nothing but the rules' text, so the revision is
//! the same across processes, platforms and builds. Rule order does not
//! matter; adding, removing or rewording a rule changes the revision.
//!
//! A service's revision is the same digest over the service's name and the
//! revisions of the categories its rules belong to (in category order, each
//! length-prefixed). A grant of one service therefore lapses whenever what
//! the visitor was shown about its category changes, the service's own
//! rules included.

use fnv::FnvHasher;
use std::hash::Hasher;

use super::rule::{CookieRule, NameMatch};

/// The revision of a category made of `rules`.
pub(crate) fn digest<'a>(rules: impl Iterator<Item = &'a CookieRule>) -> String {
    let mut sorted: Vec<&CookieRule> = rules.collect();
    sorted.sort_by(|a, b| a.matcher.cmp(&b.matcher));
    let mut hasher = FnvHasher::default();
    for rule in sorted {
        let (kind, name) = match &rule.matcher {
            NameMatch::Exact(n) => (b'e', n),
            NameMatch::Pattern(p) => (b'p', p),
        };
        hasher.write(&[kind]);
        write_field(&mut hasher, Some(name));
        for field in [
            &rule.service,
            &rule.provider,
            &rule.function,
            &rule.purpose,
            &rule.lifetime,
        ] {
            write_field(&mut hasher, field.as_deref());
        }
    }
    fold(hasher.finish())
}

/// The revision of a service whose rules lie in categories of these
/// revisions.
pub(crate) fn service_digest<'a>(
    service: &str,
    category_revisions: impl Iterator<Item = &'a str>,
) -> String {
    let mut hasher = FnvHasher::default();
    hasher.write(b"s");
    write_field(&mut hasher, Some(service));
    for revision in category_revisions {
        write_field(&mut hasher, Some(revision));
    }
    fold(hasher.finish())
}

fn fold(hash: u64) -> String {
    format!("{:08x}", (hash >> 32) ^ (hash & 0xffff_ffff))
}

fn write_field(hasher: &mut FnvHasher, field: Option<&str>) {
    match field {
        Some(text) => {
            hasher.write(&(text.len() as u32).to_le_bytes());
            hasher.write(text.as_bytes());
        }
        None => hasher.write(&u32::MAX.to_le_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Category;

    #[test]
    fn stable_and_order_independent() {
        let a = CookieRule::exact("_ga", Category::Statistical).service("google-analytics");
        let b = CookieRule::pattern("_ga_*", Category::Statistical);
        let one = digest([&a, &b].into_iter());
        let two = digest([&b, &a].into_iter());
        assert_eq!(one, two);
        assert_eq!(one.len(), 8);
        // Pinned: a change here would re-ask every visitor of every site.
        assert_eq!(digest(std::iter::empty()), "4fd0bfc1");
        let reworded = a.clone().purpose("new purpose");
        assert_ne!(digest([&reworded, &b].into_iter()), one);
        // Domains do not count.
        let moved = a.clone().domain(".example.com");
        assert_eq!(digest([&moved, &b].into_iter()), one);
    }

    #[test]
    fn service_revisions_follow_their_categories() {
        let one = service_digest("matomo", ["a91f03c2"].into_iter());
        assert_eq!(one.len(), 8);
        assert_eq!(one, service_digest("matomo", ["a91f03c2"].into_iter()));
        assert_ne!(one, service_digest("matomo", ["a91f03c3"].into_iter()));
        assert_ne!(one, service_digest("google", ["a91f03c2"].into_iter()));
        assert_ne!(
            one,
            service_digest("matomo", ["a91f03c2", "00000000"].into_iter())
        );
    }
}
