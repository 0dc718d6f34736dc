//! Withdrawal: cookies the visitor sent that are now denied get expiring
//! `Set-Cookie` lines with the Domain and Path the registry records.

use std::collections::HashSet;

use bytes::Bytes;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

use crate::cookie::cookie_header;
use crate::cookie::set_cookie::{self, is_token};
use crate::{Consent, CookieRule};

/// The registered cookies the visitor sent whose category is not necessary:
/// the only ones withdrawal may ever delete. Noted while the request's
/// cookies are read (before scrubbing), kept for the response.
///
/// Their names are copied into a fixed buffer inside the response future,
/// so nothing is allocated. When they do not fit, the request's `Cookie`
/// fields are kept instead: cloning a header value shares its bytes, which
/// is a reference count for the values hyper parses but allocates once for
/// a value built from a `Vec` that was never shared. `tests/allocations.rs`
/// holds the inline names to allocating nothing.
#[derive(Debug)]
pub(crate) struct SentCookies {
    names: [u8; NAME_BYTES],
    /// Where each noted name ends in `names`.
    ends: [u8; MAX_NAMES],
    count: usize,
    /// The `Cookie` fields, when the names did not fit.
    fields: Option<Vec<HeaderValue>>,
}

const NAME_BYTES: usize = 128;
const MAX_NAMES: usize = 8;

impl Default for SentCookies {
    fn default() -> Self {
        SentCookies {
            names: [0; NAME_BYTES],
            ends: [0; MAX_NAMES],
            count: 0,
            fields: None,
        }
    }
}

impl SentCookies {
    /// Notes a cookie name; false when it does not fit.
    pub(crate) fn note(&mut self, name: &[u8]) -> bool {
        let start = self
            .count
            .checked_sub(1)
            .map_or(0, |last| usize::from(self.ends[last]));
        let end = start + name.len();
        if self.count == MAX_NAMES || end > NAME_BYTES {
            return false;
        }
        self.names[start..end].copy_from_slice(name);
        self.ends[self.count] = end as u8;
        self.count += 1;
        true
    }

    /// Keeps the request's `Cookie` fields instead of the noted names.
    pub(crate) fn keep_fields(&mut self, headers: &HeaderMap) {
        self.fields = Some(headers.get_all(COOKIE).iter().cloned().collect());
    }

    /// The names to consider for withdrawal, in the order they were sent.
    fn names(&self) -> impl Iterator<Item = &[u8]> {
        // With the fields kept, the noted names are incomplete: the fields alone count.
        let noted = if self.fields.is_some() { 0 } else { self.count };
        let kept = self
            .fields
            .iter()
            .flatten()
            .flat_map(|field| cookie_header::pairs(field.as_bytes()).map(|pair| pair.name));
        (0..noted).map(|i| self.name_at(i)).chain(kept)
    }

    fn name_at(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |p| usize::from(self.ends[p]));
        &self.names[start..usize::from(self.ends[i])]
    }
}

const EPOCH: &str = "Thu, 01 Jan 1970 00:00:00 GMT";
/// `=; Max-Age=0; Expires=` + [`EPOCH`] + `; Path=`.
const LINE_PARTS_LEN: usize = "=; Max-Age=0; Expires=".len() + EPOCH.len() + "; Path=".len();

/// Appends deletions for each registered cookie the visitor sent that this
/// consent denies, unless a line of the response already sets that name.
/// Unknown cookies are never deleted: their scope is unknown. In report-only
/// mode nothing is appended. Returns the number of deletion lines (that
/// were or would have been) added.
pub(crate) fn expire_denied(
    headers: &mut HeaderMap,
    consent: &Consent,
    sent: &SentCookies,
    report_only: bool,
) -> usize {
    let policy = consent.policy();
    let cookie_name = consent.cookie_name().as_bytes();
    // The visitor controls how many cookies they send, so the work must stay
    // linear in the header size. Up to the few names kept inline, plain
    // scans are cheapest and allocate nothing; beyond, the names already
    // handled and those the response sets go in hash sets (the default
    // hasher resists chosen collisions; the names are the visitor's).
    let inline = sent.fields.is_none();
    if inline && sent.count == 0 {
        return 0;
    }
    // Made only when first needed: a new `RandomState` reads its thread's keys.
    let mut handled: Option<HashSet<&[u8]>> = None;
    let mut set_by_response: Option<HashSet<Vec<u8>>> = None;
    let mut added = 0;
    for (index, name) in sent.names().enumerate() {
        if name == cookie_name || !is_token(name) {
            continue;
        }
        let Some(rule_index) = policy.rule_index(name) else {
            continue;
        };
        if consent.allows_target(policy.target(rule_index)) {
            continue;
        }
        // The same name sent twice (two domains, two paths) is deleted once,
        // and never when the response sets it itself.
        let skip = if inline {
            sent.names().take(index).any(|earlier| earlier == name) || response_sets(headers, name)
        } else {
            let set_by_response = set_by_response.get_or_insert_with(|| names_set_by(headers));
            !handled.get_or_insert_with(HashSet::new).insert(name) || set_by_response.contains(name)
        };
        if skip {
            continue;
        }
        let rule = &policy.rules()[rule_index as usize];
        for line in deletion_lines(name, rule) {
            tracing::debug!(
                target: "tower_cookie_consent",
                cookie = %String::from_utf8_lossy(name),
                category = %rule.category(),
                line = ?line,
                report_only,
                "withdrawn cookie deleted"
            );
            if !report_only {
                headers.append(SET_COOKIE, line);
            }
            added += 1;
        }
    }
    added
}

