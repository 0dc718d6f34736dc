//! Where the layer sits, and who writes the cookies.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::StatusCode;
use axum::response::AppendHeaders;
use axum::routing::get;
use axum_extra::extract::cookie::{Cookie as JarCookie, CookieJar};
use common::*;
use tower_cookie_consent::{Category, Consent, ConsentLayer};
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

async fn set_three(cookies: Cookies) -> &'static str {
    cookies.add(Cookie::new("sessionid", "1"));
    cookies.add(Cookie::new("_ga", "2"));
    cookies.add(Cookie::new("_fbp", "3"));
    "ok"
}

#[tokio::test]
async fn outside_cookie_manager_layer_it_filters_its_cookies() {
    let app = Router::new()
        .route("/", get(set_three))
        .layer(CookieManagerLayer::new())
        .layer(ConsentLayer::new(policy()));
    let response = get_with(&app, &[]).await;
    assert_eq!(names(&set_cookies(&response)), vec!["sessionid"]);

    let accepted = consent_cookie(&policy(), &[Category::Statistical], &[], &[], 10);
    let response = get_with(&app, &[("cookie", &accepted)]).await;
    let mut got = names(&set_cookies(&response));
    got.sort();
    assert_eq!(got, vec!["_ga", "sessionid"]);
}

#[tokio::test]
async fn inside_cookie_manager_layer_it_cannot_see_them() {
    // The wrong order, documented in the README: CookieManagerLayer writes
    // its Set-Cookie lines after the consent layer has already looked.
    let app = Router::new()
        .route("/", get(set_three))
        .layer(ConsentLayer::new(policy()))
        .layer(CookieManagerLayer::new());
    let response = get_with(&app, &[]).await;
    let mut got = names(&set_cookies(&response));
    got.sort();
    assert_eq!(got, vec!["_fbp", "_ga", "sessionid"]);
}

#[tokio::test]
async fn axum_extra_cookie_jar_and_raw_headers_are_filtered_in_either_order() {
    async fn jar_and_raw(
        jar: CookieJar,
    ) -> (
        CookieJar,
        AppendHeaders<[(&'static str, &'static str); 2]>,
        &'static str,
    ) {
        (
            jar.add(JarCookie::new("_ga", "jar"))
                .add(JarCookie::new("csrftoken", "jar")),
            // Appended: a plain header array would replace the jar's lines.
            AppendHeaders([
                ("set-cookie", "_fbp=raw; Path=/"),
                ("set-cookie", "sessionid=raw"),
            ]),
            "ok",
        )
    }
    let outside = Router::new()
        .route("/", get(jar_and_raw))
        .layer(CookieManagerLayer::new())
        .layer(ConsentLayer::new(policy()));
    let inside = Router::new()
        .route("/", get(jar_and_raw))
        .layer(ConsentLayer::new(policy()))
        .layer(CookieManagerLayer::new());
    for app in [outside, inside] {
        let response = get_with(&app, &[]).await;
        let mut got = names(&set_cookies(&response));
        got.sort();
        assert_eq!(got, vec!["csrftoken", "sessionid"]);
    }
}

#[tokio::test]
async fn the_extractor_without_the_layer_is_a_500_naming_it() {
    let app: Router = Router::new().route("/", get(|_: Consent| async { "unreachable" }));
    let response = get_with(&app, &[]).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body_text(response).await.contains("ConsentLayer"));
}

#[tokio::test]
async fn the_optional_extractor_without_the_layer_is_none() {
    let app: Router = Router::new().route(
        "/",
        get(|consent: Option<Consent>| async move { format!("{}", consent.is_some()) }),
    );
    let response = get_with(&app, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, "false");

    let with_layer = Router::new()
        .route(
            "/",
            get(|consent: Option<Consent>| async move { format!("{}", consent.is_some()) }),
        )
        .layer(ConsentLayer::new(policy()));
    assert_eq!(body_text(get_with(&with_layer, &[]).await).await, "true");
}

#[tokio::test]
async fn errors_of_the_inner_service_pass_through() {
    use tower::{Service, ServiceExt, service_fn};
    let mut service = tower::ServiceBuilder::new()
        .layer(ConsentLayer::new(policy()))
        .service(service_fn(|_: axum::http::Request<Body>| async {
            Err::<axum::http::Response<Body>, _>("inner failed")
        }));
    let request = axum::http::Request::new(Body::empty());
    let result = service.ready().await.unwrap().call(request).await;
    assert_eq!(result.unwrap_err(), "inner failed");
}
