//! Withdrawn cookies are deleted where they live; denied cookies
//! are hidden from the application.

mod common;

use common::*;
use tower_cookie_consent::{Category, ConsentLayer};

const EPOCH: &str = "Expires=Thu, 01 Jan 1970 00:00:00 GMT";

#[tokio::test]
async fn refusing_after_accepting_expires_the_statistics_cookies() {
    let policy = policy();
    let refused = consent_cookie(&policy, &[], &all_optional(), &[], 10);
    let app = app_with(&["sessionid=1"], ConsentLayer::new(policy));
    let cookie = format!("_ga=GA1.2; _ga_XYZ=GS1; sessionid=1; {refused}");
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(
        set_cookies(&response),
        vec![
            "sessionid=1".to_owned(),
            format!("_ga=; Max-Age=0; {EPOCH}; Path=/"),
            format!("_ga=; Max-Age=0; {EPOCH}; Path=/; Domain=.example.com"),
            format!("_ga_XYZ=; Max-Age=0; {EPOCH}; Path=/"),
            format!("_ga_XYZ=; Max-Age=0; {EPOCH}; Path=/; Domain=.example.com"),
            format!("_ga_XYZ=; Max-Age=0; {EPOCH}; Path=/; Domain=www.example.com"),
        ]
    );
    assert_eq!(response.headers()["cache-control"], "private");
    assert_eq!(response.headers()["vary"], "Cookie");
}

#[tokio::test]
async fn the_rule_path_is_used_and_granted_cookies_stay() {
    let policy = policy();
    let cookie = consent_cookie(&policy, &[Category::Statistical], &[], &[], 10);
    let app = app_with(&[], ConsentLayer::new(policy));
    let header = format!("{cookie}; _ga=1; recently_viewed=7; unknown_thing=1");
    let response = get_with(&app, &[("cookie", &header)]).await;
    // `_ga` is granted; `recently_viewed` is undecided (denied by default),
    // deleted at its registered path; the unknown cookie is never deleted.
    assert_eq!(
        set_cookies(&response),
        vec![format!(
            "recently_viewed=; Max-Age=0; {EPOCH}; Path=/datasets"
        )]
    );
}

#[tokio::test]
async fn no_duplicate_when_the_handler_already_deletes_or_sets_it() {
    let policy = policy();
    let refused = consent_cookie(&policy, &[], &all_optional(), &[], 10);
    let app = app_with(
        &["_ga=; Max-Age=0; Path=/", "_fbp=new"],
        ConsentLayer::new(policy),
    );
    let cookie = format!("{refused}; _ga=1; _fbp=1; _ga=2");
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    // `_ga` is deleted by the handler already; `_fbp=new` is stripped, so it
    // sets nothing and `_fbp` still gets its deletion; `_ga` sent twice is
    // not deleted twice.
    assert_eq!(
        set_cookies(&response),
        vec![
            "_ga=; Max-Age=0; Path=/".to_owned(),
            format!("_fbp=; Max-Age=0; {EPOCH}; Path=/"),
        ]
    );
}

#[tokio::test]
async fn prefixed_names_follow_the_prefix_rules() {
    let policy = policy();
    let app = app_with(&[], ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", "__Host-pref=1; __Secure-ad=2")]).await;
    assert_eq!(
        set_cookies(&response),
        vec![
            format!("__Host-pref=; Max-Age=0; {EPOCH}; Path=/; Secure"),
            format!("__Secure-ad=; Max-Age=0; {EPOCH}; Path=/; Secure"),
            format!("__Secure-ad=; Max-Age=0; {EPOCH}; Path=/; Domain=.example.com; Secure"),
        ]
    );
}

#[tokio::test]
async fn cleanup_can_be_turned_off() {
    let app = app_with(
        &[],
        ConsentLayer::builder(policy())
            .with_withdrawal_cleanup(false)
            .build()
            .unwrap(),
    );
    let response = get_with(&app, &[("cookie", "_ga=1; _fbp=2")]).await;
    assert!(set_cookies(&response).is_empty());
    // Private only because the handler read the consent, not for a
    // deletion.
    assert_eq!(response.headers()["cache-control"], "private");
}

#[tokio::test]
async fn the_application_does_not_see_denied_cookies() {
    let policy = policy();
    let cookie = consent_cookie(&policy, &[Category::Statistical], &[], &[], 10);
    let app = app_with(&[], ConsentLayer::new(policy));
    let response = get_with(
        &app,
        &[
            ("cookie", "sessionid=s; _fbp=f"),
            ("cookie", &format!("_ga=g; mystery=m; {cookie}")),
            ("cookie", "csrftoken=c; recently_viewed=r"),
        ],
    )
    .await;
    let body = body_text(response).await;
    let seen = body.lines().nth(1).unwrap();
    assert!(
        seen.starts_with("cookie=sessionid=s; _ga=g; cookies_preferences="),
        "{seen}"
    );
    assert!(seen.ends_with("; csrftoken=c"), "{seen}");
    for hidden in ["_fbp", "mystery", "recently_viewed", " | "] {
        assert!(!seen.contains(hidden), "{hidden} in {seen}");
    }
}

#[tokio::test]
async fn scrubbing_leaves_allowed_headers_alone_and_can_be_turned_off() {
    let app = app_with(&[], ConsentLayer::new(policy()));
    let response = get_with(
        &app,
        &[("cookie", "sessionid=s"), ("cookie", "csrftoken=c")],
    )
    .await;
    let body = body_text(response).await;
    assert_eq!(
        body.lines().nth(1).unwrap(),
        "cookie=sessionid=s | csrftoken=c"
    );

    let app = app_with(
        &[],
        ConsentLayer::builder(policy())
            .with_request_scrubbing(false)
            .build()
            .unwrap(),
    );
    let response = get_with(&app, &[("cookie", "sessionid=s; _fbp=f")]).await;
    let body = body_text(response).await;
    assert_eq!(body.lines().nth(1).unwrap(), "cookie=sessionid=s; _fbp=f");
}

#[tokio::test]
async fn many_withdrawn_cookies_are_all_deleted() {
    // More withdrawable names than the layer keeps inline (8 names, 128
    // bytes): it falls back to keeping the `Cookie` field, and still deletes
    // every one, once, in the order they were sent.
    let policy = policy();
    let refused = consent_cookie(&policy, &[], &all_optional(), &[], 10);
    let app = app_with(&[], ConsentLayer::new(policy));
    let ga: Vec<String> = (0..12)
        .map(|i| format!("_ga_property_number_{i}"))
        .collect();
    let sent: Vec<String> = ga.iter().map(|n| format!("{n}=1")).collect();
    let cookie = format!("{}; _ga_property_number_0=2; {refused}", sent.join("; "));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    let lines = set_cookies(&response);
    let host_only: Vec<&String> = lines.iter().filter(|l| !l.contains("Domain=")).collect();
    assert_eq!(host_only.len(), ga.len(), "{lines:#?}");
    for (line, name) in host_only.iter().zip(&ga) {
        assert_eq!(**line, format!("{name}=; Max-Age=0; {EPOCH}; Path=/"));
    }
    // Each name also gets one line per listed domain of `_ga_*` (two).
    assert_eq!(lines.len(), ga.len() * 3);
    // Past the cookies the one-pass reader keeps (8), the layer counts the
    // hidden ones again from the headers: the application still sees none.
    let body = body_text(response).await;
    let seen = body.lines().nth(1).unwrap();
    assert!(seen.starts_with("cookie=cookies_preferences="), "{seen}");
    assert!(!seen.contains("_ga_property"), "{seen}");
}
