//! `GET /consent.css`: the stylesheet of the policy page, and of a banner
//! that links it, as a file, for sites whose Content Security Policy
//! allows no inline style.

use axum::body::Body;
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use http::{HeaderMap, HeaderValue, StatusCode, Uri};

use crate::ui::style::{Stylesheet, stylesheet};

/// How long a link with the current `?v=` may be cached: its content never
/// changes under that address.
const VERSIONED: &str = "public, max-age=31536000, immutable";

/// How long the bare address (or an old `?v=`) may be cached: a day, so an
/// upgrade of the crate reaches the visitors who linked it that way.
const UNVERSIONED: &str = "public, max-age=86400";

/// The handler: `304 Not Modified` when `If-None-Match` holds the tag.
pub(crate) async fn consent_css(uri: Uri, headers: HeaderMap) -> Response {
    let sheet = stylesheet();
    let versioned = uri.query().is_some_and(|q| {
        q.split('&')
            .any(|pair| pair.strip_prefix("v=") == Some(&sheet.version))
    });
    let (status, body) = if matches(&headers, sheet) {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        (StatusCode::OK, Body::from(sheet.css.as_str()))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(if versioned { VERSIONED } else { UNVERSIONED }),
    );
    // The tag is a quoted hex hash, always a valid header value.
    if let Ok(etag) = HeaderValue::from_str(&sheet.etag) {
        headers.insert(ETAG, etag);
    }
    response
}

/// Whether the client's cached copy is current: `If-None-Match` lists the
/// tag (weakly compared, as RFC 9110 says for this header) or is `*`.
fn matches(headers: &HeaderMap, sheet: &Stylesheet) -> bool {
    headers.get_all(IF_NONE_MATCH).iter().any(|value| {
        value.as_bytes().split(|&b| b == b',').any(|tag| {
            let tag = tag.trim_ascii();
            let tag = tag.strip_prefix(b"W/").unwrap_or(tag);
            tag == b"*" || tag == sheet.etag.as_bytes()
        })
    })
}
