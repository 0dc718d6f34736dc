//! A choice means exactly what the visitor chose: every combination of the
//! policy page's boxes round-trips, service grants lapse with their rules,
//! and a service granted under Global Privacy Control stands.

mod common;

use axum::Router;
use axum::routing::get as get_route;
use common::*;
use http::StatusCode;
use tower_cookie_consent::{Category, Consent, ConsentLayer, CookieRule, Policy, consent_routes};

/// One category with a cookie of its own and two services, and the
/// cookie each box of the page stands for.
const BOXES: [(&str, &str); 3] = [
    ("category=statistical", "stat_own"),
    ("service=alpha", "_alpha"),
    ("service=beta", "_beta"),
];

fn policy(beta_purpose: &str) -> Policy {
    Policy::builder()
        .rule(CookieRule::exact("stat_own", Category::Statistical))
        .rule(CookieRule::exact("_alpha", Category::Statistical).service("alpha"))
        .rule(
            CookieRule::exact("_beta", Category::Statistical)
                .service("beta")
                .purpose(beta_purpose),
        )
        .build()
        .unwrap()
}

fn app(policy: Policy) -> Router {
    Router::new()
        .route(
            "/",
            get_route(|consent: Consent| async move {
                let lines = ["stat_own=1", "_alpha=2", "_beta=3"];
                let headers: Vec<(&str, &str)> = lines.iter().map(|l| ("set-cookie", *l)).collect();
                let banner = if consent.needs_banner() {
                    "banner"
                } else {
                    "quiet"
                };
                (axum::response::AppendHeaders(headers), banner)
            }),
        )
        .merge(consent_routes())
        .layer(
            ConsentLayer::builder(policy)
                .with_secure_cookie(false)
                .build()
                .unwrap(),
        )
}

fn ticked_in(page: &str, field: &str) -> bool {
    let (name, value) = field.split_once('=').unwrap();
    page.contains(&format!("name=\"{name}\" value=\"{value}\" checked"))
}

#[tokio::test]
async fn every_combination_of_boxes_grants_exactly_what_is_ticked() {
    let app = app(policy("measure"));
    for mask in 0..8u8 {
        let ticked: Vec<usize> = (0..3).filter(|i| mask & (1 << i) != 0).collect();
        let mut form = String::from("action=save");
        for &i in &ticked {
            form.push('&');
            form.push_str(BOXES[i].0);
        }
        let chosen = send(&app, post_form(&form, "")).await;
        assert_eq!(chosen.status(), StatusCode::SEE_OTHER, "{form}");
        let cookie = consent_pair(&chosen);

        let next = send(&app, get("/", &cookie)).await;
        let mut expected: Vec<String> = ticked.iter().map(|&i| BOXES[i].1.to_owned()).collect();
        expected.sort();
        let mut set = names_set(&next);
        set.sort();
        assert_eq!(set, expected, "{form}: what is ticked is set, nothing else");

        // The page shows the boxes as they were ticked.
        let page = body_text(send(&app, get("/cookies", &cookie)).await).await;
        for (i, (field, _)) in BOXES.iter().enumerate() {
            assert_eq!(
                ticked_in(&page, field),
                ticked.contains(&i),
                "{form}: the page shows {field} as chosen"
            );
        }
    }
}

