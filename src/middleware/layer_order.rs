//! Feature `tower-cookies`: a cookie-writing layer placed outside
//! `ConsentLayer`, found on the way in.
//!
//! tower-cookies' `CookieManagerLayer` puts its `Cookies` in the request's
//! extensions before calling the service it wraps, and writes the cookies
//! added to them after that service answers; tower-sessions'
//! `SessionManagerLayer` wraps its service in a `CookieManager`, so it does
//! the same. A request that reaches `ConsentLayer` already carrying
//! `Cookies` therefore came through one of them from outside, and the
//! `Set-Cookie` lines they write leave after the layer has judged the
//! response: unfiltered. Extensions are looked up by type, so the check
//! needs tower-cookies linked: one lookup per request, only with the
//! feature, and blind to another major version of tower-cookies than the
//! one this crate names (0.11).

use http::Extensions;

use crate::middleware::report::Counters;

/// Counts a request that came through `CookieManagerLayer` from outside,
/// and logs the first.
#[inline]
pub(crate) fn check(extensions: &Extensions, counters: &Counters) {
    if extensions.get::<tower_cookies::Cookies>().is_some() && counters.misordered() {
        tracing::error!(
            target: "tower_cookie_consent",
            "CookieManagerLayer (tower-cookies) or SessionManagerLayer (tower-sessions) sits outside ConsentLayer: the cookies they write leave without consent. Add ConsentLayer after them (with Router::layer, the last layer added is the outermost)"
        );
    }
}
