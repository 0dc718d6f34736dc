//! Responses whose content depends on consent stay out of shared caches:
//! `Cache-Control: private` and `Vary: Cookie` when the layer judged a
//! `Set-Cookie` line of the response, the handler took the `Consent`
//! extractor, or the layer changed the response; `Vary: Sec-GPC` too when
//! the signal changed what the visitor allows. Anything else (a static
//! asset) leaves with its headers untouched.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Response};
use axum::routing;
use common::*;
use tokio::sync::Semaphore;
use tower_cookie_consent::{Consent, ConsentDefault, ConsentLayer};

/// Every header of a response, in order, as `name: value`.
fn listing(headers: &HeaderMap) -> Vec<String> {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v.as_bytes())))
        .collect()
}

fn cache_control(response: &Response<Body>) -> Option<&str> {
    response
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap())
}

fn vary(response: &Response<Body>) -> Vec<&str> {
    response
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

/// A response with these headers (name, value), appended in order.
fn with_headers(headers: &[(&'static str, &'static str)]) -> Response<Body> {
    let mut response = Response::new(Body::from("body"));
    for (name, value) in headers {
        response.headers_mut().append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

const ASSET: &[(&str, &str)] = &[
    ("content-type", "text/javascript"),
    ("cache-control", "public, max-age=31536000, immutable"),
    ("etag", "\"v1\""),
];

fn asset_routes() -> Router {
    Router::new().route("/app.js", routing::get(|| async { with_headers(ASSET) }))
}

#[tokio::test]
async fn a_static_asset_leaves_untouched_byte_for_byte() {
    let bare = asset_routes();
    let layered = asset_routes().layer(ConsentLayer::new(policy()));
    let policy = policy();
    let everything = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    for (cookie, gpc) in [("", false), (everything.as_str(), true), ("_ga=1", false)] {
        let request = || {
            let mut request = axum::http::Request::get("/app.js");
            if !cookie.is_empty() {
                request = request.header("cookie", cookie);
            }
            if gpc {
                request = request.header("sec-gpc", "1");
            }
            request.body(Body::empty()).unwrap()
        };
        let expected = send(&bare, request()).await;
        let got = send(&layered, request()).await;
        // A visitor who sends `_ga` without consent gets its deletion: the
        // layer changed that response.
        if cookie == "_ga=1" {
            assert_eq!(
                cache_control(&got),
                Some("private, max-age=31536000, immutable")
            );
            assert_eq!(vary(&got), ["Cookie"]);
            continue;
        }
        assert_eq!(
            listing(got.headers()),
            listing(expected.headers()),
            "{cookie:?}"
        );
    }
}

#[tokio::test]
async fn a_handler_taking_consent_makes_its_response_private() {
    let app = Router::new()
        .route(
            "/",
            routing::get(|consent: Consent| async move {
                format!("banner: {}", consent.needs_banner())
            }),
        )
        .route(
            "/optional",
            routing::get(
                |consent: Option<Consent>| async move { format!("{}", consent.is_some()) },
            ),
        )
        .route("/static", routing::get(|| async { "same for all" }))
        .layer(ConsentLayer::new(policy()));
    for path in ["/", "/optional"] {
        let response = send(&app, get(path, "")).await;
        assert_eq!(cache_control(&response), Some("private"), "{path}");
        assert_eq!(vary(&response), ["Cookie"], "{path}");
        assert!(set_cookies(&response).is_empty());
    }
    let response = send(&app, get("/static", "")).await;
    assert_eq!(cache_control(&response), None);
    assert!(vary(&response).is_empty());
}

#[tokio::test]
async fn a_kept_set_cookie_line_makes_the_response_private() {
    // No extractor: the lines alone make the response depend on consent.
    let app = Router::new()
        .route(
            "/",
            routing::get(|| async { with_headers(&[("set-cookie", "_ga=GA1.2; Path=/")]) }),
        )
        .route(
            "/necessary",
            routing::get(|| async { with_headers(&[("set-cookie", "sessionid=1; Path=/")]) }),
        )
        .layer(ConsentLayer::new(policy()));
    let consenting = consent_cookie(&policy(), &all_optional(), &[], &[], 10);
    let response = send(&app, get("/", &consenting)).await;
    assert_eq!(set_cookies(&response), ["_ga=GA1.2; Path=/"]);
    assert_eq!(cache_control(&response), Some("private"));
    assert_eq!(vary(&response), ["Cookie"]);

    let response = send(&app, get("/necessary", "")).await;
    assert_eq!(set_cookies(&response), ["sessionid=1; Path=/"]);
    assert_eq!(cache_control(&response), Some("private"));
    assert_eq!(vary(&response), ["Cookie"]);
}

#[tokio::test]
async fn public_and_s_maxage_give_way_to_private() {
    let app = Router::new()
        .route(
            "/",
            routing::get(|| async {
                with_headers(&[
                    ("cache-control", "public, s-maxage=60, max-age=60"),
                    ("set-cookie", "sessionid=1"),
                ])
            }),
        )
        .layer(ConsentLayer::new(policy()));
    let response = send(&app, get("/", "")).await;
    assert_eq!(cache_control(&response), Some("private, max-age=60"));
    assert_eq!(vary(&response), ["Cookie"]);
}

#[tokio::test]
async fn no_store_and_vary_star_are_kept() {
    let app = Router::new()
        .route(
            "/",
            routing::get(|_: Consent| async {
                with_headers(&[("cache-control", "no-store"), ("vary", "*")])
            }),
        )
        .layer(ConsentLayer::new(policy()));
    let response = send(&app, get("/", "")).await;
    assert_eq!(cache_control(&response), Some("private, no-store"));
    assert_eq!(vary(&response), ["*"]);
}

#[tokio::test]
async fn vary_names_sec_gpc_when_the_signal_changed_the_outcome() {
    let policy = policy();
    let everything = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    let app = |layer: ConsentLayer| {
        Router::new()
            .route("/", routing::get(|_: Consent| async { "page" }))
            .layer(layer)
    };
    let gpc = |cookie: &str| {
        let mut request = axum::http::Request::get("/").header("sec-gpc", "1");
        if !cookie.is_empty() {
            request = request.header("cookie", cookie);
        }
        request.body(Body::empty()).unwrap()
    };
    // Accepted everything, then sends GPC: third parties are denied.
    let response = send(&app(ConsentLayer::new(policy.clone())), gpc(&everything)).await;
    assert_eq!(cache_control(&response), Some("private"));
    assert_eq!(vary(&response), ["Cookie, Sec-GPC"]);
    // Undecided, opt-out: GPC denies what the default allows.
    let opt_out = ConsentLayer::builder(policy.clone())
        .with_default(ConsentDefault::OptOut)
        .build()
        .unwrap();
    let response = send(&app(opt_out), gpc("")).await;
    assert_eq!(vary(&response), ["Cookie, Sec-GPC"]);
    // Undecided, opt-in: third parties are denied anyway; GPC changes nothing.
    let response = send(&app(ConsentLayer::new(policy.clone())), gpc("")).await;
    assert_eq!(vary(&response), ["Cookie"]);
    // A service granted inside a refused third-party category: GPC denies it.
    let granted = consent_cookie(&policy, &[], &all_optional(), &[("meta-pixel", true)], 10);
    let response = send(&app(ConsentLayer::new(policy.clone())), gpc(&granted)).await;
    assert_eq!(vary(&response), ["Cookie, Sec-GPC"]);
    // The same request without the signal.
    let response = send(
        &app(ConsentLayer::new(policy.clone())),
        get("/", &everything),
    )
    .await;
    assert_eq!(vary(&response), ["Cookie"]);
    // GPC not honoured: it changes nothing.
    let ignored = ConsentLayer::builder(policy.clone())
        .with_gpc(false)
        .build()
        .unwrap();
    let response = send(&app(ignored), gpc(&everything)).await;
    assert_eq!(vary(&response), ["Cookie"]);
}

#[tokio::test]
async fn a_stripped_third_party_line_under_gpc_varies_on_sec_gpc() {
    let policy = policy();
    let everything = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    let app = app_with(&["_fbp=1", "_ga=2"], ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &everything), ("sec-gpc", "1")]).await;
    assert_eq!(names(&set_cookies(&response)), ["_ga"]);
    assert_eq!(cache_control(&response), Some("private"));
    assert_eq!(vary(&response), ["Cookie, Sec-GPC"]);
}

#[tokio::test]
async fn turned_off_or_report_only_leaves_cache_headers_alone() {
    let policy = policy();
    let everything = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    for layer in [
        ConsentLayer::builder(policy.clone()).with_cache_protection(false),
        ConsentLayer::builder(policy.clone()).with_report_only(true),
    ] {
        let app = Router::new()
            .route(
                "/",
                routing::get(|_: Consent| async {
                    with_headers(&[
                        ("cache-control", "public, max-age=60"),
                        ("set-cookie", "_fbp=1"),
                    ])
                }),
            )
            .layer(layer.build().unwrap());
        let response = get_with(&app, &[("cookie", &everything), ("sec-gpc", "1")]).await;
        assert_eq!(cache_control(&response), Some("public, max-age=60"));
        assert!(vary(&response).is_empty());
    }
}

#[tokio::test]
async fn many_requests_in_flight_each_get_their_own_answer() {
    // More requests in flight at once than the layer keeps flag slots
    // for: some keep their flag in the table, the others in a flag of
    // their own, and every answer must be right.
    const REQUESTS: usize = 2_500;
    let gate = Arc::new(Semaphore::new(0));
    let arrived = Arc::new(AtomicUsize::new(0));
    let wait = {
        let (gate, arrived) = (gate.clone(), arrived.clone());
        move || {
            let (gate, arrived) = (gate.clone(), arrived.clone());
            async move {
                arrived.fetch_add(1, Ordering::SeqCst);
                drop(gate.acquire().await.unwrap());
            }
        }
    };
    let read_wait = wait.clone();
    let app = Router::new()
        .route(
            "/read",
            routing::get(move |_: Consent| {
                let wait = read_wait();
                async move {
                    wait.await;
                    "read"
                }
            }),
        )
        .route(
            "/not",
            routing::get(move || {
                let wait = wait();
                async move {
                    wait.await;
                    "not"
                }
            }),
        )
        .layer(ConsentLayer::new(policy()));
    let path = |i: usize| if i % 3 == 0 { "/read" } else { "/not" };
    let calls: Vec<_> = (0..REQUESTS)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move { send(&app, get(path(i), "")).await })
        })
        .collect();
    while arrived.load(Ordering::SeqCst) < REQUESTS {
        tokio::task::yield_now().await;
    }
    gate.add_permits(REQUESTS);
    for (i, call) in calls.into_iter().enumerate() {
        let response = call.await.unwrap();
        let private = cache_control(&response) == Some("private");
        assert_eq!(private, path(i) == "/read", "{i}");
    }
    // Then one at a time, through every slot again.
    for i in 0..2_100 {
        let response = send(&app, get(path(i), "")).await;
        let private = cache_control(&response) == Some("private");
        assert_eq!(private, path(i) == "/read", "{i}");
    }
}
