//! Signed consent cookies (`ConsentLayerBuilder::with_signing_key`)
//! through a real `Router`: what the endpoints write verifies and is
//! honoured; unsigned, altered and foreign values are no decision, counted
//! and logged.

mod common;

use axum::Router;
use common::log_capture::capture;
use common::signing::{previous_key, sign, test_key};
use common::*;
use http::StatusCode;
use tower_cookie_consent::{
    Category, Consent, ConsentLayer, ConsentLayerBuilder, Key, Preferences, consent_routes,
};

/// The consent endpoints and a page that tells what consent it saw,
/// behind `layer`.
fn app(layer: ConsentLayer) -> Router {
    Router::new()
        .route(
            "/",
            axum::routing::get(|consent: Consent| async move {
                format!(
                    "decided={} statistical={}",
                    consent.is_decided(),
                    consent.allows(&Category::Statistical)
                )
            }),
        )
        .merge(consent_routes())
        .layer(layer)
}

fn signing_layer(key: Key) -> ConsentLayer {
    signing_builder(key).build().unwrap()
}

fn signing_builder(key: Key) -> ConsentLayerBuilder {
    ConsentLayer::builder(policy()).with_signing_key(key)
}

/// What the page says for this `Cookie` header.
async fn page(app: &Router, cookies: &str) -> String {
    body_text(send(app, get("/", cookies)).await).await
}

/// The `name=value` consent pair `POST /consent` writes for `action`.
async fn chosen(app: &Router, action: &str) -> String {
    let response = send(app, post_form(&format!("action={action}"), "")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    consent_pair(&response)
}

/// An accept-all value, unsigned, as a script or a sibling would write it.
fn unsigned_accept_all() -> String {
    let pair = consent_cookie(&policy(), &all_optional(), &[], &[], 0);
    pair.split_once('=').unwrap().1.to_owned()
}

const DECIDED_ACCEPTED: &str = "decided=true statistical=true";
const UNDECIDED: &str = "decided=false statistical=false";

#[tokio::test]
async fn a_signed_choice_round_trips_in_the_documented_format() {
    let layer = signing_layer(test_key());
    let app = app(layer.clone());
    let pair = chosen(&app, "accept_all").await;
    let value = pair.strip_prefix("cookies_preferences=").unwrap();
    // The MAC (44 characters of base64), then the percent-encoded JSON.
    let (_, json) = value.split_at(44);
    let prefs = Preferences::decode(json.as_bytes()).expect("the payload decodes");
    assert_eq!(value, sign(&test_key(), "cookies_preferences", json));
    assert_eq!(prefs.categories.len(), 3);
    assert_eq!(page(&app, &pair).await, DECIDED_ACCEPTED);
    assert_eq!(layer.report().bad_signatures, 0);
}

#[tokio::test]
async fn an_unsigned_grant_of_everything_is_no_decision_counted_and_logged() {
    let layer = signing_layer(test_key());
    let app = app(layer.clone());
    let captured = capture();
    let forged = format!("cookies_preferences={}", unsigned_accept_all());
    assert_eq!(page(&app, &forged).await, UNDECIDED);
    assert_eq!(layer.report().bad_signatures, 1);
    let logged = captured.lines();
    assert!(
        logged
            .iter()
            .any(|l| l.starts_with("DEBUG tower_cookie_consent:")
                && l.contains("no valid signature")),
        "{logged:?}"
    );
    // Without a key the same value is a choice: the key is what refuses it.
    let unsigned_app = app_without_key();
    assert_eq!(page(&unsigned_app, &forged).await, DECIDED_ACCEPTED);
}

fn app_without_key() -> Router {
    app(ConsentLayer::new(policy()))
}

#[tokio::test]
async fn a_signed_refusal_with_one_byte_of_its_json_altered_is_no_decision() {
    let layer = signing_layer(test_key());
    let app = app(layer.clone());
    let pair = chosen(&app, "reject_all").await;
    // `false` becomes `falsf`: still no grant, but no longer what was signed.
    let altered = pair.replacen("false", "falsf", 1);
    assert_ne!(altered, pair);
    assert_eq!(page(&app, &altered).await, UNDECIDED);
    // Turning a refusal into a grant by hand fails the same way.
    let value = pair.strip_prefix("cookies_preferences=").unwrap();
    let (mac, _) = value.split_at(44);
    let granted = format!("cookies_preferences={mac}{}", unsigned_accept_all());
    assert_eq!(page(&app, &granted).await, UNDECIDED);
    assert_eq!(layer.report().bad_signatures, 2);
    assert_eq!(page(&app, &pair).await, "decided=true statistical=false");
}

#[tokio::test]
async fn a_value_signed_with_the_previous_key_is_honoured_and_rewritten_with_the_current_one() {
    let before = app(signing_layer(previous_key()));
    let old_pair = chosen(&before, "accept_all").await;

    let rotated = app(signing_builder(test_key())
        .with_previous_signing_keys([previous_key()])
        .build()
        .unwrap());
    assert_eq!(page(&rotated, &old_pair).await, DECIDED_ACCEPTED);

    // The next write is signed with the current key alone.
    let response = send(&rotated, post_form("action=accept_all", &old_pair)).await;
    let new_pair = consent_pair(&response);
    let current_only = app(signing_layer(test_key()));
    assert_eq!(page(&current_only, &new_pair).await, DECIDED_ACCEPTED);
    assert_eq!(page(&current_only, &old_pair).await, UNDECIDED);
    // A layer without the previous key refuses the old value.
    assert_eq!(
        page(&app(signing_layer(test_key())), &old_pair).await,
        UNDECIDED
    );
}

#[tokio::test]
async fn a_value_signed_for_another_cookie_name_is_refused() {
    let json = unsigned_accept_all();
    let for_session = sign(&test_key(), "sessionid", &json);
    let app = app(signing_layer(test_key()));
    let moved = format!("cookies_preferences={for_session}");
    assert_eq!(page(&app, &moved).await, UNDECIDED);
    // And the layer's own writes under another name do not carry over.
    let renamed = app_named(test_key(), "other_preferences");
    let response = send(&renamed, post_form("action=accept_all", "")).await;
    let line = set_cookie_lines(&response).remove(0);
    let pair = line.split(';').next().unwrap().to_owned();
    let (name, value) = pair.split_once('=').unwrap();
    assert_eq!(name, "other_preferences");
    assert_eq!(page(&renamed, &pair).await, DECIDED_ACCEPTED);
    let moved = format!("cookies_preferences={value}");
    assert_eq!(page(&app, &moved).await, UNDECIDED);
}

fn app_named(key: Key, name: &str) -> Router {
    app(signing_builder(key).with_cookie_name(name).build().unwrap())
}

#[tokio::test]
async fn the_cookie_crates_signed_jar_value_under_the_same_key_is_refused() {
    let key = test_key();
    let mut jar = cookie::CookieJar::new();
    jar.signed_mut(&key)
        .add(("cookies_preferences", unsigned_accept_all()));
    let theirs = jar.get("cookies_preferences").unwrap().value().to_owned();
    let app = app(signing_layer(key));
    let pair = format!("cookies_preferences={theirs}");
    assert_eq!(page(&app, &pair).await, UNDECIDED);
}

#[tokio::test]
async fn an_unsigned_consent_cookie_a_handler_sets_does_not_govern_its_response() {
    let line = format!("cookies_preferences={}; Path=/", unsigned_accept_all());
    let line: &'static str = Box::leak(line.into_boxed_str());
    let lines = [line, "_ga=GA1.1.1; Path=/"];

    let signed = signing_layer(test_key());
    let response = get_with(&app_with(&lines, signed.clone()), &[]).await;
    assert_eq!(names(&set_cookies(&response)), ["cookies_preferences"]);
    assert_eq!(signed.report().bad_signatures, 1);

    // The same response without a key: the new choice lets `_ga` out.
    let response = get_with(&app_with(&lines, ConsentLayer::new(policy())), &[]).await;
    assert_eq!(
        names(&set_cookies(&response)),
        ["cookies_preferences", "_ga"]
    );

    // Signed, it governs the response as before.
    let value = sign(&test_key(), "cookies_preferences", &unsigned_accept_all());
    let line = format!("cookies_preferences={value}; Path=/");
    let line: &'static str = Box::leak(line.into_boxed_str());
    let response = get_with(&app_with(&[line, lines[1]], signing_layer(test_key())), &[]).await;
    assert_eq!(
        names(&set_cookies(&response)),
        ["cookies_preferences", "_ga"]
    );
}

#[tokio::test]
async fn previous_keys_need_a_current_key_and_are_few() {
    let error = ConsentLayer::builder(policy())
        .with_previous_signing_keys([previous_key()])
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("with_signing_key"), "{error}");
    let many = (0..9).map(|_| Key::generate());
    let error = signing_builder(test_key())
        .with_previous_signing_keys(many)
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("at most 8"), "{error}");
}

