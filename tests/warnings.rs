//! What the layer says when an integration goes wrong quietly: a cookie
//! the registry misses arriving in requests, and a `Secure` consent
//! cookie sent to a page served over plain http.

mod common;

use axum::Router;
use common::log_capture::capture;
use common::*;
use http::StatusCode;
use tower_cookie_consent::{Category, ConsentLayer, ConsentRoutes, Policy, UnknownCookies};

fn warnings(lines: &[String]) -> Vec<&String> {
    lines.iter().filter(|l| l.starts_with("WARN")).collect()
}

#[tokio::test]
async fn a_session_cookie_the_registry_misses_is_named_once_and_reported() {
    // tower-sessions calls its cookie `id`; the policy registers `sessionid`.
    let captured = capture();
    let layer = ConsentLayer::new(policy());
    let app = app_with(&[], layer.clone());
    for _ in 0..3 {
        let response = get_with(&app, &[("cookie", "id=s3ss10n; sessionid=1")]).await;
        let body = body_text(response).await;
        assert!(body.ends_with("cookie=sessionid=1"), "hidden: {body}");
    }
    assert_eq!(layer.report().unknown_names, vec!["id"]);
    let lines = captured.lines();
    let warned = warnings(&lines);
    assert_eq!(warned.len(), 1, "once per name, not per request: {lines:?}");
    assert!(warned[0].contains("cookie=id"), "{warned:?}");
    assert!(
        warned[0].contains("hidden from the application")
            && warned[0].contains("register it in the policy"),
        "{warned:?}"
    );
}

#[tokio::test]
async fn request_and_response_share_one_list_of_unknown_names() {
    let captured = capture();
    let layer = ConsentLayer::builder(policy())
        .with_unknown_names_limit(2)
        .build()
        .unwrap();
    let app = app_with(&["who=1"], layer.clone());
    get_with(&app, &[("cookie", "who=0; what=0; where=0")]).await;
    get_with(&app, &[("cookie", "who=0")]).await;
    let report = layer.report();
    // The request is read before the response: `who` and `what` fill the
    // list, `where` and the Set-Cookie's `who` add nothing.
    assert_eq!(report.unknown_names, vec!["what", "who"]);
    assert_eq!(warnings(&captured.lines()).len(), 2);
}

#[tokio::test]
async fn the_warning_says_what_happens_to_the_cookie() {
    let captured = capture();
    let as_statistical = Policy::builder()
        .rules(policy().rules().iter().cloned())
        .unknown(UnknownCookies::As(Category::Statistical))
        .build()
        .unwrap();
    let app = app_with(&[], ConsentLayer::new(as_statistical));
    get_with(&app, &[("cookie", "unfiled=1")]).await;
    let report_only = ConsentLayer::builder(policy())
        .with_report_only(true)
        .build()
        .unwrap();
    let app = app_with(&[], report_only.clone());
    let body = body_text(get_with(&app, &[("cookie", "watched=1")]).await).await;
    assert!(
        body.ends_with("cookie=watched=1"),
        "report-only hides nothing"
    );
    assert_eq!(report_only.report().unknown_names, vec!["watched"]);

    let lines = captured.lines();
    let warned = warnings(&lines);
    assert_eq!(warned.len(), 2, "{lines:?}");
    assert!(
        warned[0].contains("cookie=unfiled")
            && warned[0].contains("unless the visitor allows its category")
            && warned[0].contains("category=\"statistical\""),
        "{warned:?}"
    );
    assert!(
        warned[1].contains("cookie=watched") && !warned[1].contains("hidden"),
        "{warned:?}"
    );
}

fn consent_app(secure: bool) -> Router {
    Router::new()
        .merge(ConsentRoutes::new().into_router())
        .layer(
            ConsentLayer::builder(policy())
                .with_secure_cookie(secure)
                .build()
                .unwrap(),
        )
}

/// `POST /consent` to `host` from a page at `origin`; the consent cookie.
async fn choose(app: &Router, host: &str, origin: &str) -> String {
    let mut request = post(
        "/consent",
        "application/x-www-form-urlencoded",
        b"action=accept_all".to_vec(),
        "",
        &[("origin", origin)],
    );
    request.headers_mut().insert("host", host.parse().unwrap());
    let response = send(app, request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{origin}");
    consent_line(&response).expect("the consent cookie is set")
}

#[tokio::test]
async fn a_secure_consent_cookie_over_plain_http_is_warned_once_per_host() {
    let captured = capture();
    let app = consent_app(true);
    let line = choose(&app, "shop.test:8080", "http://shop.test:8080").await;
    assert!(line.ends_with("; Secure"), "{line}");
    choose(&app, "SHOP.test:8080", "http://SHOP.test:8080").await;
    choose(&app, "other.test", "http://other.test").await;
    let lines = captured.lines();
    let warned = warnings(&lines);
    assert_eq!(warned.len(), 2, "once per host: {lines:?}");
    assert!(warned[0].contains("host=shop.test:8080"), "{warned:?}");
    assert!(warned[1].contains("host=other.test"), "{warned:?}");
    assert!(
        warned[0].contains("browsers drop it")
            && warned[0].contains("with_secure_cookie(false)")
            && warned[0].contains("https"),
        "{warned:?}"
    );
}

#[tokio::test]
async fn loopback_https_and_a_non_secure_cookie_are_not_warned_about() {
    let captured = capture();
    let app = consent_app(true);
    choose(&app, "localhost:3000", "http://localhost:3000").await;
    choose(&app, "127.0.0.1:3000", "http://127.0.0.1:3000").await;
    choose(&app, "[::1]:3000", "http://[::1]:3000").await;
    choose(&app, "secure.test", "https://secure.test").await;
    choose(&consent_app(false), "dev.test", "http://dev.test").await;
    let lines = captured.lines();
    assert!(warnings(&lines).is_empty(), "{lines:?}");
}
