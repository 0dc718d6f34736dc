//! `POST /consent` refuses other sites, unsafe redirects and bad bodies.

mod common;

use common::*;
use http::StatusCode;
use http::header::LOCATION;
use tower_cookie_consent::ConsentRoutes;

#[tokio::test]
async fn cross_site_posts_are_refused_without_a_consent_cookie() {
    let app = server::app();
    let cases: [&[(&str, &str)]; 5] = [
        &[("origin", "https://evil.example")],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site"), ("origin", SAME_ORIGIN)],
        &[("origin", "null")],
        &[("origin", "http://example.test.evil.example")],
    ];
    for headers in cases {
        let response = send(&app, post_form_with("action=accept_all", "", headers)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(set_cookie_lines(&response).is_empty(), "{headers:?}");
        let text = body_text(response).await;
        assert!(text.starts_with("cross-site request refused"), "{text}");
    }
}

#[tokio::test]
async fn same_origin_posts_pass() {
    let app = server::app();
    let cases: [&[(&str, &str)]; 4] = [
        &[("origin", SAME_ORIGIN)],
        &[("origin", SAME_ORIGIN), ("sec-fetch-site", "same-origin")],
        &[("sec-fetch-site", "none")],
        &[],
    ];
    for headers in cases {
        let response = send(&app, post_form_with("action=accept_all", "", headers)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{headers:?}");
        assert!(consent_line(&response).is_some());
    }
}

#[tokio::test]
async fn a_trusted_origin_passes_behind_a_proxy_that_rewrites_host() {
    use axum::Router;
    use tower_cookie_consent::ConsentLayer;
    let routes = ConsentRoutes::new()
        .with_trusted_origin("https://www.example.com")
        .unwrap();
    let app: Router = Router::new()
        .merge(routes.into_router())
        .layer(ConsentLayer::new(server::policy()));
    let trusted = [("origin", "https://www.example.com")];
    let response = send(&app, post_form_with("action=reject_all", "", &trusted)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let other = [("origin", "https://evil.example")];
    let response = send(&app, post_form_with("action=reject_all", "", &other)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn return_to_stays_on_the_site() {
    let app = server::app();
    for target in [
        "https://evil.example",
        "//evil.example",
        "/\\evil",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: injected=1",
        "/ok%0d%0aSet-Cookie:%20injected=1",
        "",
    ] {
        let body = format!(
            "action=reject_all&return_to={}",
            form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>()
        );
        let response = send(&app, post_form(&body, "")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{target:?}");
        assert_eq!(response.headers()[LOCATION], "/", "{target:?}");
        assert!(!names_set(&response).contains(&"injected".to_owned()));
    }
    let response = send(
        &app,
        post_form("action=reject_all&return_to=%2Fcookies%3Flang%3Dfr", ""),
    )
    .await;
    assert_eq!(response.headers()[LOCATION], "/cookies?lang=fr");
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = server::app();
    let big = format!("action=accept_all&padding={}", "a".repeat(20 * 1024));
    let response = send(&app, post_form(&big, "")).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(consent_line(&response).is_none());

    // The limit is configurable.
    use axum::Router;
    use tower_cookie_consent::ConsentLayer;
    let small: Router = Router::new()
        .merge(ConsentRoutes::new().with_body_limit(32).into_router())
        .layer(ConsentLayer::new(server::policy()));
    let response = send(
        &small,
        post_form("action=accept_all&return_to=%2Fa-long-path", ""),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let response = send(&small, post_form("action=accept_all", "")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn malformed_bodies_get_400_with_a_message() {
    let app = server::app();
    let forms: [&[u8]; 7] = [
        b"",
        b"category=statistical",
        b"action=accept_everything",
        b"action=save&action=withdraw",
        b"action=save&category=%FF%FE",
        b"action=save\xff\xfe",
        b"action=save&category=a\nb",
    ];
    for body in forms {
        let request = post(
            "/consent",
            "application/x-www-form-urlencoded",
            body.to_vec(),
            "",
            &[],
        );
        let response = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body:?}");
        assert!(consent_line(&response).is_none());
        assert!(!body_text(response).await.trim().is_empty(), "a message");
    }
    let jsons: [&[u8]; 5] = [
        b"{",
        b"[]",
        br#"{"action":"save","categorie":{}}"#,
        br#"{"action":"save","categories":{"statistical":"yes"}}"#,
        b"\xff",
    ];
    for body in jsons {
        let request = post("/consent", "application/json", body.to_vec(), "", &[]);
        let response = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body:?}");
        assert!(!body_text(response).await.trim().is_empty());
    }
    let request = post("/consent", "text/plain", b"action=save".to_vec(), "", &[]);
    assert_eq!(
        send(&app, request).await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}
