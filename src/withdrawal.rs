//! Withdrawal: cookies the visitor sent that are now denied get expiring
//! `Set-Cookie` lines with the Domain and Path the registry records.

use std::collections::HashSet;

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

use crate::cookie_header::{self, CookiePair};
use crate::set_cookie::{self, is_token};
use crate::{Consent, CookieRule};

/// The request's `Cookie` fields as they came, before scrubbing, kept for
/// the response. Header values share their bytes, so this copies nothing.
#[derive(Debug, Default)]
pub(crate) struct SentCookies {
    first: Option<HeaderValue>,
    rest: Vec<HeaderValue>,
}

impl SentCookies {
    pub(crate) fn capture(headers: &HeaderMap) -> Self {
        let mut fields = headers.get_all(COOKIE).into_iter();
        SentCookies {
            first: fields.next().cloned(),
            rest: fields.cloned().collect(),
        }
    }

    fn pairs(&self) -> impl Iterator<Item = CookiePair<'_>> {
        self.first
            .iter()
            .chain(&self.rest)
            .flat_map(|field| cookie_header::field_pairs(field.as_bytes()))
    }
}

const EPOCH: &str = "Thu, 01 Jan 1970 00:00:00 GMT";

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
    // Names already handled and names the response sets, in hash sets that
    // allocate only once a denied cookie shows up: the visitor controls how
    // many cookies they send, so the work must stay linear in the header
    // size. The default hasher resists chosen collisions; the names are theirs.
    let mut handled: HashSet<&[u8]> = HashSet::new();
    let mut set_by_response: Option<HashSet<Vec<u8>>> = None;
    let mut added = 0;
    for pair in sent.pairs() {
        let name = pair.name;
        if name == cookie_name || !is_token(name) {
            continue;
        }
        let Some(rule_index) = policy.rule_index(name) else {
            continue;
        };
        if consent.decision.allows_target(policy.target(rule_index)) {
            continue;
        }
        // The same name sent twice (two domains, two paths) is deleted once.
        let set_by_response = set_by_response.get_or_insert_with(|| names_set_by(headers));
        if !handled.insert(name) || set_by_response.contains(name) {
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

/// The names the response's `Set-Cookie` lines set, before any deletion
/// is appended.
fn names_set_by(headers: &HeaderMap) -> HashSet<Vec<u8>> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| set_cookie::read(v.as_bytes(), 0).name.to_vec())
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
            let mut line = Vec::with_capacity(96 + name.len());
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
            // Names are tokens and domains and paths were checked at build
            // time, so this does not fail; if it did, the line is skipped.
            HeaderValue::from_bytes(&line).ok()
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
            vec![format!("__Host-x=; Max-Age=0; Expires={EPOCH}; Path=/; Secure")]
        );
        let secure = lines("__Secure-x", &rule);
        assert_eq!(secure.len(), 2);
        assert!(secure.iter().all(|l| l.ends_with("; Secure")));
    }
}
