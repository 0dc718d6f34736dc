//! Each `POST /consent` action through the example's router: the consent
//! cookie written decodes to the expected choice, and the next request's
//! `Set-Cookie` lines follow it.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use common::*;
use http::StatusCode;
use http::header::{ACCEPT, LOCATION};
use tower_cookie_consent::{Category, ConsentId, ConsentLayer, Grant, Preferences, consent_routes};

const NECESSARY: [&str; 3] = ["sessionid", "csrftoken", "django_language"];

fn accepted(category: Category) -> Grant {
    let policy = server::policy();
    Grant::Accepted(policy.revision(&category).unwrap().to_owned())
}

fn service_granted(service: &str) -> Grant {
    let policy = server::policy();
    Grant::Accepted(policy.service_revision(service).unwrap().to_owned())
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Posts a form, checks the 303, and returns the next `GET /`'s cookies.
async fn choose(app: &Router, form: &str) -> (Preferences, Vec<String>) {
    let response = send(app, post_form(form, "")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{form}");
    assert_eq!(response.headers()[LOCATION], "/");
    let choice = written_choice(&response);
    let next = send(app, get("/", &consent_pair(&response))).await;
    (choice, sorted(names_set(&next)))
}

#[tokio::test]
async fn accept_all_grants_every_category_and_the_page_sets_every_cookie() {
    let app = server::app();
    let before = now();
    let (choice, next) = choose(&app, "action=accept_all").await;
    assert_eq!(choice.categories.len(), 3);
    assert_eq!(
        choice.categories["statistical"],
        accepted(Category::Statistical)
    );
    assert_eq!(choice.categories["internal"], accepted(Category::Internal));
    assert_eq!(
        choice.categories["third_party"],
        accepted(Category::ThirdParty)
    );
    assert!(choice.services.is_empty());
    assert!(!choice.gpc);
    assert!(choice.at >= before && choice.at <= now());
    let every: Vec<String> = server::DEMO_COOKIES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(next, sorted(every));
}

#[tokio::test]
async fn reject_all_refuses_everything_and_only_necessary_cookies_leave() {
    let (choice, next) = choose(&server::app(), "action=reject_all").await;
    assert!(choice.categories.values().all(|g| *g == Grant::Refused));
    assert_eq!(choice.categories.len(), 3);
    assert_eq!(next, sorted(NECESSARY.map(String::from).to_vec()));
}

#[tokio::test]
async fn save_with_a_category_box_the_page_does_not_show_grants_nothing() {
    // Statistical cookies all belong to a service, so the page shows a box
    // per service and none for the category: its services' boxes decide.
    let (choice, next) = choose(&server::app(), "action=save&category=statistical").await;
    assert_eq!(choice.categories["statistical"], Grant::Refused);
    assert!(choice.services.is_empty());
    assert_eq!(next, sorted(NECESSARY.map(String::from).to_vec()));
}

#[tokio::test]
async fn save_with_every_service_of_a_category_ticked_accepts_the_category() {
    let (choice, next) = choose(
        &server::app(),
        "action=save&service=google-analytics&service=matomo",
    )
    .await;
    assert_eq!(
        choice.categories["statistical"],
        accepted(Category::Statistical)
    );
    assert!(
        choice.services.is_empty(),
        "services that agree follow their category"
    );
    let mut expected: Vec<String> = NECESSARY.map(String::from).to_vec();
    expected.extend(["_ga", "_ga_DEMO123", "_pk_id.1.a1b2"].map(String::from));
    assert_eq!(next, sorted(expected));
}

#[tokio::test]
async fn save_with_one_service_of_a_category_grants_just_that_service() {
    let (choice, next) = choose(
        &server::app(),
        "action=save&category=statistical&service=matomo",
    )
    .await;
    assert_eq!(choice.categories["statistical"], Grant::Refused);
    assert_eq!(
        choice.services.get("matomo"),
        Some(&service_granted("matomo"))
    );
    assert_eq!(choice.services.get("google-analytics"), None);
    let mut expected: Vec<String> = NECESSARY.map(String::from).to_vec();
    expected.push("_pk_id.1.a1b2".into());
    assert_eq!(next, sorted(expected));
}

#[tokio::test]
async fn save_with_a_service_alone_grants_just_that_service() {
    let (choice, next) = choose(&server::app(), "action=save&service=meta-pixel").await;
    assert_eq!(choice.categories["third_party"], Grant::Refused);
    assert_eq!(
        choice.services.get("meta-pixel"),
        Some(&service_granted("meta-pixel"))
    );
    let mut expected: Vec<String> = NECESSARY.map(String::from).to_vec();
    expected.push("_fbp".into());
    assert_eq!(next, sorted(expected));
}

#[tokio::test]
async fn withdraw_refuses_everything() {
    let (choice, next) = choose(&server::app(), "action=withdraw").await;
    assert!(choice.categories.values().all(|g| *g == Grant::Refused));
    assert_eq!(next, sorted(NECESSARY.map(String::from).to_vec()));
}

#[tokio::test]
async fn unknown_names_in_a_form_are_ignored() {
    let (choice, _) = choose(
        &server::app(),
        "action=save&category=marketing&category=necessary&service=nope&category=internal",
    )
    .await;
    assert_eq!(
        choice.categories.keys().collect::<Vec<_>>(),
        ["internal", "statistical", "third_party"]
    );
    assert_eq!(choice.categories["internal"], accepted(Category::Internal));
    assert!(choice.services.is_empty());
}

#[tokio::test]
async fn the_cookie_has_the_documented_attributes() {
    // The example turns Secure off for plain http; the default keeps it.
    let response = send(&server::app(), post_form("action=reject_all", "")).await;
    let line = consent_line(&response).unwrap();
    assert!(
        line.ends_with("; Path=/; Max-Age=15724800; SameSite=Lax; HttpOnly"),
        "{line}"
    );

    let secure: Router = Router::new()
        .merge(consent_routes())
        .layer(ConsentLayer::new(server::policy()));
    let response = send(&secure, post_form("action=reject_all", "")).await;
    let line = consent_line(&response).unwrap();
    assert!(line.ends_with("; HttpOnly; Secure"), "{line}");
}

#[tokio::test]
async fn json_body_and_json_answer() {
    let app = server::app();
    let body = br#"{"action":"save","categories":{"statistical":true,"internal":false},
        "services":{"google-analytics":false},"return_to":"/elsewhere"}"#;
    let response = send(
        &app,
        post(
            "/consent",
            "application/json",
            body.to_vec(),
            "",
            &[("origin", SAME_ORIGIN), ("accept", "application/json")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let choice = written_choice(&response);
    assert_eq!(
        choice.categories["statistical"],
        accepted(Category::Statistical)
    );
    assert_eq!(choice.categories["internal"], Grant::Refused);
    assert_eq!(
        choice.services.get("google-analytics"),
        Some(&Grant::Refused)
    );
    let json: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(json["action"], "save");
    assert_eq!(json["return_to"], "/elsewhere");
    assert_eq!(json["consent"]["id"], choice.id.to_string());
    assert_eq!(
        json["consent"]["categories"]["statistical"]["state"],
        "accepted"
    );
    assert_eq!(
        json["consent"]["services"]["google-analytics"]["allowed"],
        false
    );
    assert_eq!(json["consent"]["services"]["matomo"]["allowed"], true);
}

#[tokio::test]
async fn a_form_with_accept_json_gets_json() {
    let response = send(
        &server::app(),
        post_form_with(
            "action=accept_all",
            "",
            &[(ACCEPT.as_str(), "application/json")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(LOCATION).is_none());
    let json: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(json["consent"]["decided"], true);
}

#[tokio::test]
async fn global_privacy_control_is_stored_and_makes_grants_explicit() {
    let app = server::app();
    // Accepting while the browser sends GPC is an explicit grant.
    let response = send(
        &app,
        post_form_with(
            "action=accept_all",
            "",
            &[("origin", SAME_ORIGIN), ("sec-gpc", "1")],
        ),
    )
    .await;
    let choice = written_choice(&response);
    assert!(choice.gpc);
    let mut next = get("/", &consent_pair(&response));
    next.headers_mut().insert("sec-gpc", "1".parse().unwrap());
    let next = send(&app, next).await;
    assert!(names_set(&next).contains(&"_fbp".to_owned()));

    // Accepted without the signal: the signal, sent later, still denies
    // third-party cookies, and the page says so.
    let response = send(&app, post_form("action=accept_all", "")).await;
    assert!(!written_choice(&response).gpc);
    let mut next = get("/", &consent_pair(&response));
    next.headers_mut().insert("sec-gpc", "1".parse().unwrap());
    let next = send(&app, next).await;
    let names = names_set(&next);
    assert!(!names.contains(&"_fbp".to_owned()) && !names.contains(&"ads_id".to_owned()));
    assert!(names.contains(&"_ga".to_owned()));
    let page = body_text(next).await;
    assert!(page.contains("your opt-out request was honoured"), "{page}");
}

#[tokio::test]
async fn a_lapsed_category_is_asked_again_alone() {
    let app = server::app();
    let mut old = Preferences::new(ConsentId::random(), now() - 60);
    old.categories
        .insert("statistical".into(), Grant::Accepted("0ld0ld00".into()));
    old.categories.insert("internal".into(), Grant::Refused);
    old.categories
        .insert("third_party".into(), accepted(Category::ThirdParty));
    old.services.insert("ad-partner".into(), Grant::Refused);
    let cookie = format!("cookies_preferences={}", old.encode());

    let page = body_text(send(&app, get("/", &cookie)).await).await;
    assert!(
        page.contains("class=\"tcc-banner\""),
        "the banner asks again"
    );
    assert!(page.contains("<input type=\"hidden\" name=\"scope\" value=\"statistical\">"));
    assert!(!page.contains("name=\"scope\" value=\"internal\""));

    let response = send(
        &app,
        post_form("action=accept_all&scope=statistical", &cookie),
    )
    .await;
    let choice = written_choice(&response);
    assert_eq!(
        choice.categories["statistical"],
        accepted(Category::Statistical)
    );
    assert_eq!(choice.categories["internal"], Grant::Refused, "kept");
    assert_eq!(
        choice.categories["third_party"],
        accepted(Category::ThirdParty),
        "kept"
    );
    assert_eq!(
        choice.services.get("ad-partner"),
        Some(&Grant::Refused),
        "kept"
    );
    assert_ne!(choice.id, old.id);

    let after = body_text(send(&app, get("/", &consent_pair(&response))).await).await;
    assert!(!after.contains("class=\"tcc-banner\""));
}
