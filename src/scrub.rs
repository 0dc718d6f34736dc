//! Request scrubbing: denied cookies leave the `Cookie` header before the
//! application sees it (ePrivacy forbids reading them as well as writing).

use bytes::Bytes;
use http::header::COOKIE;
use http::{HeaderMap, HeaderValue};

use crate::Consent;
use crate::cookie_header;
use crate::set_cookie::is_token;
use crate::withdrawal::SentCookies;

/// Reads the request's cookies once: counts those this consent hides from
/// the application and, when `sent` is given, notes the registered cookies
/// of a category other than necessary (the only ones withdrawal may delete
/// on the response). One policy lookup per cookie serves both.
pub(crate) fn survey(
    headers: &HeaderMap,
    consent: &Consent,
    mut sent: Option<&mut SentCookies>,
) -> usize {
    let policy = consent.policy();
    let cookie_name = consent.cookie_name().as_bytes();
    let mut hidden = 0;
    let mut all_noted = true;
    for pair in cookie_header::pairs(headers) {
        if pair.name == cookie_name {
            continue;
        }
        let Some(rule) = policy.rule_index(pair.name) else {
            hidden += usize::from(!consent.allows_unknown());
            continue;
        };
        let target = policy.target(rule);
        hidden += usize::from(!consent.decision.allows_target(target));
        if let Some(sent) = sent.as_deref_mut() {
            if target.category != 0 && is_token(pair.name) && all_noted {
                all_noted = sent.note(pair.name);
            }
        }
    }
    if let (Some(sent), false) = (sent, all_noted) {
        sent.keep_fields(headers);
    }
    hidden
}

/// Removes the cookies this consent does not allow from the request's
/// `Cookie` fields, joining what is left into one field. `hidden` is the
/// count [`survey`] returned; with 0 the header map is left untouched.
pub(crate) fn scrub(headers: &mut HeaderMap, consent: &Consent, hidden: usize) {
    if hidden == 0 {
        return;
    }
    let kept = || {
        cookie_header::pairs(headers)
            .filter(|pair| consent.allows_cookie_bytes(pair.name))
            .map(|pair| pair.raw)
    };
    // Sized exactly, so the header value takes the vector's bytes without a
    // copy: one allocation.
    let len = kept()
        .map(|raw| raw.len() + 2)
        .sum::<usize>()
        .saturating_sub(2);
    let mut joined: Vec<u8> = Vec::with_capacity(len);
    for raw in kept() {
        if !joined.is_empty() {
            joined.extend_from_slice(b"; ");
        }
        joined.extend_from_slice(raw);
    }
    let joined = (!joined.is_empty()).then(|| HeaderValue::from_maybe_shared(Bytes::from(joined)));
    headers.remove(COOKIE);
    match joined {
        // The bytes all came from valid header values joined by "; ".
        Some(Ok(value)) => {
            headers.insert(COOKIE, value);
        }
        Some(Err(_)) => tracing::debug!(
            target: "tower_cookie_consent",
            "could not rebuild the Cookie header; all cookies hidden"
        ),
        None => {}
    }
    tracing::debug!(
        target: "tower_cookie_consent",
        hidden,
        "cookies without consent hidden from the application"
    );
}
