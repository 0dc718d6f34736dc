//! The application that the benchmarks, the allocation test, the
//! instruction counter and the load-test server share, so that every figure
//! in BENCHMARKS.md measures the same thing.
//!
//! A route sets three cookies through tower-cookies (`sessionid`, `_ga`,
//! `_fbp`: one necessary, one statistical, one third-party) and the request
//! carries a ten-cookie `Cookie` header. The variants differ only in the
//! outermost layer:
//!
//! - `Variant::Bare`: no layer;
//! - `Variant::Noop`: a layer that does nothing (tower's `Identity`): the
//!   floor any middleware pays in axum;
//! - `Variant::Consent`: `ConsentLayer`;
//! - `Variant::ConsentUncached`: `ConsentLayer` without its cache of
//!   decoded consent cookies;
//! - `Variant::ConsentSigned` and `Variant::ConsentSignedUncached`: the
//!   same two with a signing key (the request's consent cookie signed by
//!   [`signed`]);
//! - `Variant::Naive`: `axum::middleware::from_fn` with the filter a user
//!   writes by hand (the `cookie` crate, a std `HashMap`, a rebuilt list).

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{AppendHeaders, Response};
use axum::routing::get;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderName, HeaderValue};
use tower::Service;
use tower::layer::util::Identity;
use tower_cookie_consent::{
    Category, Consent, ConsentId, ConsentLayer, CookieRule, Grant, Policy, Preferences,
};
// tower-cookies re-exports the `cookie` crate's `Cookie`.
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

#[path = "signing.rs"]
mod signing;

/// The outermost layer of the benchmarked router.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// No layer at all.
    Bare,
    /// A layer that does nothing.
    Noop,
    /// `ConsentLayer` with its defaults.
    Consent,
    /// `ConsentLayer` with its cache of decoded consent cookies turned off:
    /// every request decodes the cookie, as for a visitor seen for the
    /// first time.
    ConsentUncached,
    /// `ConsentLayer` signing its consent cookie (the visitor's cookie
    /// must then be [`signed`]).
    ConsentSigned,
    /// `ConsentSigned` without the cache: every request verifies the MAC
    /// and decodes.
    ConsentSignedUncached,
    /// `ConsentLayer` with request scrubbing and withdrawal off: it only
    /// reads the consent cookie and filters `Set-Cookie` lines, as the
    /// performance issue's prototype did.
    ConsentFilterOnly,
    /// A hand-written `from_fn` consent filter.
    Naive,
}

/// Necessary cookies: the visitor's browser may hold all of them.
pub const NECESSARY: [&str; 9] = [
    "sessionid",
    "csrftoken",
    "django_language",
    "lb_route",
    "cart_id",
    "tz",
    "login_hint",
    "__Host-auth",
    "remember_me",
];

/// The registry: the demo's cookies and a few more necessary ones.
pub fn policy() -> Policy {
    let mut builder = Policy::builder();
    for name in NECESSARY {
        builder = builder.rule(CookieRule::exact(name, Category::Necessary));
    }
    builder
        .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
        .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
        .rule(CookieRule::pattern("_pk_id.*", Category::Statistical).service("matomo"))
        .rule(CookieRule::pattern("_pk_ses.*", Category::Statistical).service("matomo"))
        .rule(CookieRule::exact("recently_viewed", Category::Internal))
        .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
        .rule(CookieRule::exact("ads_id", Category::ThirdParty).service("ad-partner"))
        .build()
        .expect("the benchmark policy is valid")
}

/// Unix seconds now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs() as i64
}

/// A consent cookie value made now: every optional category accepted at its
/// current revision, or every one refused.
pub fn consent_value(policy: &Policy, accept: bool) -> String {
    let mut preferences = Preferences::new(ConsentId::random(), now());
    for category in policy.categories().filter(|c| !c.is_necessary()) {
        let grant = if accept {
            Grant::Accepted(policy.revision(category).expect("known").to_owned())
        } else {
            Grant::Refused
        };
        preferences
            .categories
            .insert(category.name().to_owned(), grant);
    }
    preferences.encode()
}

