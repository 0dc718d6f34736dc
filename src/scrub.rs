//! Request scrubbing: denied cookies leave the `Cookie` header before the
//! application sees it (ePrivacy forbids reading them as well as writing).

use http::header::COOKIE;
use http::{HeaderMap, HeaderValue};

use crate::Consent;
use crate::cookie_header;

/// Removes the cookies this consent does not allow from the request's
/// `Cookie` fields, joining what is left into one field. Leaves the header
/// map untouched (and allocates nothing) when every cookie is allowed.
/// Returns how many cookies were hidden.
pub(crate) fn scrub(headers: &mut HeaderMap, consent: &Consent) -> usize {
    let hidden = cookie_header::pairs(headers)
        .filter(|p| !consent.allows_cookie_bytes(p.name))
        .count();
    if hidden == 0 {
        return 0;
    }
    let mut joined: Vec<u8> = Vec::new();
    for pair in cookie_header::pairs(headers) {
        if consent.allows_cookie_bytes(pair.name) {
            if !joined.is_empty() {
                joined.extend_from_slice(b"; ");
            }
            joined.extend_from_slice(pair.raw);
        }
    }
    headers.remove(COOKIE);
    if !joined.is_empty() {
        // The bytes all came from valid header values joined by "; ".
        match HeaderValue::from_bytes(&joined) {
            Ok(value) => {
                headers.insert(COOKIE, value);
            }
            Err(_) => tracing::debug!(
                target: "tower_cookie_consent",
                "could not rebuild the Cookie header; all cookies hidden"
            ),
        }
    }
    tracing::debug!(
        target: "tower_cookie_consent",
        hidden,
        "cookies without consent hidden from the application"
    );
    hidden
}
