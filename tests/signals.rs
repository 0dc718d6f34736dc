//! Global Privacy Control, DNT, and the defaults for undecided
//! visitors.

mod common;

use common::*;
use tower_cookie_consent::{
    Category, ConsentDefault, ConsentId, ConsentLayer, CookieRule, Grant, Policy, Preferences,
};

const LINES: &[&str] = &["sessionid=1", "_ga=2", "recently_viewed=3", "_fbp=4"];

async fn run(layer: ConsentLayer, headers: &[(&str, &str)]) -> (Vec<String>, String) {
    let app = app_with(LINES, layer);
    let response = get_with(&app, headers).await;
    let names = names(&set_cookies(&response));
    (names, body_text(response).await)
}

fn gpc_choice(policy: &Policy, accepted: &[Category], with_signal: bool) -> String {
    let mut prefs = Preferences::new(ConsentId::random(), now());
    for c in accepted {
        prefs.categories.insert(
            c.name().to_owned(),
            Grant::Accepted(policy.revision(c).unwrap().to_owned()),
        );
    }
    prefs.gpc = with_signal;
    format!("cookies_preferences={}", prefs.encode())
}

#[tokio::test]
async fn gpc_strips_third_party_for_an_undecided_visitor_in_opt_out_mode() {
    let layer = || {
        ConsentLayer::builder(policy())
            .with_default(ConsentDefault::OptOut)
            .build()
            .unwrap()
    };
    let (names, body) = run(layer(), &[]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed", "_fbp"]);
    assert!(body.contains("gpc=false gpc_honored=false"), "{body}");

    let (names, body) = run(layer(), &[("sec-gpc", "1")]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed"]);
    assert!(body.contains("third_party=false"), "{body}");
    assert!(body.contains("gpc=true gpc_honored=true"), "{body}");
}

#[tokio::test]
async fn gpc_with_opt_in_keeps_third_party_out_and_says_so() {
    let (names, body) = run(ConsentLayer::new(policy()), &[("sec-gpc", "1")]).await;
    assert_eq!(names, vec!["sessionid"]);
    assert!(body.contains("gpc=true gpc_honored=true"), "{body}");
}

#[tokio::test]
async fn only_the_exact_value_one_counts() {
    let layer = || {
        ConsentLayer::builder(policy())
            .with_default(ConsentDefault::OptOut)
            .build()
            .unwrap()
    };
    for value in ["0", "true", "yes", "1, 1", "01", ""] {
        let (names, body) = run(layer(), &[("sec-gpc", value)]).await;
        assert!(names.contains(&"_fbp".to_owned()), "Sec-GPC: {value:?}");
        assert!(body.contains("gpc=false"), "Sec-GPC: {value:?}");
    }
    // Surrounding whitespace is not part of an HTTP field value (RFC 9110
    // §5.5; hyper strips it on the wire), so `1 ` is the value `1`.
    let (names, _) = run(layer(), &[("sec-gpc", "1 ")]).await;
    assert!(!names.contains(&"_fbp".to_owned()));
    // Any of several fields.
    let (names, _) = run(layer(), &[("sec-gpc", "0"), ("sec-gpc", "1")]).await;
    assert!(!names.contains(&"_fbp".to_owned()));
}

#[tokio::test]
async fn an_explicit_grant_made_with_the_signal_wins() {
    let policy = policy();
    let all = all_optional();
    // Granted while the browser sent GPC: an explicit opt-in.
    let explicit = gpc_choice(&policy, &all, true);
    let (names, body) = run(
        ConsentLayer::new(policy.clone()),
        &[("sec-gpc", "1"), ("cookie", &explicit)],
    )
    .await;
    assert!(names.contains(&"_fbp".to_owned()), "{names:?}");
    assert!(body.contains("gpc=true gpc_honored=false"), "{body}");

    // Granted before the signal was on: the signal now overrides it.
    let earlier = gpc_choice(&policy, &all, false);
    let (names, body) = run(
        ConsentLayer::new(policy.clone()),
        &[("sec-gpc", "1"), ("cookie", &earlier)],
    )
    .await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed"]);
    assert!(body.contains("gpc=true gpc_honored=true"), "{body}");

    // A service granted without the signal is overridden too.
    let revision = policy.service_revision("meta-pixel").unwrap().to_owned();
    let mut prefs = Preferences::new(ConsentId::random(), now());
    prefs
        .services
        .insert("meta-pixel".into(), Grant::Accepted(revision));
    let service = format!("cookies_preferences={}", prefs.encode());
    let (names, _) = run(
        ConsentLayer::new(policy.clone()),
        &[("sec-gpc", "1"), ("cookie", &service)],
    )
    .await;
    assert!(!names.contains(&"_fbp".to_owned()));

    // A service granted while the signal was on is explicit: it stands.
    prefs.gpc = true;
    let explicit = format!("cookies_preferences={}", prefs.encode());
    let (names, _) = run(
        ConsentLayer::new(policy),
        &[("sec-gpc", "1"), ("cookie", &explicit)],
    )
    .await;
    assert!(names.contains(&"_fbp".to_owned()), "{names:?}");
}

#[tokio::test]
async fn sale_or_sharing_categories_are_denied_by_gpc_too() {
    let marketing = Category::custom("marketing").unwrap();
    let policy = Policy::builder()
        .rule(CookieRule::exact("promo", marketing.clone()))
        .rule(CookieRule::exact("_ga", Category::Statistical))
        .sale_or_sharing(marketing)
        .build()
        .unwrap();
    let app = app_with(
        &["promo=1", "_ga=2"],
        ConsentLayer::builder(policy)
            .with_default(ConsentDefault::OptOut)
            .build()
            .unwrap(),
    );
    let response = get_with(&app, &[("sec-gpc", "1")]).await;
    assert_eq!(names(&set_cookies(&response)), vec!["_ga"]);
}

#[tokio::test]
async fn gpc_can_be_ignored_by_configuration() {
    let layer = ConsentLayer::builder(policy())
        .with_default(ConsentDefault::OptOut)
        .with_gpc(false)
        .build()
        .unwrap();
    let (names, body) = run(layer, &[("sec-gpc", "1")]).await;
    assert!(names.contains(&"_fbp".to_owned()));
    // The signal is still reported, but not honoured.
    assert!(body.contains("gpc=true gpc_honored=false"), "{body}");
}

#[tokio::test]
async fn opt_out_allows_until_refused() {
    let policy = policy();
    let layer = || {
        ConsentLayer::builder(policy.clone())
            .with_default(ConsentDefault::OptOut)
            .build()
            .unwrap()
    };
    let (names, body) = run(layer(), &[]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed", "_fbp"]);
    assert!(body.contains("decided=false"), "{body}");
    let refused = consent_cookie(
        &policy,
        &[Category::Internal],
        &[Category::Statistical, Category::ThirdParty],
        &[],
        10,
    );
    let (names, _) = run(layer(), &[("cookie", &refused)]).await;
    assert_eq!(names, vec!["sessionid", "recently_viewed"]);
}

#[tokio::test]
async fn dnt_is_a_refusal_only_when_enabled() {
    let layer = |dnt| {
        ConsentLayer::builder(policy())
            .with_default(ConsentDefault::OptOut)
            .with_dnt(dnt)
            .build()
            .unwrap()
    };
    let (names, _) = run(layer(false), &[("dnt", "1")]).await;
    assert_eq!(names, vec!["sessionid", "_ga", "recently_viewed", "_fbp"]);
    let (names, _) = run(layer(true), &[("dnt", "1")]).await;
    assert_eq!(names, vec!["sessionid"]);
    let (names, _) = run(layer(true), &[("dnt", "0")]).await;
    assert_eq!(names.len(), 4);
    // An explicit acceptance is stronger than DNT.
    let accepted = consent_cookie(&policy(), &all_optional(), &[], &[], 10);
    let (names, _) = run(layer(true), &[("dnt", "1"), ("cookie", &accepted)]).await;
    assert_eq!(names.len(), 4);
}
