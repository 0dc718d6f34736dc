//! Requests to the consent routes through a real `Router`, and readers of
//! what comes back.

use super::server;
use axum::Router;
use axum::body::Body;
use http::header::{CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE};
use http::{Request, Response};
use tower::ServiceExt;
use tower_cookie_consent::Preferences;

/// The host every test request is sent to.
pub const HOST_NAME: &str = "example.test";
/// That host's own origin.
pub const SAME_ORIGIN: &str = "http://example.test";

/// Sends one request through the router.
pub async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone()
        .oneshot(request)
        .await
        .expect("routers do not fail")
}

/// `GET path` with these cookies (`a=1; b=2`, or empty).
pub fn get(path: &str, cookies: &str) -> Request<Body> {
    let mut request = Request::get(path).header(HOST, HOST_NAME);
    if !cookies.is_empty() {
        request = request.header(COOKIE, cookies);
    }
    request.body(Body::empty()).unwrap()
}

/// A same-origin form post to `/consent`, as a browser sends it.
pub fn post_form(body: &str, cookies: &str) -> Request<Body> {
    post_form_with(body, cookies, &[(ORIGIN.as_str(), SAME_ORIGIN)])
}

/// A form post to `/consent` with these extra headers.
pub fn post_form_with(body: &str, cookies: &str, headers: &[(&str, &str)]) -> Request<Body> {
    post(
        "/consent",
        "application/x-www-form-urlencoded",
        body.as_bytes().to_vec(),
        cookies,
        headers,
    )
}

/// A POST with any content type and body.
pub fn post(
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    cookies: &str,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut request = Request::post(path)
        .header(HOST, HOST_NAME)
        .header(CONTENT_TYPE, content_type);
    if !cookies.is_empty() {
        request = request.header(COOKIE, cookies);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body)).unwrap()
}

/// Every `Set-Cookie` line, in order.
pub fn set_cookie_lines<B>(response: &Response<B>) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

fn name_of(line: &str) -> &str {
    line.split(';')
        .next()
        .unwrap_or("")
        .split('=')
        .next()
        .unwrap_or("")
        .trim()
}

fn is_deletion(line: &str) -> bool {
    line.to_ascii_lowercase().contains("max-age=0")
}

/// Names of the cookies the response sets (deletions left out).
pub fn names_set<B>(response: &Response<B>) -> Vec<String> {
    set_cookie_lines(response)
        .iter()
        .filter(|l| !is_deletion(l))
        .map(|l| name_of(l).to_owned())
        .collect()
}

/// Names of the cookies the response deletes.
pub fn names_deleted<B>(response: &Response<B>) -> Vec<String> {
    set_cookie_lines(response)
        .iter()
        .filter(|l| is_deletion(l))
        .map(|l| name_of(l).to_owned())
        .collect()
}

/// The consent cookie line the response writes, if any.
pub fn consent_line<B>(response: &Response<B>) -> Option<String> {
    set_cookie_lines(response)
        .into_iter()
        .find(|l| name_of(l) == "cookies_preferences")
}

/// `cookies_preferences=<value>`, ready for a `Cookie` header.
pub fn consent_pair<B>(response: &Response<B>) -> String {
    let line = consent_line(response).expect("a consent cookie was written");
    line.split(';').next().unwrap().to_owned()
}

/// The stored choice the response writes.
pub fn written_choice<B>(response: &Response<B>) -> Preferences {
    let pair = consent_pair(response);
    let value = pair.split_once('=').unwrap().1;
    Preferences::decode(value.as_bytes()).expect("the consent cookie decodes")
}

/// `name=value` pairs of every demo cookie, as a browser that holds them
/// all would send.
pub fn all_demo_cookies() -> String {
    server::DEMO_COOKIES
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}
