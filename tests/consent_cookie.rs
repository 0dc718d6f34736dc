//! Reading the consent cookie, through a real Router.

mod common;

use common::*;
use tower_cookie_consent::{
    Category, ConsentId, ConsentLayer, CookieRule, Grant, Policy, Preferences,
};

const LINES: &[&str] = &["sessionid=1", "_ga=2", "recently_viewed=3", "_fbp=4"];

fn encode_json(json: &str) -> String {
    let encoded: String = json
        .bytes()
        .map(|b| match b {
            b'"' | b',' | b';' | b' ' | b'%' | b'\\' => format!("%{b:02X}"),
            _ => (b as char).to_string(),
        })
        .collect();
    format!("cookies_preferences={encoded}")
}

async fn outcome(app: &axum::Router, cookie_headers: &[&str]) -> (Vec<String>, String) {
    let headers: Vec<(&str, &str)> = cookie_headers.iter().map(|c| ("cookie", *c)).collect();
    let response = get_with(app, &headers).await;
    assert_eq!(response.status(), 200);
    let names = names(&set_cookies(&response));
    (names, body_text(response).await)
}

#[tokio::test]
async fn malformed_consent_cookies_mean_necessary_only() {
    let policy = policy();
    let stat = policy.revision(&Category::Statistical).unwrap().to_owned();
    let now = now();
    let id = "0123456789abcdef0123456789abcdef";
    let valid_json =
        format!(r#"{{"v":1,"id":"{id}","at":{now},"categories":{{"statistical":"{stat}"}}}}"#);
    let app = app_with(LINES, ConsentLayer::new(policy));
    // The well-formed control: statistics pass.
    let (names, _) = outcome(&app, &[&encode_json(&valid_json)]).await;
    assert!(names.contains(&"_ga".to_owned()), "{names:?}");

    let oversized = encode_json(&valid_json.replace(
        "\"categories\"",
        &format!("\"pad\":\"{}\",\"categories\"", "x".repeat(5000)),
    ));
    let cases: Vec<(&str, String)> = vec![
        (
            "not percent-encoded",
            format!("cookies_preferences=%zz{}", &encode_json(&valid_json)[20..]),
        ),
        (
            "truncated escape",
            format!("{}%4", encode_json(&valid_json)),
        ),
        ("not JSON", "cookies_preferences=hello".to_owned()),
        ("not UTF-8", "cookies_preferences=%FF%FE%FD".to_owned()),
        (
            "wrong type: at as string",
            encode_json(
                &valid_json.replace(&format!("\"at\":{now}"), &format!("\"at\":\"{now}\"")),
            ),
        ),
        (
            "wrong type: grant true",
            encode_json(&valid_json.replace(&format!("\"{stat}\""), "true")),
        ),
        (
            "wrong type: categories list",
            encode_json(&format!(
                r#"{{"v":1,"id":"{id}","at":{now},"categories":["statistical"]}}"#
            )),
        ),
        ("bad id", encode_json(&valid_json.replace(id, "not-hex"))),
        (
            "missing id",
            encode_json(&valid_json.replace(&format!("\"id\":\"{id}\","), "")),
        ),
        (
            "unknown version",
            encode_json(&valid_json.replace("\"v\":1", "\"v\":3")),
        ),
        (
            "expired",
            encode_json(&valid_json.replace(&now.to_string(), &(now - 183 * 86_400).to_string())),
        ),
        (
            "future",
            encode_json(&valid_json.replace(&now.to_string(), &(now + 3_600).to_string())),
        ),
        ("oversized", oversized),
        ("empty", "cookies_preferences=".to_owned()),
        (
            "deeply nested categories",
            encode_json(&format!(
                r#"{{"v":1,"id":"{id}","at":{now},"categories":{}1{}}}"#,
                "[".repeat(1000),
                "]".repeat(1000)
            )),
        ),
    ];
    for (what, cookie) in cases {
        let (names, body) = outcome(&app, &[&cookie]).await;
        assert_eq!(names, vec!["sessionid"], "{what}");
        assert!(body.starts_with("decided=false"), "{what}: {body}");
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored_however_deep() {
    let policy = policy();
    let stat = policy.revision(&Category::Statistical).unwrap().to_owned();
    let json = format!(
        r#"{{"v":1,"future":{}1{},"id":"0123456789abcdef0123456789abcdef","at":{},"categories":{{"statistical":"{stat}"}}}}"#,
        "[".repeat(1800),
        "]".repeat(1800),
        now()
    );
    let app = app_with(LINES, ConsentLayer::new(policy));
    // Additive fields are how the format grows (`gpc` was one): they are
    // skipped without recursion trouble, and the record still counts.
    let (names, body) = outcome(&app, &[&encode_json(&json)]).await;
    assert_eq!(names, vec!["sessionid", "_ga"]);
    assert!(body.starts_with("decided=true"), "{body}");
}

#[tokio::test]
async fn a_refusal_is_a_decision() {
    let policy = policy();
    let cookie = consent_cookie(&policy, &[], &all_optional(), &[], 60);
    let app = app_with(LINES, ConsentLayer::new(policy));
    let (names, body) = outcome(&app, &[&cookie]).await;
    assert_eq!(names, vec!["sessionid"]);
    assert!(
        body.starts_with(
            "decided=true statistical=false internal=false third_party=false banner=false"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn every_cookie_header_field_is_read() {
    let policy = policy();
    let cookie = consent_cookie(&policy, &all_optional(), &[], &[], 60);
    let app = app_with(LINES, ConsentLayer::new(policy));
    let (names, body) = outcome(&app, &["sessionid=1; theme=x", &cookie]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed", "_fbp"]);
    assert!(body.starts_with("decided=true"), "{body}");
}

#[tokio::test]
async fn among_copies_the_latest_valid_one_wins() {
    let policy = policy();
    let older_accept = consent_cookie(&policy, &all_optional(), &[], &[], 3_600);
    let newer_refuse = consent_cookie(&policy, &[], &all_optional(), &[], 60);
    let app = app_with(LINES, ConsentLayer::new(policy.clone()));
    for order in [
        [&older_accept, &newer_refuse],
        [&newer_refuse, &older_accept],
    ] {
        let header = format!("{}; {}", order[0], order[1]);
        let (names, _) = outcome(&app, &[&header]).await;
        assert_eq!(names, vec!["sessionid"]);
    }
    // A malformed newer copy is ignored, not a reason to forget the valid one.
    let (names, _) = outcome(&app, &[&older_accept, "cookies_preferences=garbage"]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed", "_fbp"]);
    // The name is case-sensitive.
    let shouting = older_accept.replacen("cookies_preferences", "COOKIES_PREFERENCES", 1);
    let (names, _) = outcome(&app, &[&shouting]).await;
    assert_eq!(names, vec!["sessionid"]);
}

#[tokio::test]
async fn a_changed_category_revision_asks_again_for_that_category_only() {
    let before = policy();
    let cookie = consent_cookie(
        &before,
        &[Category::Statistical, Category::Internal],
        &[Category::ThirdParty],
        &[],
        60,
    );
    // A statistical cookie is added: the statistical revision changes.
    let after = Policy::builder()
        .rules(before.rules().iter().cloned())
        .rule(CookieRule::exact("_hj", Category::Statistical).service("hotjar"))
        .build()
        .unwrap();
    assert_ne!(
        before.revision(&Category::Statistical),
        after.revision(&Category::Statistical)
    );
    assert_eq!(
        before.revision(&Category::Internal),
        after.revision(&Category::Internal)
    );
    let app = app_with(LINES, ConsentLayer::new(after));
    let (names, body) = outcome(&app, &[&cookie]).await;
    assert_eq!(names, vec!["sessionid", "recently_viewed"]);
    // Still decided, but the banner asks again.
    assert!(
        body.starts_with(
            "decided=true statistical=false internal=true third_party=false banner=true"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn a_new_consent_cookie_in_the_response_governs_it() {
    let policy = policy();
    let mut prefs = Preferences::new(ConsentId::random(), now());
    for c in all_optional() {
        prefs.categories.insert(
            c.name().to_owned(),
            Grant::Accepted(policy.revision(&c).unwrap().to_owned()),
        );
    }
    let accept_line: &'static str = Box::leak(
        format!(
            "cookies_preferences={}; Path=/; SameSite=Lax",
            prefs.encode()
        )
        .into_boxed_str(),
    );
    let app = app_with(
        &["_ga=1", accept_line, "_fbp=2"],
        ConsentLayer::new(policy.clone()),
    );
    // The visitor had refused everything; the handler records an acceptance.
    let refused = consent_cookie(&policy, &[], &all_optional(), &[], 60);
    let response = get_with(&app, &[("cookie", &refused)]).await;
    assert_eq!(
        names(&set_cookies(&response)),
        vec!["_ga", "cookies_preferences", "_fbp"]
    );

    // And the other way: a response that refuses strips in the same response.
    for c in all_optional() {
        prefs.categories.insert(c.name().to_owned(), Grant::Refused);
    }
    let refuse_line: &'static str =
        Box::leak(format!("cookies_preferences={}; Path=/", prefs.encode()).into_boxed_str());
    let app = app_with(&["_ga=1", refuse_line], ConsentLayer::new(policy.clone()));
    let accepted = consent_cookie(&policy, &all_optional(), &[], &[], 60);
    let response = get_with(&app, &[("cookie", &accepted)]).await;
    assert_eq!(names(&set_cookies(&response)), vec!["cookies_preferences"]);
}

#[tokio::test]
async fn a_custom_cookie_name_is_used() {
    let policy = policy();
    let cookie = consent_cookie(&policy, &all_optional(), &[], &[], 60).replacen(
        "cookies_preferences",
        "__Host-consent",
        1,
    );
    let layer = ConsentLayer::builder(policy)
        .with_cookie_name("__Host-consent")
        .build()
        .unwrap();
    let app = app_with(LINES, layer);
    let (names, body) = outcome(&app, &[&cookie]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed", "_fbp"]);
    assert!(body.starts_with("decided=true"));
    // The custom-named consent cookie is not hidden from the application.
    assert!(body.contains("cookie=__Host-consent="), "{body}");
}

#[tokio::test]
async fn a_cached_choice_answers_exactly_what_decoding_would() {
    let policy = policy();
    let layer = ConsentLayer::new(policy.clone());
    let report = layer.clone();
    let app = app_with(LINES, layer);
    let accepted = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    let refused = consent_cookie(&policy, &[], &all_optional(), &[], 10);
    for round in 0..3 {
        let (names, _) = outcome(&app, &[&accepted]).await;
        assert_eq!(
            names,
            ["sessionid", "_ga", "recently_viewed", "_fbp"],
            "round {round}"
        );
        let (names, _) = outcome(&app, &[&refused]).await;
        assert_eq!(names, ["sessionid"], "round {round}");
    }
    let report = report.report();
    // Two distinct cookies: each decoded once, then answered from the cache
    // (unless the two share a slot of the 256, when each visit decodes).
    assert_eq!(report.choice_cache_hits + report.choice_cache_misses, 6);
    assert!(report.choice_cache_misses >= 2, "{report:?}");
}

#[tokio::test]
async fn the_time_window_is_checked_on_every_request_even_on_a_cache_hit() {
    let policy = policy();
    let day = std::time::Duration::from_secs(86_400);
    let layer = ConsentLayer::builder(policy.clone())
        .with_lifetime(day)
        .build()
        .unwrap();
    let report = layer.clone();
    let app = app_with(LINES, layer);
    // Made two days ago: well formed, but older than the one-day lifetime.
    let stale = consent_cookie(&policy, &all_optional(), &[], &[], 2 * 86_400);
    for _ in 0..3 {
        let (names, _) = outcome(&app, &[&stale]).await;
        assert_eq!(names, ["sessionid"]);
    }
    let report = report.report();
    assert_eq!(report.choice_cache_misses, 1, "{report:?}");
    assert_eq!(report.choice_cache_hits, 2, "{report:?}");
}

#[tokio::test]
async fn the_cache_can_be_turned_off() {
    let policy = policy();
    let layer = ConsentLayer::builder(policy.clone())
        .with_choice_cache(0)
        .build()
        .unwrap();
    let report = layer.clone();
    let app = app_with(LINES, layer);
    let accepted = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    for _ in 0..3 {
        let (names, _) = outcome(&app, &[&accepted]).await;
        assert_eq!(names, ["sessionid", "_ga", "recently_viewed", "_fbp"]);
    }
    let report = report.report();
    assert_eq!(
        (report.choice_cache_hits, report.choice_cache_misses),
        (0, 0)
    );
}
