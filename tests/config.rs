//! `ConsentLayer::builder`: the settings are checked together by `build()`,
//! so the order of the calls never changes the outcome.

mod common;

use std::time::Duration;

use axum::Router;
use common::*;
use tower_cookie_consent::{ConfigError, ConsentLayer, ConsentLayerBuilder, consent_routes};

const HOST_NAME: &str = "__Host-cookies_preferences";

fn builder() -> ConsentLayerBuilder {
    ConsentLayer::builder(policy())
}

/// The consent cookie line `POST /consent` writes through `layer`.
async fn written_line(layer: ConsentLayer) -> String {
    let app: Router = Router::new().merge(consent_routes()).layer(layer);
    let response = send(&app, post_form("action=accept_all", "")).await;
    let lines = set_cookie_lines(&response);
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines.into_iter().next().unwrap()
}

fn setting_of(error: &ConfigError) -> &'static str {
    match error {
        ConfigError::InvalidSetting { setting, .. } => setting,
        other => panic!("not a setting error: {other}"),
    }
}

#[test]
fn a_prefixed_name_without_secure_is_an_error_whichever_comes_first() {
    for name in [HOST_NAME, "__Secure-cookies_preferences"] {
        let name_first = builder()
            .with_cookie_name(name)
            .with_secure_cookie(false)
            .build()
            .unwrap_err();
        let secure_first = builder()
            .with_secure_cookie(false)
            .with_cookie_name(name)
            .build()
            .unwrap_err();
        assert_eq!(name_first, secure_first, "{name}");
        assert_eq!(setting_of(&name_first), "cookie name");
        assert!(
            name_first.to_string().contains("with_secure_cookie(true)"),
            "{name_first}"
        );
    }
}

#[tokio::test]
async fn a_prefixed_name_with_secure_writes_a_secure_cookie_whichever_comes_first() {
    let name_first = builder()
        .with_cookie_name(HOST_NAME)
        .with_secure_cookie(true)
        .build()
        .unwrap();
    let secure_first = builder()
        .with_secure_cookie(true)
        .with_cookie_name(HOST_NAME)
        .build()
        .unwrap();
    let attributes = |line: String| line.split_once(';').unwrap().1.to_owned();
    let line = written_line(name_first).await;
    assert!(line.starts_with("__Host-cookies_preferences="), "{line}");
    assert!(line.ends_with("; Secure"), "{line}");
    let other = written_line(secure_first).await;
    assert!(other.starts_with("__Host-cookies_preferences="), "{other}");
    assert_eq!(attributes(line), attributes(other));
}

#[tokio::test]
async fn the_last_value_given_for_a_setting_is_the_one_checked_and_used() {
    // A bad name replaced by a good one is not an error, and the reverse is.
    let fixed = builder()
        .with_cookie_name("a b")
        .with_cookie_name("consent")
        .build()
        .unwrap();
    assert!(written_line(fixed).await.starts_with("consent="));
    let broken = builder()
        .with_cookie_name("consent")
        .with_cookie_name("a b")
        .build();
    assert_eq!(setting_of(&broken.unwrap_err()), "cookie name");
    // Secure turned off, then on again: the prefixed name is fine.
    let line = written_line(
        builder()
            .with_secure_cookie(false)
            .with_cookie_name(HOST_NAME)
            .with_secure_cookie(true)
            .build()
            .unwrap(),
    )
    .await;
    assert!(line.contains("; Secure"), "{line}");
}

#[test]
fn with_several_mistakes_the_error_is_the_same_in_every_order() {
    let too_long = Duration::from_secs(401 * 24 * 60 * 60);
    let orders: [fn(ConsentLayerBuilder, Duration) -> ConsentLayerBuilder; 3] = [
        |b, d| b.with_lifetime(d).with_cookie_name("_ga").with_gpc(false),
        |b, d| b.with_gpc(false).with_cookie_name("_ga").with_lifetime(d),
        |b, d| b.with_cookie_name("_ga").with_lifetime(d).with_gpc(false),
    ];
    let errors: Vec<ConfigError> = orders
        .iter()
        .map(|order| order(builder(), too_long).build().unwrap_err())
        .collect();
    assert!(errors.windows(2).all(|w| w[0] == w[1]), "{errors:?}");
    // The cookie name is checked first: `_ga` is a statistical cookie.
    assert_eq!(setting_of(&errors[0]), "cookie name");
    assert!(
        errors[0].to_string().contains("statistical"),
        "{}",
        errors[0]
    );
    // With the name fixed, the lifetime is what is wrong.
    let lifetime = builder().with_lifetime(too_long).build().unwrap_err();
    assert_eq!(setting_of(&lifetime), "lifetime");
    assert!(lifetime.to_string().contains("400 days"), "{lifetime}");
}
