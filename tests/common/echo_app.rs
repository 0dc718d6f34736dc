//! A real axum `Router` behind `ConsentLayer` whose handler sets whatever
//! `Set-Cookie` lines the request asks for, so a test can feed the layer
//! any response it likes through one app.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use axum::routing::any;
use tower::ServiceExt;
use tower_cookie_consent::{Consent, ConsentLayer};

/// Request header whose every value the handler answers as a `Set-Cookie` line.
pub const SET_COOKIE_REQUEST: &str = "x-set-cookie";
/// Response header carrying the `Cookie` fields the handler received, one
/// value per field (absent when the layer hid every cookie).
pub const SEEN_COOKIE: &str = "x-seen-cookie";
/// Response header saying whether the handler's `Consent` is decided.
pub const DECIDED: &str = "x-decided";
/// Request headers whose values the handler answers as `Cache-Control`
/// and `Vary` fields.
pub const CACHE_CONTROL_REQUEST: &str = "x-cache-control";
pub const VARY_REQUEST: &str = "x-vary";

// Re-exported so tests keep one path for the app and its fixtures.
#[allow(unused_imports)]
pub use super::fixture_policy::{
    Stored, allowed, consent_pair, now, policy, policy_allowing_unknown, preferences,
};

async fn echo(consent: Consent, headers: HeaderMap) -> Response<Body> {
    let mut response = Response::new(Body::from("ok"));
    let out = response.headers_mut();
    for line in headers.get_all(SET_COOKIE_REQUEST) {
        out.append("set-cookie", line.clone());
    }
    for field in headers.get_all("cookie") {
        out.append(SEEN_COOKIE, field.clone());
    }
    for value in headers.get_all(CACHE_CONTROL_REQUEST) {
        out.append("cache-control", value.clone());
    }
    for value in headers.get_all(VARY_REQUEST) {
        out.append("vary", value.clone());
    }
    out.insert(
        DECIDED,
        HeaderValue::from_static(if consent.is_decided() {
            "true"
        } else {
            "false"
        }),
    );
    response
}

/// The echo app behind `layer`.
pub fn app(layer: ConsentLayer) -> Router {
    Router::new().route("/", any(echo)).layer(layer)
}

/// The echo app behind the default layer over [`policy`].
pub fn default_app() -> Router {
    app(ConsentLayer::new(policy()))
}

/// The echo app behind a layer over [`policy_allowing_unknown`].
pub fn allow_unknown_app() -> Router {
    app(ConsentLayer::new(policy_allowing_unknown()))
}

/// Sends one request and returns the response with its body read.
pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("the body reads");
    (parts.status, parts.headers, body.to_vec())
}