/// The ten-cookie `Cookie` header: nine necessary cookies and the consent
/// cookie, last (the reader must scan the whole header).
pub fn cookie_header(consent: &str) -> String {
    let mut header = String::new();
    for (i, name) in NECESSARY.iter().enumerate() {
        header.push_str(&format!("{name}=value{i}; "));
    }
    header.push_str("cookies_preferences=");
    header.push_str(consent);
    header
}

/// A consent cookie value signed as the `ConsentSigned` variants expect.
pub fn signed(value: &str) -> String {
    signing::sign(&signing::test_key(), "cookies_preferences", value)
}

/// A `GET` of `path` carrying `cookie_header`.
pub fn request(path: &str, cookie_header: &str) -> Request {
    Request::builder()
        .uri(path)
        .header(COOKIE, cookie_header)
        .body(Body::empty())
        .expect("a valid request")
}

/// `/` sets `sessionid`, `_ga` and `_fbp` with tower-cookies;
/// `/necessary` sets three necessary cookies with tower-cookies; `/raw`
/// sets `sessionid`, `_ga` and `_fbp` as literal header lines, without
/// tower-cookies; `/page`, without tower-cookies, sets nothing and reads
/// the visitor's consent.
fn routes() -> Router {
    Router::new()
        .route("/", get(set_mixed))
        .route("/necessary", get(set_necessary))
        .layer(CookieManagerLayer::new())
        .route("/raw", get(set_raw))
        .route("/page", get(page))
}

async fn set_raw() -> (AppendHeaders<[(HeaderName, &'static str); 3]>, &'static str) {
    (
        AppendHeaders([
            (SET_COOKIE, "sessionid=s3ss10n; Path=/"),
            (SET_COOKIE, "_ga=GA1.1.123.456; Path=/"),
            (SET_COOKIE, "_fbp=fb.1.123.456; Path=/"),
        ]),
        "ok",
    )
}

/// A page that shows analytics only to visitors who accepted them. The
/// consent is the extension the layer inserts (the `Consent` extractor),
/// read as `Option` so that the variants without the layer serve it too.
async fn page(consent: Option<Consent>) -> &'static str {
    if consent.is_some_and(|c| c.allows(&Category::Statistical)) {
        "<script src=/analytics.js></script>"
    } else {
        "no analytics"
    }
}

async fn set_mixed(cookies: Cookies) -> &'static str {
    cookies.add(Cookie::new("sessionid", "s3ss10n"));
    cookies.add(Cookie::new("_ga", "GA1.1.123.456"));
    cookies.add(Cookie::new("_fbp", "fb.1.123.456"));
    "ok"
}

async fn set_necessary(cookies: Cookies) -> &'static str {
    cookies.add(Cookie::new("sessionid", "s3ss10n"));
    cookies.add(Cookie::new("csrftoken", "t0k3n"));
    cookies.add(Cookie::new("lb_route", "web-2"));
    "ok"
}

/// The router with `variant` as its outermost layer, with its handlers
/// turned into services once, as `axum::serve` does (`with_state`); without
/// that, axum rebuilds every handler on every in-process call.
pub fn router(variant: Variant) -> Router {
    let router = match variant {
        Variant::Bare => routes(),
        Variant::Noop => routes().layer(Identity::new()),
        Variant::Consent => routes().layer(ConsentLayer::new(policy())),
        Variant::ConsentUncached => routes().layer(
            ConsentLayer::builder(policy())
                .with_choice_cache(0)
                .build()
                .unwrap(),
        ),
        Variant::ConsentSigned => routes().layer(
            ConsentLayer::builder(policy())
                .with_signing_key(signing::test_key())
                .build()
                .unwrap(),
        ),
        Variant::ConsentSignedUncached => routes().layer(
            ConsentLayer::builder(policy())
                .with_signing_key(signing::test_key())
                .with_choice_cache(0)
                .build()
                .unwrap(),
        ),
        Variant::ConsentFilterOnly => routes().layer(
            ConsentLayer::builder(policy())
                .with_request_scrubbing(false)
                .with_withdrawal_cleanup(false)
                .build()
                .unwrap(),
        ),
        Variant::Naive => routes().layer(from_fn_with_state(
            Arc::new(NaiveRules::new()),
            naive_consent,
        )),
    };
    router.with_state(())
}

