//! A real axum `Router` behind `ConsentLayer` whose handler sets whatever
//! `Set-Cookie` lines the request asks for, so a test can feed the layer
//! any response it likes through one app.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use axum::routing::any;
use tower::ServiceExt;
use tower_cookie_consent::{
    Category, Consent, ConsentId, ConsentLayer, CookieRule, DEFAULT_COOKIE_NAME, Grant, Policy,
    Preferences,
};

/// Request header whose every value the handler answers as a `Set-Cookie` line.
pub const SET_COOKIE_REQUEST: &str = "x-set-cookie";
/// Response header carrying the `Cookie` fields the handler received, one
/// value per field (absent when the layer hid every cookie).
pub const SEEN_COOKIE: &str = "x-seen-cookie";
/// Response header saying whether the handler's `Consent` is decided.
pub const DECIDED: &str = "x-decided";

/// Every built-in category, exact names, globs, services, domains, a path,
/// `__Host-` and `__Secure-` names.
pub fn policy() -> Policy {
    Policy::builder()
        .rule(CookieRule::exact("sessionid", Category::Necessary))
        .rule(CookieRule::exact("csrftoken", Category::Necessary))
        .rule(CookieRule::exact("__Host-sid", Category::Necessary))
        .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
        .rule(
            CookieRule::pattern("_ga_*", Category::Statistical)
                .service("google-analytics")
                .domain(".example.com"),
        )
        .rule(
            CookieRule::pattern("_pk_id.*", Category::Statistical)
                .service("matomo")
                .path("/app"),
        )
        .rule(CookieRule::exact("recently_viewed", Category::Internal))
        .rule(CookieRule::pattern("pref_*", Category::Internal))
        .rule(CookieRule::exact("__Secure-pref", Category::Internal).domain("example.com"))
        .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
        .rule(
            CookieRule::exact("ads_id", Category::ThirdParty)
                .domain(".example.com")
                .domain("ads.example.com"),
        )
        .build()
        .expect("the test policy is valid")
}

async fn echo(consent: Consent, headers: HeaderMap) -> Response<Body> {
    let mut response = Response::new(Body::from("ok"));
    let out = response.headers_mut();
    for line in headers.get_all(SET_COOKIE_REQUEST) {
        out.append("set-cookie", line.clone());
    }
    for field in headers.get_all("cookie") {
        out.append(SEEN_COOKIE, field.clone());
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

/// Sends one request and returns the response with its body read.
pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("the body reads");
    (parts.status, parts.headers, body.to_vec())
}

/// What a visitor has stored in the consent cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// No consent cookie.
    Nothing,
    /// Every category accepted at its current revision.
    AcceptAll,
    /// Every category refused.
    RefuseAll,
    /// Statistical accepted but the `matomo` service refused, internal
    /// refused, third party undecided.
    Mixed,
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// The stored choice as `Preferences`, made at `at`.
pub fn preferences(stored: Stored, policy: &Policy, at: i64) -> Option<Preferences> {
    let mut prefs = Preferences::new(ConsentId::from_bytes([7; 16]), at);
    let grant = |c: &Category| Grant::Accepted(policy.revision(c).expect("known").to_owned());
    for category in policy.categories().skip(1) {
        let value = match stored {
            Stored::Nothing => return None,
            Stored::AcceptAll => grant(category),
            Stored::RefuseAll => Grant::Refused,
            Stored::Mixed => match category {
                Category::Statistical => grant(category),
                Category::Internal => Grant::Refused,
                _ => continue,
            },
        };
        prefs.categories.insert(category.name().to_owned(), value);
    }
    if stored == Stored::Mixed {
        prefs.services.insert("matomo".to_owned(), false);
    }
    Some(prefs)
}

/// The consent cookie as a `Cookie` pair (`cookies_preferences=…`), made now.
pub fn consent_pair(stored: Stored, policy: &Policy) -> Option<String> {
    preferences(stored, policy, now()).map(|p| format!("{DEFAULT_COOKIE_NAME}={}", p.encode()))
}

/// Whether the rules of DESIGN.md let a cookie of this name through for
/// this stored choice under the default (opt-in, strip unknown) layer,
/// worked out from the policy's public classification alone.
pub fn allowed(policy: &Policy, stored: Stored, gpc: bool, name: &[u8]) -> bool {
    if name == DEFAULT_COOKIE_NAME.as_bytes() {
        return true;
    }
    let Some(rule) = policy.classify_bytes(name) else {
        return false;
    };
    let category = rule.category();
    if category.is_necessary() {
        return true;
    }
    if gpc && *category == Category::ThirdParty {
        return false;
    }
    match stored {
        Stored::Nothing | Stored::RefuseAll => false,
        Stored::AcceptAll => true,
        Stored::Mixed => {
            *category == Category::Statistical && rule.service_name() != Some("matomo")
        }
    }
}
