//! Feature `tower-cookies`: `ConsentLayer` notices when tower-cookies'
//! `CookieManagerLayer` or tower-sessions' `SessionManagerLayer` sits
//! outside it, where the cookies they write escape it.

mod common;

use axum::Router;
use axum::routing::get;
use common::log_capture::capture;
use common::*;
use tower_cookie_consent::ConsentLayer;
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};
use tower_sessions::{MemoryStore, Session, SessionManagerLayer};

async fn set_ga(cookies: Cookies) -> &'static str {
    cookies.add(Cookie::new("_ga", "1"));
    "ok"
}

async fn start_session(session: Session) -> &'static str {
    session.insert("user", 7).await.unwrap();
    "ok"
}

fn errors(lines: &[String]) -> Vec<&String> {
    lines.iter().filter(|l| l.starts_with("ERROR")).collect()
}

fn assert_names_the_layers_and_the_fix(error: &str) {
    for words in [
        "CookieManagerLayer",
        "SessionManagerLayer",
        "outside ConsentLayer",
        "Add ConsentLayer after them",
    ] {
        assert!(error.contains(words), "{words:?} missing from {error}");
    }
}

/// With the cookie-writing layer outside, `requests` requests each leak
/// `leaked` and are counted; one error names the layers and the fix.
async fn expect_outside(app: Router, layer: &ConsentLayer, requests: u64, leaked: &str) {
    let captured = capture();
    for _ in 0..requests {
        let response = get_with(&app, &[]).await;
        // The leak the signal is about: the cookie leaves without consent.
        assert_eq!(names(&set_cookies(&response)), vec![leaked]);
    }
    assert_eq!(layer.report().misordered_requests, requests);
    let lines = captured.lines();
    let errors = errors(&lines);
    assert_eq!(errors.len(), 1, "once, not per request: {lines:?}");
    assert_names_the_layers_and_the_fix(errors[0]);
}

/// With the cookie-writing layer inside, its cookie is judged (and,
/// unconsented or unregistered, stripped), and nothing is logged.
async fn expect_inside(app: Router, layer: &ConsentLayer) {
    let captured = capture();
    let response = get_with(&app, &[]).await;
    assert!(set_cookies(&response).is_empty());
    assert_eq!(layer.report().misordered_requests, 0);
    let lines = captured.lines();
    assert!(errors(&lines).is_empty(), "{lines:?}");
}

fn sessions() -> SessionManagerLayer<MemoryStore> {
    SessionManagerLayer::new(MemoryStore::default()).with_secure(false)
}

#[tokio::test]
async fn cookie_manager_outside_is_logged_once_and_counted_per_request() {
    let layer = ConsentLayer::new(policy());
    let app = Router::new()
        .route("/", get(set_ga))
        .layer(layer.clone())
        .layer(CookieManagerLayer::new());
    expect_outside(app, &layer, 3, "_ga").await;
}

#[tokio::test]
async fn cookie_manager_inside_is_silent() {
    let layer = ConsentLayer::new(policy());
    let app = Router::new()
        .route("/", get(set_ga))
        .layer(CookieManagerLayer::new())
        .layer(layer.clone());
    expect_inside(app, &layer).await;
}

#[tokio::test]
async fn session_manager_outside_is_logged_once_and_counted_per_request() {
    let layer = ConsentLayer::new(policy());
    let app = Router::new()
        .route("/", get(start_session))
        .layer(layer.clone())
        .layer(sessions());
    // tower-sessions' `id`, which the policy does not register, leaves.
    expect_outside(app, &layer, 2, "id").await;
}

#[tokio::test]
async fn session_manager_inside_is_silent() {
    let layer = ConsentLayer::new(policy());
    let app = Router::new()
        .route("/", get(start_session))
        .layer(sessions())
        .layer(layer.clone());
    expect_inside(app, &layer).await;
}
