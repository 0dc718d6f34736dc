//! A cookie's name as the application reads it. tower-cookies and
//! axum-extra's `CookieJar` percent-decode request cookie names
//! (`%5Ffbp` reaches them as `_fbp`); raw readers see the bytes. A pair is
//! hidden, and a `Set-Cookie` line stripped, when either reading is denied.
//!
//! With the default policy an unknown raw name such as `%5Ffbp` is hidden
//! anyway; these tests let unknown names through (or count them as a
//! category the visitor accepted), where only the decoded reading can deny.

mod common;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::AppendHeaders;
use axum::routing;
use axum_extra::extract::cookie::CookieJar;
use common::*;
use tower_cookie_consent::{Category, Consent, ConsentLayer, CookieRule, Policy, UnknownCookies};
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

fn policy_with(unknown: UnknownCookies) -> Policy {
    Policy::builder()
        .rule(CookieRule::exact("sessionid", Category::Necessary))
        .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
        .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
        .rule(CookieRule::pattern("_fbp*", Category::ThirdParty).service("meta-pixel"))
        .unknown(unknown)
        .build()
        .expect("a valid policy")
}

fn allow_unknown() -> Policy {
    policy_with(UnknownCookies::Allow)
}

/// The names a tower-cookies handler reads, sorted.
async fn tower_cookies_names(cookies: Cookies) -> String {
    let mut names: Vec<String> = cookies.list().iter().map(|c| c.name().to_owned()).collect();
    names.sort();
    names.join(",")
}

/// The names an axum-extra `CookieJar` handler reads, sorted.
async fn jar_names(jar: CookieJar) -> String {
    let mut names: Vec<String> = jar.iter().map(|c| c.name().to_owned()).collect();
    names.sort();
    names.join(",")
}

/// The `Cookie` fields a raw handler reads.
async fn raw_cookie(headers: HeaderMap) -> String {
    let fields: Vec<String> = headers
        .get_all("cookie")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    fields.join(" | ")
}

fn readers(policy: Policy) -> Router {
    Router::new()
        .route("/tower-cookies", routing::get(tower_cookies_names))
        .route("/jar", routing::get(jar_names))
        .route("/raw", routing::get(raw_cookie))
        .layer(CookieManagerLayer::new())
        .layer(ConsentLayer::new(policy))
}

async fn read(app: &Router, path: &str, cookie: &str) -> String {
    body_text(send(app, get(path, cookie)).await).await
}

#[tokio::test]
async fn a_percent_encoded_denied_name_is_hidden_from_tower_cookies() {
    let app = readers(allow_unknown());
    let sent = "%5Ffbp=x; sessionid=1; plain=2";
    assert_eq!(read(&app, "/tower-cookies", sent).await, "plain,sessionid");
    // Decoded from any escape, upper or lower case.
    assert_eq!(
        read(&app, "/tower-cookies", "_f%62p=x; %5ffbp=y; sessionid=1").await,
        "sessionid"
    );
}

#[tokio::test]
async fn a_percent_encoded_denied_name_is_hidden_from_an_axum_extra_jar() {
    let app = readers(allow_unknown());
    assert_eq!(
        read(&app, "/jar", "%5Ffbp=x; sessionid=1; plain=2").await,
        "plain,sessionid"
    );
}

#[tokio::test]
async fn raw_readers_lose_the_pair_too_and_keep_the_rest_byte_for_byte() {
    let app = readers(allow_unknown());
    assert_eq!(
        read(&app, "/raw", "a=1; %5Ffbp=x; b=%5F; %5Fga=y").await,
        "a=1; b=%5F"
    );
}

#[tokio::test]
async fn a_decoded_name_the_visitor_accepted_stays() {
    let policy = allow_unknown();
    let choice = consent_cookie(&policy, &[Category::Statistical], &[], &[], 10);
    let app = readers(policy);
    let sent = format!("%5Fga=1; %5Ffbp=2; {choice}");
    assert_eq!(
        read(&app, "/tower-cookies", &sent).await,
        "_ga,cookies_preferences"
    );
}

#[tokio::test]
async fn unknown_names_counted_as_an_accepted_category_are_judged_decoded() {
    // Unknown names are statistical; the visitor accepted statistics only.
    let policy = policy_with(UnknownCookies::As(Category::Statistical));
    let choice = consent_cookie(&policy, &[Category::Statistical], &[], &[], 10);
    let app = readers(policy);
    let sent = format!("%5Ffbp=1; mystery=2; {choice}");
    assert_eq!(
        read(&app, "/tower-cookies", &sent).await,
        "cookies_preferences,mystery"
    );
}

