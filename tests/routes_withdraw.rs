//! Withdrawing after accepting: the response that records the refusal also
//! deletes the optional cookies the visitor's browser sent.

mod common;

use axum::Router;
use common::*;
use http::StatusCode;
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy, consent_routes};

#[tokio::test]
async fn withdraw_after_accept_deletes_the_statistical_cookies_sent() {
    let app = server::app();
    let accept = send(&app, post_form("action=accept_all", "")).await;
    let granted = consent_pair(&accept);
    // The browser now holds the consent cookie and what the page set.
    let page = send(&app, get("/", &granted)).await;
    assert!(names_set(&page).contains(&"_ga_DEMO123".to_owned()));

    let sent = format!(
        "{granted}; _ga=GA1.1.123.456; _ga_DEMO123=GS1.1.789; _pk_id.1.a1b2=abc.123; sessionid=s3ss10n"
    );
    let withdraw = send(&app, post_form("action=withdraw", &sent)).await;
    assert_eq!(withdraw.status(), StatusCode::SEE_OTHER);

    let mut deleted = names_deleted(&withdraw);
    deleted.sort();
    assert_eq!(deleted, ["_ga", "_ga_DEMO123", "_pk_id.1.a1b2"]);
    for line in set_cookie_lines(&withdraw) {
        if line.contains("Max-Age=0") {
            assert!(
                line.contains("; Path=/") && line.contains("Expires=Thu, 01 Jan 1970"),
                "{line}"
            );
        }
    }
    // The necessary session cookie stays; the refusal is what is stored.
    assert!(!deleted.contains(&"sessionid".to_owned()));
    assert_eq!(names_set(&withdraw), ["cookies_preferences"]);
    assert!(
        written_choice(&withdraw)
            .categories
            .values()
            .all(|g| *g == tower_cookie_consent::Grant::Refused)
    );
    // The response changed cookies: shared caches must not keep it.
    let cache_control = withdraw.headers()["cache-control"].to_str().unwrap();
    assert!(cache_control.contains("private"), "{cache_control}");

    // The next page sets only the necessary cookies again.
    let next = send(&app, get("/", &consent_pair(&withdraw))).await;
    let mut names = names_set(&next);
    names.sort();
    assert_eq!(names, ["csrftoken", "django_language", "sessionid"]);
}

#[tokio::test]
async fn withdraw_deletes_on_every_domain_the_registry_records() {
    let policy = Policy::builder()
        .rule(
            CookieRule::pattern("_ga*", Category::Statistical)
                .domain(".example.test")
                .path("/"),
        )
        .build()
        .unwrap();
    let app: Router = Router::new().merge(consent_routes()).layer(
        ConsentLayer::builder(policy)
            .with_secure_cookie(false)
            .build()
            .unwrap(),
    );
    let accept = send(&app, post_form("action=accept_all", "")).await;
    let sent = format!("{}; _ga=1", consent_pair(&accept));
    let withdraw = send(&app, post_form("action=withdraw", &sent)).await;
    let deletions: Vec<String> = set_cookie_lines(&withdraw)
        .into_iter()
        .filter(|l| l.starts_with("_ga="))
        .collect();
    assert_eq!(deletions.len(), 2, "{deletions:?}");
    assert!(deletions.iter().any(|l| !l.contains("Domain=")));
    assert!(deletions.iter().any(|l| l.contains("Domain=.example.test")));
}

#[tokio::test]
async fn reject_after_accept_deletes_too_and_accept_deletes_nothing() {
    let app = server::app();
    let accept = send(&app, post_form("action=accept_all", &all_demo_cookies())).await;
    assert!(names_deleted(&accept).is_empty());
    let sent = format!("{}; {}", consent_pair(&accept), all_demo_cookies());
    let reject = send(&app, post_form("action=reject_all", &sent)).await;
    let mut deleted = names_deleted(&reject);
    deleted.sort();
    assert_eq!(
        deleted,
        [
            "_fbp",
            "_ga",
            "_ga_DEMO123",
            "_pk_id.1.a1b2",
            "ads_id",
            "recently_viewed"
        ]
    );
}
