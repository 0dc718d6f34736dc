//! Content Security Policy: the banner's `<style>` takes the page's nonce
//! (and never a value that would break out of the attribute), or links the
//! stylesheet; `GET /consent.css` serves it with cache headers; the policy
//! page links it instead of carrying an inline `<style>`.

mod common;

use axum::Router;
use axum::response::Html;
use axum::routing::get as route_get;
use common::*;
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use tower_cookie_consent::{Consent, ConsentLayer, consent_routes};

/// A page whose banner is built by `banner`, with the consent routes
/// nested under `/privacy`.
fn app(banner: fn(&Consent) -> String) -> Router {
    Router::new()
        .route(
            "/",
            route_get(move |consent: Consent| async move {
                Html(format!("<main>{}</main>", banner(&consent)))
            }),
        )
        .nest("/privacy", consent_routes())
        .layer(ConsentLayer::new(server::policy()))
}

async fn home(app: &Router) -> String {
    body_text(send(app, get("/", "")).await).await
}

/// The `href` of the first stylesheet link of a page.
fn stylesheet_href(page: &str) -> &str {
    let start = page
        .find("<link rel=\"stylesheet\" href=\"")
        .unwrap_or_else(|| panic!("no stylesheet link: {page}"))
        + "<link rel=\"stylesheet\" href=\"".len();
    &page[start..start + page[start..].find('"').unwrap()]
}

#[tokio::test]
async fn the_banners_style_takes_the_nonce() {
    let page = home(&app(|c| c.banner().nonce("r4nd0m+/Ab_-==").to_string())).await;
    assert!(
        page.contains("<style nonce=\"r4nd0m+/Ab_-==\">.tcc-banner{"),
        "{page}"
    );
    let default = home(&app(|c| c.banner().to_string())).await;
    assert!(default.contains("<style>.tcc-banner{"), "{default}");
}

#[tokio::test]
async fn a_nonce_that_is_not_base64_is_left_out() {
    for hostile in [
        "\"><script>alert(1)</script>",
        "abc\" onload=\"x",
        "a b",
        "abc'",
        "",
    ] {
        let app = Router::new()
            .route(
                "/",
                route_get(move |consent: Consent| async move {
                    Html(consent.banner().nonce(hostile).to_string())
                }),
            )
            .layer(ConsentLayer::new(server::policy()));
        let page = home(&app).await;
        assert!(page.contains("<style>.tcc-banner{"), "{hostile}: {page}");
        assert!(!page.contains("nonce"), "{hostile}: {page}");
        assert!(!page.contains("<script"), "{hostile}: {page}");
        assert!(!page.contains("onload"), "{hostile}: {page}");
    }
}

#[tokio::test]
async fn the_banner_can_link_the_stylesheet_instead() {
    let app = app(|c| {
        c.banner()
            .base_path("/privacy")
            .stylesheet_link(true)
            .nonce("n0nce")
            .to_string()
    });
    let page = home(&app).await;
    assert!(!page.contains("<style"), "{page}");
    let href = stylesheet_href(&page);
    assert!(href.starts_with("/privacy/consent.css?v="), "{href}");
    assert!(page.contains(&format!("href=\"{href}\" nonce=\"n0nce\">")));
    let response = send(&app, get(href, "")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body_text(response).await.starts_with(".tcc-banner{"));
}

#[tokio::test]
async fn the_stylesheet_is_served_with_its_type_a_long_cache_and_a_strong_tag() {
    let app = server::app();
    let response = send(&app, get("/consent.css", "")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
    assert_eq!(response.headers()[CACHE_CONTROL], "public, max-age=86400");
    assert!(response.headers().get("vary").is_none());
    let etag = response.headers()[ETAG].to_str().unwrap().to_owned();
    assert!(
        etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'),
        "{etag}"
    );
    let css = body_text(response).await;
    for rule in [".tcc-banner{", ".tcc-button{", ".tcc-page table{"] {
        assert!(css.contains(rule), "{rule}");
    }

    // The address the page links never changes content: cached a year.
    let page = body_text(send(&app, get("/cookies", "")).await).await;
    let versioned = send(&app, get(stylesheet_href(&page), "")).await;
    assert_eq!(
        versioned.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(versioned.headers()[ETAG], etag.as_str());
    assert_eq!(body_text(versioned).await, css);

    // A stale `?v=` is not promised forever.
    let stale = send(&app, get("/consent.css?v=0000000000000000", "")).await;
    assert_eq!(stale.headers()[CACHE_CONTROL], "public, max-age=86400");

    for tag in [etag.clone(), format!("W/{etag}"), format!("\"x\", {etag}")] {
        let mut request = get("/consent.css", "");
        request
            .headers_mut()
            .insert(IF_NONE_MATCH, tag.parse().unwrap());
        let response = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{tag}");
        assert_eq!(response.headers()[ETAG], etag.as_str());
        assert!(body_text(response).await.is_empty());
    }
    let mut request = get("/consent.css", "");
    request
        .headers_mut()
        .insert(IF_NONE_MATCH, "\"other\"".parse().unwrap());
    assert_eq!(send(&app, request).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_policy_page_links_the_stylesheet_and_has_no_inline_style() {
    let app = server::app();
    for path in ["/cookies", "/cookies?lang=fr"] {
        let page = body_text(send(&app, get(path, "")).await).await;
        assert!(!page.contains("<style"), "{path}");
        assert!(
            !page.contains(" style="),
            "{path}: no style attribute either"
        );
        assert!(
            stylesheet_href(&page).starts_with("/consent.css?v="),
            "{path}"
        );
    }

    let nested = app_nested();
    let page = body_text(send(&nested, get("/privacy/cookies", "")).await).await;
    let href = stylesheet_href(&page);
    assert!(href.starts_with("/privacy/consent.css?v="), "{href}");
    let response = send(&nested, get(href, "")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
}

fn app_nested() -> Router {
    Router::new()
        .nest("/privacy", consent_routes())
        .layer(ConsentLayer::new(server::policy()))
}
