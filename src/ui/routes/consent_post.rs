//! `POST /consent`: give, change or withdraw a choice.

use std::sync::{Arc, Mutex};

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::Response;
use http::header::{ACCEPT, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::json;

use crate::Consent;
use crate::consent::choice;
use crate::consent::clock::unix_now;
use crate::ui::routes::RouteConfig;
use crate::ui::routes::consent_get::state;
use crate::ui::routes::new_preferences::preferences_for;
use crate::ui::routes::post_body::{self, BodyError};
use crate::ui::routes::response::{error_response, json_response, see_other};
use crate::ui::routes::set_cookie_line::set_cookie_line;
use crate::ui::routes::{origin_check, return_to};

/// The handler. Checks run in this order: same origin (403), body size
/// (413), body format (415, 400). The origin is judged on the headers
/// alone, before the body is polled: polling is what makes hyper answer
/// `Expect: 100-continue` and wait for the bytes, which another site's
/// post must not get. Success writes the consent cookie and
/// answers `303 See Other` to the validated `return_to`, or JSON when the
/// client accepts `application/json`. The [`ConsentLayer`](crate::ConsentLayer)
/// then applies the new choice to this very response, deleting cookies
/// whose consent was just withdrawn.
pub(crate) async fn post_consent(
    Extension(config): Extension<Arc<RouteConfig>>,
    consent: Consent,
    request: Request,
) -> Response {
    if let Err(reason) =
        origin_check::check(request.headers(), request.uri(), &config.trusted_origins)
    {
        tracing::info!(target: "tower_cookie_consent", %reason, "cross-site consent request refused");
        return error_response(
            StatusCode::FORBIDDEN,
            &format!("cross-site request refused: {reason}"),
        );
    }
    // Taken now: the request goes into reading the body.
    let plain_http = consent
        .secure_cookie()
        .then(|| origin_check::plain_http_host(request.headers()))
        .flatten()
        .map(|host| String::from_utf8_lossy(host).to_ascii_lowercase());
    let content_type = request.headers().get(CONTENT_TYPE).cloned();
    let wants_json = accepts_json(request.headers());
    // Reads within the router's `DefaultBodyLimit`.
    let body = match Bytes::from_request(request, &()).await {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("the body is over {} bytes", config.body_limit),
            );
        }
        Err(rejection) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the body: {}", rejection.body_text()),
            );
        }
    };
    let request = match post_body::parse(content_type.as_ref(), &body) {
        Ok(request) => request,
        Err(BodyError::UnsupportedMediaType(message)) => {
            return error_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, &message);
        }
        Err(BodyError::Malformed(message)) => {
            return error_response(StatusCode::BAD_REQUEST, &message);
        }
    };

    let prefs = preferences_for(&request, &consent, unix_now());
    let Some(cookie) = set_cookie_line(&consent, &prefs) else {
        tracing::error!(target: "tower_cookie_consent", "the consent cookie could not be written");
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "cannot write the consent cookie",
        );
    };
    tracing::info!(
        target: "tower_cookie_consent",
        id = %prefs.id,
        at = prefs.at,
        action = request.action.name(),
        gpc = prefs.gpc,
        "consent recorded"
    );
    if let Some(host) = plain_http {
        warn_plain_http(&host);
    }
    let return_to = return_to::local_path_or_root(request.return_to.as_deref());

    let mut response = if wants_json {
        // Read back as the layer will read the cookie on the next request,
        // so the answer says exactly what the visitor now has (a record too
        // long to read is no decision there, and here).
        let encoded = prefs.encode();
        let now = consent.with_choice(choice::decode(encoded.as_bytes(), consent.policy()).ok());
        json_response(
            StatusCode::OK,
            &json!({
                "action": request.action.name(),
                "return_to": return_to,
                "consent": state(&now),
            }),
        )
    } else {
        // `return_to` is printable ASCII by construction.
        see_other(HeaderValue::from_str(return_to).unwrap_or(HeaderValue::from_static("/")))
    };
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

/// Hosts already warned about in this process, so that each is named once.
static WARNED_HOSTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// How many hosts are remembered: the `Host` is the client's to choose.
const MAX_WARNED_HOSTS: usize = 32;

/// A `Secure` consent cookie sent to a page served over plain http: the
/// browser drops it, so the banner comes back on every page and nothing
/// else says why.
fn warn_plain_http(host: &str) {
    let Ok(mut warned) = WARNED_HOSTS.lock() else {
        return;
    };
    if warned.len() >= MAX_WARNED_HOSTS || warned.iter().any(|h| h == host) {
        return;
    }
    warned.push(host.to_owned());
    tracing::warn!(
        target: "tower_cookie_consent",
        %host,
        "the consent cookie is Secure but the page is served over plain http: browsers drop it and the banner never goes away. Use with_secure_cookie(false) in development, https in production"
    );
}

/// Whether the client asked for JSON (`Accept: application/json`).
fn accepts_json(headers: &HeaderMap) -> bool {
    headers.get_all(ACCEPT).iter().any(|v| {
        v.as_bytes().split(|&b| b == b',').any(|item| {
            let media = item.split(|&b| b == b';').next().unwrap_or_default();
            media.trim_ascii().eq_ignore_ascii_case(b"application/json")
        })
    })
}
