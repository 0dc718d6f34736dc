//! The JSON documents: `/.well-known/gpc.json`, `/cookies.json` and
//! `GET /consent`.

mod common;

use axum::Router;
use common::*;
use http::StatusCode;
use http::header::CONTENT_TYPE;
use serde_json::Value;
use tower_cookie_consent::{ConsentLayer, Policy, consent_routes};

async fn json(app: &Router, path: &str, cookies: &str) -> Value {
    let response = send(app, get(path, cookies)).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/json",
        "{path}"
    );
    serde_json::from_str(&body_text(response).await).expect("valid JSON")
}

#[tokio::test]
async fn gpc_json_is_valid_and_dated() {
    let document = json(&server::app(), "/.well-known/gpc.json", "").await;
    assert_eq!(
        document,
        serde_json::json!({"gpc": true, "lastUpdate": server::GPC_LAST_UPDATE})
    );
    // Without a configured date the field is left out.
    let app: Router = Router::new()
        .merge(consent_routes())
        .layer(ConsentLayer::new(server::policy()));
    assert_eq!(
        json(&app, "/.well-known/gpc.json", "").await,
        serde_json::json!({"gpc": true})
    );
}

#[tokio::test]
async fn cookies_json_is_the_policy_with_its_revisions() {
    let policy = server::policy();
    let document = json(&server::app(), "/cookies.json", "").await;
    let rules = document["rules"].as_array().unwrap();
    assert_eq!(rules.len(), policy.rules().len());
    for category in policy.categories() {
        assert_eq!(
            document["revisions"][category.name()],
            policy.revision(category).unwrap()
        );
    }
    // It reads back as the same policy.
    let again = Policy::from_json(&document.to_string()).unwrap();
    assert_eq!(again.rules(), policy.rules());
}

#[tokio::test]
async fn get_consent_tells_the_state() {
    let app = server::app();
    let undecided = json(&app, "/consent", "").await;
    assert_eq!(undecided["decided"], false);
    assert_eq!(undecided["needs_banner"], true);
    assert_eq!(undecided["id"], Value::Null);
    assert_eq!(undecided["categories"]["statistical"]["state"], "undecided");
    assert_eq!(undecided["categories"]["statistical"]["allowed"], false);
    assert_eq!(undecided["categories"]["necessary"]["allowed"], true);

    let chosen = send(&app, post_form("action=save&category=internal", "")).await;
    let id = written_choice(&chosen).id.to_string();
    let state = json(&app, "/consent", &consent_pair(&chosen)).await;
    assert_eq!(state["decided"], true);
    assert_eq!(state["needs_banner"], false);
    assert_eq!(state["id"], id);
    assert!(state["decided_at"].as_u64().unwrap() > 1_700_000_000);
    assert_eq!(state["categories"]["internal"]["state"], "accepted");
    assert_eq!(state["categories"]["statistical"]["state"], "refused");
    assert_eq!(state["services"]["matomo"]["allowed"], false);
}
