//! `GET /cookies`: the policy page generated from the registry.

mod common;

use axum::Router;
use common::*;
use http::StatusCode;
use http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy, consent_routes};

/// The HTML of one category's section.
fn section<'a>(page: &'a str, category: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"tcc-category-{category}\""))
        .unwrap_or_else(|| panic!("no section for {category}"));
    let end = start + page[start..].find("</section>").unwrap();
    &page[start..end]
}

async fn page(app: &Router, path: &str, headers: &[(&str, &str)], cookies: &str) -> String {
    let mut request = get(path, cookies);
    for (name, value) in headers {
        let name = http::HeaderName::from_bytes(name.as_bytes()).unwrap();
        request.headers_mut().insert(name, value.parse().unwrap());
    }
    let response = send(app, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    body_text(response).await
}

#[tokio::test]
async fn every_rule_is_listed_under_its_category_in_both_languages() {
    let app = server::app();
    let policy = server::policy();
    let english = page(&app, "/cookies", &[], "").await;
    let french = page(&app, "/cookies?lang=fr", &[], "").await;
    let negotiated = page(
        &app,
        "/cookies",
        &[(ACCEPT_LANGUAGE.as_str(), "fr-FR,fr;q=0.9")],
        "",
    )
    .await;
    assert_eq!(french, negotiated);

    for (html, lang, columns) in [
        (
            &english,
            "en",
            [
                "Service provider's name",
                "Function and location",
                "Cookie name(s)",
                "Purposes",
                "Lifetime",
            ],
        ),
        (
            &french,
            "fr",
            [
                "Nom du fournisseur de service",
                "Fonction et emplacement",
                "Nom(s) du cookie",
                "Finalités",
                "Durée de vie",
            ],
        ),
    ] {
        assert!(html.starts_with(&format!("<!doctype html><html lang=\"{lang}\">")));
        for category in policy.categories() {
            let section = section(html, category.name());
            for column in columns {
                assert!(
                    section.contains(&format!("<th scope=\"col\">{column}</th>")),
                    "{lang}: {column}"
                );
            }
            for rule in policy.rules() {
                let listed = section.contains(&format!("<code>{}</code>", rule.name()));
                assert_eq!(
                    listed,
                    rule.category() == category,
                    "{lang}: {} under {category}",
                    rule.name()
                );
                if listed {
                    let purpose = rule.purpose_text().unwrap().replace('\'', "&#x27;");
                    assert!(section.contains(&purpose), "{lang}: {purpose}");
                    assert!(section.contains(rule.lifetime_text().unwrap()));
                    assert!(section.contains(rule.provider_name().unwrap()));
                }
            }
        }
    }
    assert!(english.contains("What is a cookie?"));
    assert!(french.contains("Qu'est-ce qu'un cookie ?"));
    assert!(english.contains("Third-party cookies") && french.contains("Cookies tiers"));
}

#[tokio::test]
async fn registry_strings_are_escaped() {
    let policy = Policy::builder()
        .rule(
            CookieRule::exact("tracker", Category::ThirdParty)
                .service("evil")
                .provider("Evil \"Corp\" & Co")
                .function("<img src=x onerror=alert(1)>")
                .purpose("<script>alert(1)</script>")
                .lifetime("1 year'"),
        )
        .build()
        .unwrap();
    let app: Router = Router::new()
        .merge(consent_routes())
        .layer(ConsentLayer::new(policy));
    for path in ["/cookies", "/cookies?lang=fr"] {
        let html = page(&app, path, &[], "").await;
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("Evil &quot;Corp&quot; &amp; Co"));
        assert!(html.contains("1 year&#x27;"));
    }
}

#[tokio::test]
async fn the_form_shows_the_current_choice_and_ticks_nothing_before_it() {
    let app = server::app();
    let fresh = page(&app, "/cookies", &[], "").await;
    assert!(!fresh.contains(" checked"), "no pre-ticked box");
    assert!(fresh.contains("You have not made a choice yet"));
    // Only internal cookies lie outside a service: only it has its own box.
    assert!(fresh.contains("name=\"category\" value=\"internal\""));
    for category in ["statistical", "third_party"] {
        assert!(!fresh.contains(&format!("name=\"category\" value=\"{category}\"")));
    }
    for service in ["google-analytics", "matomo", "meta-pixel", "ad-partner"] {
        assert!(fresh.contains(&format!("name=\"service\" value=\"{service}\"")));
    }
    for action in ["save", "accept_all", "reject_all", "withdraw"] {
        assert!(
            fresh.contains(&format!("name=\"action\" value=\"{action}\"")),
            "{action}"
        );
    }
    assert!(fresh.contains("<form method=\"post\" action=\"/consent\">"));
    assert!(fresh.contains("name=\"return_to\" value=\"/cookies?lang=en\""));

    let chosen = send(
        &app,
        post_form("action=save&category=statistical&service=matomo", ""),
    )
    .await;
    let id = written_choice(&chosen).id.to_string();
    let after = page(&app, "/cookies", &[], &consent_pair(&chosen)).await;
    assert!(after.contains("name=\"service\" value=\"matomo\" checked"));
    assert!(after.contains("name=\"service\" value=\"google-analytics\">"));
    assert!(after.contains("name=\"category\" value=\"internal\">"));
    assert!(after.contains(&id), "the reference of the choice is shown");
    assert!(after.contains("Statistical cookies: refused, except matomo"));
    assert!(after.contains("Third-party cookies: refused<"));
}

#[tokio::test]
async fn global_privacy_control_is_reported() {
    let app = server::app();
    let html = page(&app, "/cookies", &[("sec-gpc", "1")], "").await;
    assert!(html.contains("We honour it as a request to opt out"));
    let html = page(&app, "/cookies?lang=fr", &[("sec-gpc", "1")], "").await;
    assert!(html.contains("Global Privacy Control"));
    let plain = page(&app, "/cookies", &[], "").await;
    assert!(!plain.contains("tcc-gpc"));
}

#[tokio::test]
async fn nested_under_a_prefix_the_forms_follow() {
    let app: Router = Router::new().nest("/privacy", consent_routes()).layer(
        ConsentLayer::builder(server::policy())
            .with_secure_cookie(false)
            .build()
            .unwrap(),
    );
    let html = page(&app, "/privacy/cookies", &[], "").await;
    assert!(html.contains("<form method=\"post\" action=\"/privacy/consent\">"));
    assert!(html.contains("name=\"return_to\" value=\"/privacy/cookies?lang=en\""));
    let mut request = post_form("action=accept_all&return_to=%2Fprivacy%2Fcookies", "");
    *request.uri_mut() = "/privacy/consent".parse().unwrap();
    let response = send(&app, request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/privacy/cookies");
    assert!(consent_line(&response).is_some());
}
