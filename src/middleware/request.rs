//! One pass over the request's `Cookie` fields: the stored consent choice,
//! and what the policy says of every other cookie.
//!
//! Scrubbing and withdrawal need each cookie's rule, and the consent
//! decision needs the consent cookie; both come from the same pass, so each
//! pair is split and looked up once. Necessary cookies are never hidden nor
//! deleted and need no more thought; the few other registered cookies are
//! remembered with their rule, on the stack, until the decision is known.
//! Unknown names go to the report, and the first sight of each is logged:
//! a cookie the registry misses (a session cookie under another name) is
//! hidden from the application on every request, which is otherwise silent.

use http::HeaderMap;
use http::header::COOKIE;

use crate::Consent;
use crate::consent::choice::{Choice, Window};
use crate::cookie::cookie_header;
use crate::cookie::decoded_name;
use crate::cookie::set_cookie::is_token;
use crate::middleware::choice_cache::ChoiceCache;
use crate::middleware::report::Counters;
use crate::middleware::scrub;
use crate::middleware::withdrawal::SentCookies;
use crate::policy::RuleTarget;
use crate::{Policy, PreferencesError, UnknownCookies};

/// Registered, non-necessary cookies remembered on the stack; past this
/// many, the headers are read again.
const WATCHED: usize = 8;

/// What the request's cookies say, before the consent is decided.
pub(crate) struct RequestCookies<'h> {
    /// The valid, current copy of the consent cookie with the latest date.
    pub(crate) choice: Option<Choice>,
    /// Cookies no rule names.
    unknown: usize,
    /// Registered cookies of a category other than necessary, in order.
    watched: [(&'h [u8], RuleTarget); WATCHED],
    watched_len: usize,
    /// More watched cookies than fit.
    overflow: bool,
    /// A name may read differently decoded, as tower-cookies and
    /// axum-extra read it ([`decoded_name`](crate::cookie::decoded_name)).
    encoded: bool,
}

/// What [`RequestCookies::read`] needs to know.
pub(crate) struct Reading<'a> {
    pub(crate) cookie_name: &'a [u8],
    pub(crate) policy: &'a Policy,
    pub(crate) cache: &'a ChoiceCache,
    pub(crate) window: Window,
    /// Whether the other cookies are classified (for scrubbing or
    /// withdrawal); otherwise only the consent cookie is read.
    pub(crate) classify: bool,
    /// Whether denied cookies are hidden from the application.
    pub(crate) scrubbing: bool,
    /// Where unknown names are counted.
    pub(crate) counters: &'a Counters,
}

impl<'h> RequestCookies<'h> {
    /// Reads every pair of every `Cookie` field once. Malformed, expired and
    /// future-dated copies of the consent cookie are logged and ignored.
    pub(crate) fn read(headers: &'h HeaderMap, reading: &Reading<'_>) -> Self {
        let mut cookies = RequestCookies {
            choice: None,
            unknown: 0,
            watched: [(&[][..], RuleTarget::NECESSARY); WATCHED],
            watched_len: 0,
            overflow: false,
            encoded: false,
        };
        for field in headers.get_all(COOKIE) {
            for pair in cookie_header::pairs(field.as_bytes()) {
                if pair.name == reading.cookie_name {
                    let decoded = reading.cache.decode(pair.value, reading.policy);
                    cookies.consider(decoded, reading.window);
                    continue;
                }
                if !reading.classify {
                    continue;
                }
                // A name that may read differently decoded (`%5Ffbp` as `_fbp`)
                // has both readings judged once the consent is known, on the
                // slow path. Here it is classified raw, as withdrawal reads it.
                // A name a rule names literally has one reading.
                let Some(rule) = reading.policy.rule_index(pair.name) else {
                    cookies.unknown += 1;
                    cookies.encoded |= decoded_name::may_differ(pair.name);
                    if !pair.name.is_empty() && reading.counters.unknown_name(pair.name) {
                        warn_unknown(pair.name, reading);
                    }
                    continue;
                };
                let target = reading.policy.target(rule);
                cookies.encoded |= !target.literal && decoded_name::may_differ(pair.name);
                if target.category == 0 {
                    continue;
                }
                match cookies.watched.get_mut(cookies.watched_len) {
                    Some(slot) => {
                        *slot = (pair.name, target);
                        cookies.watched_len += 1;
                    }
                    None => cookies.overflow = true,
                }
            }
        }
        cookies
    }

    fn consider(&mut self, decoded: Result<Choice, PreferencesError>, window: Window) {
        match decoded {
            Ok(choice) if window.admits(choice.at) => {
                if self.choice.is_none_or(|best| choice.at > best.at) {
                    self.choice = Some(choice);
                }
            }
            Ok(choice) => tracing::debug!(
                target: "tower_cookie_consent",
                at = choice.at,
                "consent cookie expired or dated in the future; treated as no decision"
            ),
            Err(error) => tracing::debug!(
                target: "tower_cookie_consent",
                %error,
                "malformed consent cookie; treated as no decision"
            ),
        }
    }

    fn watched(&self) -> &[(&'h [u8], RuleTarget)] {
        &self.watched[..self.watched_len]
    }

    /// How many cookies this consent hides from the application.
    pub(crate) fn hidden(&self, headers: &HeaderMap, consent: &Consent) -> usize {
        if self.overflow || self.encoded {
            return scrub::hidden_count(headers, consent);
        }
        let unknown = if consent.allows_unknown() {
            0
        } else {
            self.unknown
        };
        let denied = self
            .watched()
            .iter()
            .filter(|(_, target)| !consent.allows_target(*target))
            .count();
        unknown + denied
    }

    /// Notes, for withdrawal on the response, the registered cookies of a
    /// category other than necessary that the visitor sent.
    pub(crate) fn note_sent(&self, headers: &HeaderMap, sent: &mut SentCookies) {
        if self.overflow {
            sent.keep_fields(headers);
            return;
        }
        for (name, _) in self.watched() {
            if is_token(name) && !sent.note(name) {
                sent.keep_fields(headers);
                return;
            }
        }
    }
}

/// The first sight of an unknown name in a request: what happens to it,
/// and the fix.
#[cold]
#[inline(never)]
fn warn_unknown(name: &[u8], reading: &Reading<'_>) {
    let cookie = String::from_utf8_lossy(name);
    match (reading.scrubbing, reading.policy.unknown()) {
        (true, UnknownCookies::Strip) => tracing::warn!(
            target: "tower_cookie_consent",
            %cookie,
            "a request sends a cookie no policy rule matches; it is hidden from the application on every request: register it in the policy (CookieRule)"
        ),
        (true, UnknownCookies::As(category)) => tracing::warn!(
            target: "tower_cookie_consent",
            %cookie,
            category = category.name(),
            "a request sends a cookie no policy rule matches; it is hidden from the application unless the visitor allows its category: register it in the policy (CookieRule)"
        ),
        _ => tracing::warn!(
            target: "tower_cookie_consent",
            %cookie,
            "a request sends a cookie no policy rule matches; register it in the policy (CookieRule)"
        ),
    }
}
