//! What a visitor sees and sends (feature `axum`): `Consent` as an
//! extractor, the languages and their texts, the banner, the policy page
//! and the consent endpoints.

pub(crate) mod banner;
pub(crate) mod extract;
pub(crate) mod html;
pub(crate) mod lang;
pub(crate) mod routes;
pub(crate) mod style;
pub(crate) mod texts;
