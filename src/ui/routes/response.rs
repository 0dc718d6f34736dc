//! Small response builders shared by the endpoints.

use axum::body::Body;
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use http::{HeaderValue, StatusCode};

/// A JSON body that depends on the visitor: never stored by caches.
pub(crate) fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    personal(status, "application/json", value.to_string())
}

/// An HTML page that depends on the visitor.
pub(crate) fn html_response(status: StatusCode, html: String) -> Response {
    personal(status, "text/html; charset=utf-8", html)
}

/// A plain-text error message (400, 403, 413, 415…).
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    personal(status, "text/plain; charset=utf-8", format!("{message}\n"))
}

/// `303 See Other` to a local path.
pub(crate) fn see_other(location: HeaderValue) -> Response {
    let mut response = personal(
        StatusCode::SEE_OTHER,
        "text/plain; charset=utf-8",
        String::new(),
    );
    response.headers_mut().insert(LOCATION, location);
    response
}

/// A document that is the same for every visitor.
pub(crate) fn public_json(body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

fn personal(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
