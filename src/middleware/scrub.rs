//! Request scrubbing: denied cookies leave the `Cookie` header before the
//! application sees it (ePrivacy forbids reading them as well as writing).
//! A pair leaves when either reading of its name is denied: the raw bytes,
//! or the percent-decoded name tower-cookies and axum-extra read
//! ([`Consent::allows_cookie_bytes`]).

use bytes::Bytes;
use http::header::COOKIE;
use http::{HeaderMap, HeaderValue};

use crate::Consent;
use crate::cookie::cookie_header;

/// How many of the request's cookies this consent hides from the
/// application: the slow path of
/// [`RequestCookies::hidden`](crate::middleware::request::RequestCookies::hidden),
/// for requests with more watched cookies than it keeps or with a `%` in
/// a name.
pub(crate) fn hidden_count(headers: &HeaderMap, consent: &Consent) -> usize {
    cookie_header::all_pairs(headers)
        .filter(|pair| !consent.allows_cookie_bytes(pair.name))
        .count()
}

/// Removes the cookies this consent does not allow from the request's
/// `Cookie` fields, joining what is left into one field. `hidden` is the
/// count [`hidden_count`] (or the one-pass reader) found; with 0 the
/// header map is left untouched.
pub(crate) fn scrub(headers: &mut HeaderMap, consent: &Consent, hidden: usize) {
    if hidden == 0 {
        return;
    }
    let kept = || {
        cookie_header::all_pairs(headers)
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