/// Drives a future that never waits on I/O to completion on this thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("an in-process request did not complete");
}

/// One in-process request through `router`.
pub fn call(router: &mut Router, request: Request) -> Response {
    block_on(async {
        std::future::poll_fn(|cx| <Router as Service<Request>>::poll_ready(router, cx))
            .await
            .expect("the router is always ready");
        router.call(request).await.expect("infallible")
    })
}

/// The `Set-Cookie` names of a response, in order.
pub fn set_cookie_names(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| {
            let line = v.to_str().expect("ascii");
            line.split('=').next().unwrap_or_default().to_owned()
        })
        .collect()
}

/// The registry as a user writes it by hand: a map of exact names and a
/// list of prefixes.
pub struct NaiveRules {
    exact: HashMap<String, &'static str>,
    prefixes: Vec<(String, &'static str)>,
}

impl NaiveRules {
    fn new() -> Self {
        let mut exact: HashMap<String, &'static str> = NECESSARY
            .iter()
            .map(|n| (n.to_string(), "necessary"))
            .collect();
        exact.insert("cookies_preferences".into(), "necessary");
        exact.insert("_ga".into(), "statistical");
        exact.insert("recently_viewed".into(), "internal");
        exact.insert("_fbp".into(), "third_party");
        exact.insert("ads_id".into(), "third_party");
        let prefixes = vec![
            ("_ga_".to_owned(), "statistical"),
            ("_pk_id.".to_owned(), "statistical"),
            ("_pk_ses.".to_owned(), "statistical"),
        ];
        NaiveRules { exact, prefixes }
    }

    fn category(&self, name: &str) -> Option<&'static str> {
        self.exact.get(name).copied().or_else(|| {
            self.prefixes
                .iter()
                .find(|(p, _)| name.starts_with(p.as_str()))
                .map(|(_, c)| *c)
        })
    }
}

#[derive(serde::Deserialize)]
struct NaiveChoice {
    categories: HashMap<String, serde_json::Value>,
}

/// What a user writes by hand: parse the cookies with the `cookie` crate,
/// decode the choice with serde, rebuild the `Set-Cookie` list. It checks
/// no revision, deletes nothing and leaves caching alone, so it does less
/// than `ConsentLayer`.
async fn naive_consent(
    State(rules): State<Arc<NaiveRules>>,
    request: Request,
    next: Next,
) -> Response {
    let mut allowed: HashSet<String> = HashSet::new();
    for field in request.headers().get_all(COOKIE) {
        let Ok(text) = field.to_str() else { continue };
        for cookie in Cookie::split_parse(text).flatten() {
            if cookie.name() != "cookies_preferences" {
                continue;
            }
            let json = percent_encoding::percent_decode_str(cookie.value()).decode_utf8_lossy();
            if let Ok(choice) = serde_json::from_str::<NaiveChoice>(&json) {
                allowed = choice
                    .categories
                    .into_iter()
                    .filter(|(_, grant)| grant.is_string())
                    .map(|(name, _)| name)
                    .collect();
            }
        }
    }
    let mut response = next.run(request).await;
    let kept: Vec<HeaderValue> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter(|line| {
            let Some(cookie) = line.to_str().ok().and_then(|t| Cookie::parse(t).ok()) else {
                return false;
            };
            match rules.category(cookie.name()) {
                Some("necessary") => true,
                Some(category) => allowed.contains(category),
                None => false,
            }
        })
        .cloned()
        .collect();
    let headers = response.headers_mut();
    headers.remove(SET_COOKIE);
    for line in kept {
        headers.append(SET_COOKIE, line);
    }
    response
}