/// Whether a `Set-Cookie` line of the response sets (or deletes) `name`.
fn response_sets(headers: &HeaderMap, name: &[u8]) -> bool {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| set_cookie::name_of(v.as_bytes()) == name)
}

/// The names the response's `Set-Cookie` lines set, before any deletion
/// is appended.
fn names_set_by(headers: &HeaderMap) -> HashSet<Vec<u8>> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| set_cookie::name_of(v.as_bytes()).to_vec())
        .collect()
}

/// The lines that delete `name` everywhere the rule says it may live:
/// host-only plus once per listed domain, at the rule's path. `__Host-`
/// names get exactly one line (`Secure; Path=/`, no Domain); `__Secure-`
/// names get `Secure` on every line.
pub(crate) fn deletion_lines<'a>(
    name: &'a [u8],
    rule: &'a CookieRule,
) -> impl Iterator<Item = HeaderValue> + 'a {
    let host_prefix = name.starts_with(b"__Host-");
    let secure = host_prefix || name.starts_with(b"__Secure-");
    let path = if host_prefix { "/" } else { rule.cookie_path() };
    let domains: &[String] = if host_prefix { &[] } else { rule.domains() };
    std::iter::once(None)
        .chain(domains.iter().map(|d| Some(d.as_str())))
        .filter_map(move |domain| {
            let len = name.len()
                + LINE_PARTS_LEN
                + path.len()
                + domain.map_or(0, |d| "; Domain=".len() + d.len())
                + if secure { "; Secure".len() } else { 0 };
            // Exactly as long as the line, so the header value takes the
            // vector's bytes without a copy: one allocation a line.
            let mut line = Vec::with_capacity(len);
            line.extend_from_slice(name);
            line.extend_from_slice(b"=; Max-Age=0; Expires=");
            line.extend_from_slice(EPOCH.as_bytes());
            line.extend_from_slice(b"; Path=");
            line.extend_from_slice(path.as_bytes());
            if let Some(domain) = domain {
                line.extend_from_slice(b"; Domain=");
                line.extend_from_slice(domain.as_bytes());
            }
            if secure {
                line.extend_from_slice(b"; Secure");
            }
            debug_assert_eq!(line.len(), len);
            // Names are tokens and domains and paths were checked at build
            // time, so this does not fail; if it did, the line is skipped.
            HeaderValue::from_maybe_shared(Bytes::from(line)).ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Category;

    fn lines(name: &str, rule: &CookieRule) -> Vec<String> {
        deletion_lines(name.as_bytes(), rule)
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn sent_names_live_inline_until_they_do_not_fit() {
        let mut sent = SentCookies::default();
        for name in ["_ga", "_ga_X", "_fbp"] {
            assert!(sent.note(name.as_bytes()));
        }
        let names: Vec<&[u8]> = sent.names().collect();
        assert_eq!(names, [&b"_ga"[..], b"_ga_X", b"_fbp"]);
        // Eight names at most, and 128 bytes of names at most.
        for i in 3..MAX_NAMES {
            assert!(sent.note(format!("n{i}").as_bytes()));
        }
        assert!(!sent.note(b"one_too_many"));
        let mut long = SentCookies::default();
        assert!(long.note(&[b'a'; 100]));
        assert!(!long.note(&[b'b'; 29]));
        assert!(long.note(&[b'c'; 28]));
        assert_eq!(long.names().map(<[u8]>::len).collect::<Vec<_>>(), [100, 28]);
    }

    #[test]
    fn kept_fields_replace_the_noted_names() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(COOKIE, HeaderValue::from_static("c=3"));
        let mut sent = SentCookies::default();
        assert!(sent.note(b"a"));
        sent.keep_fields(&headers);
        let names: Vec<&[u8]> = sent.names().collect();
        assert_eq!(names, [&b"a"[..], b"b", b"c"]);
    }

    #[test]
    fn one_line_per_domain_plus_host_only() {
        let rule = CookieRule::pattern("_ga*", Category::Statistical)
            .domain(".example.com")
            .domain("www.example.com")
            .path("/app");
        assert_eq!(
            lines("_ga_X", &rule),
            vec![
                format!("_ga_X=; Max-Age=0; Expires={EPOCH}; Path=/app"),
                format!("_ga_X=; Max-Age=0; Expires={EPOCH}; Path=/app; Domain=.example.com"),
                format!("_ga_X=; Max-Age=0; Expires={EPOCH}; Path=/app; Domain=www.example.com"),
            ]
        );
    }

    #[test]
    fn prefixes() {
        let rule = CookieRule::pattern("__*", Category::Internal).domain(".example.com");
        assert_eq!(
            lines("__Host-x", &rule),
            vec![format!(
                "__Host-x=; Max-Age=0; Expires={EPOCH}; Path=/; Secure"
            )]
        );
        let secure = lines("__Secure-x", &rule);
        assert_eq!(secure.len(), 2);
        assert!(secure.iter().all(|l| l.ends_with("; Secure")));
    }
}
