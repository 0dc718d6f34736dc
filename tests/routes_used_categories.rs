//! A site that uses some categories only: the banner speaks of those, the
//! page offers boxes for those, and a choice records those alone, so a
//! category the site starts using later is asked about, not pre-accepted.

mod common;

use axum::Router;
use axum::response::Html;
use axum::routing::get as route_get;
use common::*;
use tower_cookie_consent::{
    Category, Consent, ConsentLayer, CookieRule, Grant, Lang, Policy, PolicyBuilder,
    UnknownCookies, consent_routes,
};

/// A page with the banner, in the language `?lang=` names, and the
/// consent routes, under this policy.
fn app(policy: PolicyBuilder) -> Router {
    async fn page(consent: Consent, uri: http::Uri) -> Html<String> {
        let lang = if uri.query() == Some("lang=fr") {
            Lang::Fr
        } else {
            Lang::En
        };
        Html(format!("<main>{}</main>", consent.banner().lang(lang)))
    }
    Router::new()
        .route("/", route_get(page))
        .merge(consent_routes())
        .layer(ConsentLayer::new(policy.build().unwrap()))
}

/// Statistical cookies and necessary ones, nothing else.
fn statistical_only() -> PolicyBuilder {
    Policy::builder()
        .rule(CookieRule::exact("sessionid", Category::Necessary))
        .rule(CookieRule::pattern("_pk_id.*", Category::Statistical).service("matomo"))
        .rule(CookieRule::exact("_stats", Category::Statistical))
}

fn has_banner(page: &str) -> bool {
    page.contains("class=\"tcc-banner\"")
}

/// The categories a choice records, sorted.
fn recorded(response: &http::Response<axum::body::Body>) -> Vec<(String, Grant)> {
    let mut categories: Vec<_> = written_choice(response).categories.into_iter().collect();
    categories.sort_by(|a, b| a.0.cmp(&b.0));
    categories
}

#[tokio::test]
async fn the_banner_speaks_of_the_categories_in_use_alone() {
    let app = app(statistical_only());
    let english = body_text(send(&app, get("/", "")).await).await;
    assert!(has_banner(&english));
    assert!(
        english.contains("also use cookies to measure the audience. "),
        "{english}"
    );
    for unused in ["remember what you viewed", "partners"] {
        assert!(!english.contains(unused), "{unused}: {english}");
    }
    let french = body_text(send(&app, get("/?lang=fr", "")).await).await;
    assert!(
        french.contains("cookies pour mesurer l'audience. "),
        "{french}"
    );
    for unused in ["consulté", "partenaires"] {
        assert!(!french.contains(unused), "{unused}: {french}");
    }
}

#[tokio::test]
async fn every_action_records_the_categories_in_use_alone() {
    let app = app(statistical_only());
    for (form, grant_expected) in [
        ("action=accept_all", true),
        ("action=reject_all", false),
        ("action=withdraw", false),
        ("action=save&category=statistical&service=matomo", true),
        ("action=save&category=internal&category=third_party", false),
    ] {
        let response = send(&app, post_form(form, "")).await;
        let recorded = recorded(&response);
        assert_eq!(recorded.len(), 1, "{form}: {recorded:?}");
        assert_eq!(recorded[0].0, "statistical", "{form}");
        assert_eq!(
            matches!(recorded[0].1, Grant::Accepted(_)),
            grant_expected,
            "{form}"
        );
        let page = body_text(send(&app, get("/", &consent_pair(&response))).await).await;
        assert!(!has_banner(&page), "{form}: the banner is gone");
    }
}

#[tokio::test]
async fn the_page_offers_boxes_for_the_categories_in_use_alone() {
    let app = app(statistical_only());
    let page = body_text(send(&app, get("/cookies", "")).await).await;
    assert!(
        page.contains("name=\"category\" value=\"statistical\""),
        "{page}"
    );
    assert!(page.contains("name=\"service\" value=\"matomo\""), "{page}");
    for unused in ["internal", "third_party"] {
        assert!(
            !page.contains(&format!(
                "<input type=\"checkbox\" name=\"category\" value=\"{unused}\""
            )),
            "{unused}"
        );
        assert!(
            !page.contains(&format!("<legend>{}", title(unused))),
            "no fieldset for {unused}"
        );
    }
}

fn title(category: &str) -> &'static str {
    match category {
        "internal" => "Internal (first-party) cookies",
        _ => "Third-party cookies",
    }
}

#[tokio::test]
async fn a_category_the_site_starts_using_is_asked_about_not_pre_accepted() {
    let accepted = send(&app(statistical_only()), post_form("action=accept_all", "")).await;
    let cookie = consent_pair(&accepted);

    let later =
        app(statistical_only().rule(CookieRule::exact("recently_viewed", Category::Internal)));
    let page = body_text(send(&later, get("/", &cookie)).await).await;
    assert!(has_banner(&page), "asked about the new category");
    assert!(page.contains("<input type=\"hidden\" name=\"scope\" value=\"internal\">"));
    assert!(!page.contains("name=\"scope\" value=\"statistical\""));
    let state: serde_json::Value =
        serde_json::from_str(&body_text(send(&later, get("/consent", &cookie)).await).await)
            .unwrap();
    assert_eq!(state["categories"]["internal"]["state"], "undecided");
    assert_eq!(state["categories"]["internal"]["allowed"], false);
    assert_eq!(state["categories"]["statistical"]["state"], "accepted");
}

#[tokio::test]
async fn a_site_with_only_necessary_cookies_asks_nothing() {
    let app = app(Policy::builder().rule(CookieRule::exact("sessionid", Category::Necessary)));
    let page = body_text(send(&app, get("/", "")).await).await;
    assert_eq!(page, "<main></main>");
}

#[tokio::test]
async fn the_category_unknown_cookies_count_in_is_in_use() {
    // Unknown names are judged as internal cookies: internal cookies can
    // exist, so the visitor is asked about them and a grant covers them.
    let app = app(statistical_only().unknown(UnknownCookies::As(Category::Internal)));
    let page = body_text(send(&app, get("/", "")).await).await;
    assert!(page.contains("to remember what you viewed"), "{page}");
    let response = send(&app, post_form("action=accept_all", "")).await;
    let names: Vec<String> = recorded(&response).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["internal", "statistical"]);
}