#[tokio::test]
async fn previous_keys_given_before_the_current_key_rotate_the_same() {
    let before = app(signing_layer(previous_key()));
    let old_pair = chosen(&before, "accept_all").await;
    let previous_first = ConsentLayer::builder(policy())
        .with_previous_signing_keys([previous_key()])
        .with_signing_key(test_key())
        .build()
        .unwrap();
    let current_first = signing_builder(test_key())
        .with_previous_signing_keys([previous_key()])
        .build()
        .unwrap();
    for rotated in [app(previous_first), app(current_first)] {
        assert_eq!(page(&rotated, &old_pair).await, DECIDED_ACCEPTED);
        // The next write is signed with the current key.
        let response = send(&rotated, post_form("action=accept_all", &old_pair)).await;
        let new_pair = consent_pair(&response);
        let current_only = app(signing_layer(test_key()));
        assert_eq!(page(&current_only, &new_pair).await, DECIDED_ACCEPTED);
    }
}

#[test]
fn too_many_previous_keys_is_the_same_error_whichever_comes_first() {
    let many = || (0..9).map(|_| Key::generate());
    let keys_first = ConsentLayer::builder(policy())
        .with_previous_signing_keys(many())
        .with_signing_key(test_key())
        .build()
        .unwrap_err();
    let current_first = signing_builder(test_key())
        .with_previous_signing_keys(many())
        .build()
        .unwrap_err();
    assert_eq!(keys_first, current_first);
    assert!(keys_first.to_string().contains("at most 8"), "{keys_first}");
    // Without a current key at all, the missing key is what is reported.
    let alone = ConsentLayer::builder(policy())
        .with_previous_signing_keys(many())
        .build()
        .unwrap_err();
    assert!(alone.to_string().contains("with_signing_key"), "{alone}");
}