#[tokio::test]
async fn after_accept_all_unticking_the_statistics_services_refuses_them() {
    // The example's statistical cookies all belong to a service: the page
    // has a box per service and none over them.
    let app = server::app();
    let accepted = send(&app, post_form("action=accept_all", "")).await;
    let page = body_text(send(&app, get("/cookies", &consent_pair(&accepted))).await).await;
    assert!(!page.contains("name=\"category\" value=\"statistical\""));
    assert!(page.contains("name=\"service\" value=\"google-analytics\" checked"));

    let saved = send(
        &app,
        post_form(
            "category=internal&service=meta-pixel&service=ad-partner&action=save",
            &consent_pair(&accepted),
        ),
    )
    .await;
    let next = send(&app, get("/", &consent_pair(&saved))).await;
    let set = names_set(&next);
    for tracker in ["_ga", "_ga_DEMO123", "_pk_id.1.a1b2"] {
        assert!(!set.contains(&tracker.to_owned()), "{tracker} in {set:?}");
    }
    for kept in ["recently_viewed", "_fbp", "ads_id"] {
        assert!(set.contains(&kept.to_owned()), "{kept} in {set:?}");
    }
    let page = body_text(send(&app, get("/cookies", &consent_pair(&saved))).await).await;
    assert!(page.contains("Statistical cookies: refused<"), "{page}");
}

#[tokio::test]
async fn a_service_grant_lapses_when_its_rules_change() {
    let before = app(policy("measure"));
    let chosen = send(&before, post_form("action=save&service=beta", "")).await;
    let cookie = consent_pair(&chosen);
    let next = send(&before, get("/", &cookie)).await;
    assert_eq!(names_set(&next), ["_beta"]);
    assert_eq!(body_text(next).await, "quiet");

    // Beta's purpose is reworded: the visitor is asked again, and until
    // then beta follows its refused category.
    let after = app(policy("measure and profile"));
    let next = send(&after, get("/", &cookie)).await;
    assert!(names_set(&next).is_empty(), "{:?}", names_set(&next));
    assert_eq!(body_text(next).await, "banner");
}

#[tokio::test]
async fn a_version_one_service_grant_reads_as_lapsed() {
    let policy = policy("measure");
    let statistical = policy.revision(&Category::Statistical).unwrap().to_owned();
    let now = now();
    // Statistical refused with beta granted the old way, and the category
    // accepted with alpha refused: the refusal stands, the grant lapses.
    for (categories, services, expected) in [
        (
            r#"{"statistical":false}"#.to_owned(),
            r#"{"beta":true}"#,
            vec![],
        ),
        (
            format!(r#"{{"statistical":"{statistical}"}}"#),
            r#"{"alpha":false}"#,
            vec!["_beta", "stat_own"],
        ),
    ] {
        let json = format!(
            r#"{{"v":1,"id":"0123456789abcdef0123456789abcdef","at":{now},"categories":{categories},"services":{services}}}"#
        );
        let value: String = json
            .bytes()
            .map(|b| match b {
                b'"' | b',' => format!("%{b:02X}"),
                _ => (b as char).to_string(),
            })
            .collect();
        let response = send(
            &app(policy.clone()),
            get("/", &format!("cookies_preferences={value}")),
        )
        .await;
        let mut set = names_set(&response);
        set.sort();
        assert_eq!(set, expected, "{json}");
    }
}

#[tokio::test]
async fn a_service_granted_with_global_privacy_control_is_kept() {
    let app = server::app();
    let gpc = [("sec-gpc", "1")];
    let chosen = send(
        &app,
        post_form_with("action=save&service=meta-pixel", "", &gpc),
    )
    .await;
    assert_eq!(chosen.status(), StatusCode::SEE_OTHER);
    let mut next = get("/", &consent_pair(&chosen));
    next.headers_mut().insert("sec-gpc", "1".parse().unwrap());
    let next = send(&app, next).await;
    let set = names_set(&next);
    assert!(set.contains(&"_fbp".to_owned()), "{set:?}");
    assert!(!set.contains(&"ads_id".to_owned()), "{set:?}");

    let mut state = get("/consent", &consent_pair(&chosen));
    state.headers_mut().insert("sec-gpc", "1".parse().unwrap());
    let json: serde_json::Value =
        serde_json::from_str(&body_text(send(&app, state).await).await).unwrap();
    assert_eq!(json["services"]["meta-pixel"]["allowed"], true, "{json}");
    assert_eq!(json["services"]["meta-pixel"]["choice"], true, "{json}");
}