#[tokio::test]
async fn bad_escapes_leave_the_raw_name_as_the_only_reading() {
    let app = readers(allow_unknown());
    // `%zz` and a lone `%` do not decode; `%5F%ff` is not UTF-8 once
    // decoded, so tower-cookies drops it and raw readers see it raw: all
    // three are unknown, hence allowed here.
    assert_eq!(
        read(&app, "/raw", "%zz=1; %=2; %5F%ff=3").await,
        "%zz=1; %=2; %5F%ff=3"
    );
    assert_eq!(read(&app, "/tower-cookies", "%zz=1; %=2").await, "%,%zz");
    // Escapes that decode still count beside ones that do not, as for the
    // cookie crate: `%5Ffbp%zz` reads `_fbp%zz`, which `_fbp*` denies.
    assert_eq!(read(&app, "/raw", "%5Ffbp%zz=1; a=2").await, "a=2");
}

#[tokio::test]
async fn unicode_white_space_around_a_name_is_trimmed_as_tower_cookies_does() {
    // tower-cookies reads `\u{a0}_fbp` as `_fbp`; axum-extra refuses
    // fields that are not ASCII, so its handler sees nothing here.
    let app = readers(allow_unknown());
    let sent = "\u{a0}_fbp=1; caf\u{e9}=2; sessionid=3";
    let read_bytes = |path: &'static str| {
        let request = axum::http::Request::get(path)
            .header("cookie", HeaderValue::from_bytes(sent.as_bytes()).unwrap())
            .body(axum::body::Body::empty())
            .unwrap();
        let app = app.clone();
        async move { body_text(send(&app, request).await).await }
    };
    assert_eq!(read_bytes("/tower-cookies").await, "caf\u{e9},sessionid");
    assert_eq!(read_bytes("/raw").await, "caf\u{e9}=2; sessionid=3");
    assert_eq!(read_bytes("/jar").await, "");
}

#[tokio::test]
async fn a_percent_encoded_set_cookie_line_needs_both_readings_allowed() {
    async fn raw_lines() -> (
        AppendHeaders<[(&'static str, &'static str); 4]>,
        &'static str,
    ) {
        (
            AppendHeaders([
                ("set-cookie", "%5Ffbp=1; Path=/"),
                ("set-cookie", "%5Fga=2; Path=/"),
                ("set-cookie", "%zz=3; Path=/"),
                ("set-cookie", "sessionid=4; Path=/"),
            ]),
            "ok",
        )
    }
    let policy = allow_unknown();
    let app = Router::new()
        .route("/", routing::get(raw_lines))
        .layer(ConsentLayer::new(policy.clone()));
    let response = send(&app, get("/", "")).await;
    assert_eq!(
        set_cookies(&response),
        ["%zz=3; Path=/", "sessionid=4; Path=/"]
    );
    let everything = consent_cookie(&policy, &all_optional(), &[], &[], 10);
    let response = send(&app, get("/", &everything)).await;
    assert_eq!(set_cookies(&response).len(), 4);
}

#[tokio::test]
async fn a_tower_cookies_handler_cannot_set_a_denied_cookie_under_an_encoded_name() {
    // tower-cookies writes the name as given; the browser stores
    // `%5Ffbp` and tower-cookies reads it back as `_fbp`.
    async fn set(cookies: Cookies) -> &'static str {
        cookies.add(Cookie::new("%5Ffbp", "1"));
        cookies.add(Cookie::new("sessionid", "2"));
        "ok"
    }
    let app = Router::new()
        .route("/", routing::get(set))
        .layer(CookieManagerLayer::new())
        .layer(ConsentLayer::new(allow_unknown()));
    let response = send(&app, get("/", "")).await;
    assert_eq!(names(&set_cookies(&response)), ["sessionid"]);
}

#[tokio::test]
async fn deleting_under_an_encoded_name_is_always_allowed() {
    async fn delete() -> (
        AppendHeaders<[(&'static str, &'static str); 1]>,
        &'static str,
    ) {
        (AppendHeaders([("set-cookie", "%5Ffbp=; Max-Age=0")]), "ok")
    }
    let app = Router::new()
        .route("/", routing::get(delete))
        .layer(ConsentLayer::new(allow_unknown()));
    let response = send(&app, get("/", "")).await;
    assert_eq!(set_cookies(&response), ["%5Ffbp=; Max-Age=0"]);
}

#[tokio::test]
async fn allows_cookie_answers_for_both_readings() {
    let app = Router::new()
        .route(
            "/",
            routing::get(|consent: Consent| async move {
                format!(
                    "{} {} {}",
                    consent.allows_cookie("%5Ffbp"),
                    consent.allows_cookie("%zz"),
                    consent.allows_cookie("%63ookies_preferences")
                )
            }),
        )
        .layer(ConsentLayer::new(allow_unknown()));
    assert_eq!(read(&app, "/", "").await, "false true true");
}
