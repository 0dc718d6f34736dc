//! Helpers shared by the integration tests: a test policy, a router whose
//! handler sets given `Set-Cookie` lines, and consent cookies.
#![allow(dead_code)]

pub mod echo_app;
pub mod fixture_policy;
pub mod log_capture;
pub mod requests;
pub mod signing;
pub mod wire;

#[path = "../../examples/server/main.rs"]
pub mod server;

#[allow(unused_imports)]
pub use requests::*;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Response};
use tower::ServiceExt;
use tower_cookie_consent::{
    Category, Consent, ConsentId, ConsentLayer, CookieRule, Grant, Policy, Preferences,
};

/// The example registry, with domains for deletion tests.
pub fn policy() -> Policy {
    Policy::builder()
        .rule(CookieRule::exact("sessionid", Category::Necessary).provider("Opendatasoft"))
        .rule(CookieRule::exact("csrftoken", Category::Necessary))
        .rule(
            CookieRule::exact("_ga", Category::Statistical)
                .service("google-analytics")
                .domain(".example.com"),
        )
        .rule(
            CookieRule::pattern("_ga_*", Category::Statistical)
                .service("google-analytics")
                .domain(".example.com")
                .domain("www.example.com"),
        )
        .rule(CookieRule::pattern("_pk_id.*", Category::Statistical).service("matomo"))
        .rule(CookieRule::exact("recently_viewed", Category::Internal).path("/datasets"))
        .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
        .rule(CookieRule::exact("__Host-pref", Category::Internal))
        .rule(CookieRule::exact("__Secure-ad", Category::ThirdParty).domain(".example.com"))
        .build()
        .expect("test policy is valid")
}

/// A router whose handler answers with these `Set-Cookie` lines and a body
/// describing the `Consent` it saw and the `Cookie` header it received.
pub fn app_with(lines: &[&'static str], layer: ConsentLayer) -> Router {
    let lines: Vec<&'static str> = lines.to_vec();
    Router::new()
        .route(
            "/",
            axum::routing::get(move |consent: Consent, headers: HeaderMap| {
                let lines = lines.clone();
                async move {
                    let mut response = Response::new(Body::from(describe(&consent, &headers)));
                    for line in lines {
                        response
                            .headers_mut()
                            .append("set-cookie", HeaderValue::from_static(line));
                    }
                    response
                }
            }),
        )
        .layer(layer)
}

fn describe(consent: &Consent, headers: &HeaderMap) -> String {
    let cookie: Vec<&str> = headers
        .get_all("cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("<bytes>"))
        .collect();
    format!(
        "decided={} statistical={} internal={} third_party={} banner={} gpc={} gpc_honored={}\ncookie={}",
        consent.is_decided(),
        consent.allows(&Category::Statistical),
        consent.allows(&Category::Internal),
        consent.allows(&Category::ThirdParty),
        consent.needs_banner(),
        consent.gpc(),
        consent.gpc_honored(),
        cookie.join(" | ")
    )
}

/// The response of one GET / with these headers (name, value).
pub async fn get_with(app: &Router, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::builder().uri("/");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .expect("router is infallible")
}

/// The `Set-Cookie` lines of a response, in order.
pub fn set_cookies(response: &Response<Body>) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| String::from_utf8(v.as_bytes().to_vec()).unwrap())
        .collect()
}

/// The names set (not deleted) by a response.
pub fn names(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.split(['=', ';']).next().unwrap().trim().to_owned())
        .collect()
}

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A consent cookie (`cookies_preferences=…`) accepting `accepted` at their
/// current revisions and refusing `refused`, made `age` seconds ago.
pub fn consent_cookie(
    policy: &Policy,
    accepted: &[Category],
    refused: &[Category],
    services: &[(&str, bool)],
    age: i64,
) -> String {
    let mut prefs = Preferences::new(ConsentId::random(), now() - age);
    for category in accepted {
        let revision = policy.revision(category).unwrap().to_owned();
        prefs
            .categories
            .insert(category.name().to_owned(), Grant::Accepted(revision));
    }
    for category in refused {
        prefs
            .categories
            .insert(category.name().to_owned(), Grant::Refused);
    }
    for (service, granted) in services {
        // A grant carries the service's current revision, as the endpoint writes it.
        let grant = match policy.service_revision(service) {
            Some(revision) if *granted => Grant::Accepted(revision.to_owned()),
            _ => Grant::Refused,
        };
        prefs.services.insert((*service).to_owned(), grant);
    }
    format!("cookies_preferences={}", prefs.encode())
}

/// Every non-necessary built-in category.
pub fn all_optional() -> Vec<Category> {
    vec![
        Category::Statistical,
        Category::Internal,
        Category::ThirdParty,
    ]
}
