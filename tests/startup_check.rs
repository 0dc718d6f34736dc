//! The startup check as an application uses it: it lists the cookies it
//! writes, and a test fails naming any the policy does not register. And
//! `Policy::explain` says what the layer really does with each name.

mod common;

use common::*;
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy, UnknownCookies};

/// Every cookie the application writes, kept beside the handlers that
/// write them.
const COOKIES_WRITTEN: [&str; 5] = ["sessionid", "csrftoken", "_ga", "_ga_ABC123", "_fbp"];

#[test]
fn every_cookie_the_application_writes_is_registered() {
    // The test to copy: it fails with the message below when a handler
    // starts writing a cookie nobody registered.
    if let Err(missing) = policy().check_names(COOKIES_WRITTEN) {
        panic!("{missing}");
    }
}

#[test]
fn a_cookie_missing_from_the_registry_fails_the_check_by_name() {
    let written = [COOKIES_WRITTEN.as_slice(), &["theme", "_pk_ses.1.a1b2"]].concat();
    let missing = policy().check_names(written).unwrap_err();
    assert_eq!(missing.names(), ["theme", "_pk_ses.1.a1b2"]);
    let message = missing.to_string();
    for expected in [
        "2 cookie names are not in the cookie policy; the layer strips them",
        r#"- "theme": register it with `.rule(CookieRule::exact("theme", Category::…))`"#,
        r#"- "_pk_ses.1.a1b2": register it"#,
    ] {
        assert!(
            message.contains(expected),
            "{expected:?} not in:\n{message}"
        );
    }
}

/// The lines an undecided visitor's response keeps, out of one per name.
async fn kept_for(policy: Policy, written: &'static [&'static str], cookie: &str) -> Vec<String> {
    let lines: Vec<&'static str> = written
        .iter()
        .map(|n| &*format!("{n}=1; Path=/").leak())
        .collect();
    let app = app_with(&lines, ConsentLayer::new(policy));
    let headers: Vec<(&str, &str)> = if cookie.is_empty() {
        Vec::new()
    } else {
        vec![("cookie", cookie)]
    };
    names(&set_cookies(&get_with(&app, &headers).await))
}

#[tokio::test]
async fn what_explain_calls_necessary_is_what_the_layer_lets_through_before_consent() {
    const NAMES: &[&str] = &["sessionid", "_ga", "_ga_ABC123", "_fbp", "theme"];
    for unknown in [UnknownCookies::Strip, UnknownCookies::Allow] {
        let policy = Policy::builder()
            .rules(policy().rules().iter().cloned())
            .unknown(unknown.clone())
            .build()
            .unwrap();
        let kept = kept_for(policy.clone(), NAMES, "").await;
        for name in NAMES {
            let explained = policy.explain(name);
            assert_eq!(
                explained.is_necessary(),
                kept.iter().any(|k| k == name),
                "{unknown:?}: {explained}"
            );
        }
    }
}

#[tokio::test]
async fn a_registered_optional_cookie_passes_once_its_category_is_accepted() {
    let policy = Policy::builder()
        .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
        .build()
        .unwrap();
    let explained = policy.explain("_ga_ABC123");
    assert_eq!(explained.category(), Some(&Category::Statistical));
    assert!(!explained.is_necessary());

    let before = kept_for(policy.clone(), &["_ga_ABC123"], "").await;
    assert!(before.is_empty(), "{before:?}");
    let accepted = consent_cookie(&policy, &[Category::Statistical], &[], &[], 10);
    let after = kept_for(policy, &["_ga_ABC123"], &accepted).await;
    assert_eq!(after, ["_ga_ABC123"]);
}

#[test]
fn the_readme_registry_passes_the_check_and_explains_as_shown() {
    // The registry of the README's "Registering the cookies your crates write".
    let policy = Policy::builder()
        .rule(
            CookieRule::exact("id", Category::Necessary)
                .function("Login")
                .lifetime("Session"),
        )
        .rule(
            CookieRule::exact("theme", Category::Necessary)
                .function("The theme you picked")
                .lifetime("Session"),
        )
        .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
        .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
        .build()
        .unwrap();
    assert!(
        policy
            .check_names(["id", "theme", "_ga", "_ga_ABC123"])
            .is_ok()
    );
    let shown = include_str!("../README.md")
        .lines()
        .find_map(|l| l.strip_prefix("// \"_ga_ABC123\": "))
        .expect("the README shows an explanation");
    assert_eq!(
        policy.explain("_ga_ABC123").to_string(),
        format!("\"_ga_ABC123\": {shown}")
    );
}
