//! `Consent` as an axum extractor (feature `axum`).

use std::convert::Infallible;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;

use crate::Consent;

/// Rejection of the [`Consent`] extractor when no
/// [`ConsentLayer`](crate::ConsentLayer) ran before the handler: a 500
/// that names the missing layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct MissingConsentLayer;

impl std::fmt::Display for MissingConsentLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "Consent extractor used without ConsentLayer: add \
             `.layer(ConsentLayer::new(policy))` to the router",
        )
    }
}

impl std::error::Error for MissingConsentLayer {}

impl IntoResponse for MissingConsentLayer {
    fn into_response(self) -> Response {
        tracing::error!(target: "tower_cookie_consent", "{self}");
        (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Consent {
    type Rejection = MissingConsentLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Consent>()
            .map(taken)
            .ok_or(MissingConsentLayer)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Consent {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Consent>().map(taken))
    }
}

/// The consent a handler takes: what it renders may now depend on it, so
/// the layer keeps shared caches from storing the response.
fn taken(consent: &Consent) -> Consent {
    consent.mark_read();
    consent.clone()
}
