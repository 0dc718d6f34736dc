//! `examples/integration.rs` through its `Router`: the tower-sessions
//! login, the theme the visitor picks, and `_ga`, before and after consent.

mod common;

// Both examples serve through `examples/server/serving.rs`, so this test,
// which has the demo server through `common`, holds that file twice.
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../examples/integration.rs"]
mod integration;

use axum::Router;
use common::*;

/// `name=value` of the response's line for `name`.
fn pair(response: &http::Response<axum::body::Body>, name: &str) -> String {
    set_cookie_lines(response)
        .into_iter()
        .find(|l| l.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} line"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Logs in as `name`; the `id=…` pair the browser keeps.
async fn log_in(app: &Router, name: &str) -> String {
    let response = send(app, post_form_to("/login", &format!("name={name}"), "")).await;
    assert_eq!(response.status(), 303);
    pair(&response, "id")
}

/// A same-origin form post to `path`, as the example's pages send it.
fn post_form_to(path: &str, body: &str, cookies: &str) -> http::Request<axum::body::Body> {
    post(
        path,
        "application/x-www-form-urlencoded",
        body.as_bytes().to_vec(),
        cookies,
        &[("origin", SAME_ORIGIN)],
    )
}

#[test]
fn the_registry_covers_every_cookie_the_example_writes() {
    if let Err(missing) = integration::policy().check_names(integration::COOKIES_WRITTEN) {
        panic!("{missing}");
    }
}

#[tokio::test]
async fn the_login_session_cookie_passes_before_any_choice_and_is_read_back() {
    let app = integration::app();
    let session = log_in(&app, "ada").await;
    let page = send(&app, get("/", &session)).await;
    assert!(
        body_text(page)
            .await
            .contains("Logged in as <strong>ada</strong>")
    );

    // A stranger's session id reads as no session.
    let page = send(&app, get("/", "id=not-a-session")).await;
    assert!(body_text(page).await.contains("Log in"));
}

#[tokio::test]
async fn ga_is_stripped_until_the_visitor_accepts_statistics() {
    let app = integration::app();
    let before = send(&app, get("/", "")).await;
    assert!(!names_set(&before).contains(&"_ga".to_owned()));
    assert!(body_text(before).await.contains("off until you accept"));

    let accepted = send(&app, post_form("action=accept_all", "")).await;
    let consent = consent_pair(&accepted);
    let after = send(&app, get("/", &consent)).await;
    assert_eq!(names_set(&after), ["_ga"]);
    assert!(
        body_text(after)
            .await
            .contains("Audience measurement is on")
    );

    let refused = send(&app, post_form("action=reject_all", "")).await;
    let after = send(&app, get("/", &consent_pair(&refused))).await;
    assert!(names_set(&after).is_empty());
}

#[tokio::test]
async fn the_picked_theme_is_a_session_cookie_kept_whatever_the_choice() {
    let app = integration::app();
    let refused = consent_pair(&send(&app, post_form("action=reject_all", "")).await);
    for cookies in ["", refused.as_str()] {
        let response = send(&app, post_form_to("/theme", "theme=dark", cookies)).await;
        assert_eq!(response.status(), 303);
        let line = set_cookie_lines(&response).join("\n");
        assert!(line.starts_with("theme=dark;"), "{line}");
        // No lifetime: it ends with the browsing session, as documented.
        let lower = line.to_ascii_lowercase();
        assert!(
            !lower.contains("max-age") && !lower.contains("expires"),
            "{line}"
        );

        let both = [cookies, "theme=dark"].join("; ");
        let page = send(&app, get("/", both.trim_start_matches("; "))).await;
        assert!(body_text(page).await.contains("data-theme=dark"));
    }
    let bad = send(&app, post_form_to("/theme", "theme=%22%3E", "")).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_example_writes_exactly_the_cookies_it_lists() {
    // A visitor who accepted everything, logged in and picked a theme
    // receives every cookie the example writes: the list stays honest.
    let app = integration::app();
    let consent = consent_pair(&send(&app, post_form("action=accept_all", "")).await);
    let session = send(&app, post_form_to("/login", "name=ada", &consent)).await;
    let theme = send(&app, post_form_to("/theme", "theme=light", &consent)).await;
    let page = send(&app, get("/", &consent)).await;
    let mut written: Vec<String> = [session, theme, page].iter().flat_map(names_set).collect();
    written.sort();
    let mut listed = integration::COOKIES_WRITTEN.map(str::to_owned).to_vec();
    listed.sort();
    assert_eq!(written, listed);
}
