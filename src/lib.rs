//! Make an Axum (or any tower/hyper) application obey its visitors' cookie
//! choices on the server, where the application cannot forget to check.
//!
//! [`ConsentLayer`] reads the visitor's `cookies_preferences` cookie,
//! decides what they consented to ([`Consent`]), classifies every outgoing
//! `Set-Cookie` line by name with a [`Policy`], and strips the lines that
//! lack consent. It also deletes cookies whose consent was withdrawn, hides
//! denied cookies from the application, honours Global Privacy Control and
//! keeps shared caches from serving one visitor's response to another.
//!
//! ```
//! use axum::{Router, routing::get};
//! use tower_cookie_consent::{Category, Consent, ConsentLayer, CookieRule, Policy};
//!
//! let policy = Policy::builder()
//!     .rule(CookieRule::exact("sessionid", Category::Necessary))
//!     .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
//!     .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
//!     .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
//!     .build()?;
//!
//! let app: Router = Router::new()
//!     .route("/", get(|consent: Consent| async move {
//!         // The layer strips `_ga` anyway without consent; the page can
//!         // also leave the analytics script out.
//!         ([("set-cookie", "_ga=GA1.2.3")], format!("statistics allowed: {}",
//!             consent.allows(&Category::Statistical)))
//!     }))
//!     // Add the consent layer last, outside any layer that writes cookies.
//!     .layer(ConsentLayer::new(policy));
//! # Ok::<(), tower_cookie_consent::ConfigError>(())
//! ```
//!
//! # Glossary
//!
//! One word per concept, in the docs and in the code:
//!
//! - **policy** ([`Policy`]): the site's cookie registry, a list of
//!   **rules** ([`CookieRule`]), each matching cookie names exactly or by a
//!   `*` pattern and naming the cookie's **category** ([`Category`]) and,
//!   optionally, the **service** (a provider's tool, such as `matomo`) it
//!   belongs to.
//! - **revision**: a short digest of what the policy declares for a
//!   category ([`Policy::revision`]) or a service
//!   ([`Policy::service_revision`]). An acceptance is tied to the revision
//!   the visitor was shown.
//! - **preferences** ([`Preferences`]): what the browser stores in the
//!   consent cookie: a **grant** ([`Grant`], refused or accepted at a
//!   revision) per category and per service, the choice's identifier
//!   ([`ConsentId`]), when it was made, and whether Global Privacy Control
//!   was on.
//! - **choice** (internal): the preferences read against the current
//!   policy and clock: which grants are current, which have **lapsed**
//!   (their revision changed), which are refusals. No choice means the
//!   visitor is undecided.
//! - **signals**: the request's privacy headers, `Sec-GPC` and `DNT`.
//! - **decision** (internal): the choice, the signals and the layer's
//!   default ([`ConsentDefault`]) combined, once per request, into what
//!   may be set and read.
//! - **consent** ([`Consent`]): what a handler receives: the decision with
//!   the policy it was made against, and questions to ask it
//!   ([`Consent::allows`], [`Consent::needs_banner`], …).
//! - **verdict** (internal): what the layer does with one `Set-Cookie`
//!   line: keep it, strip it, or keep it as a deletion.
//! - **withdrawal**: expiring, in a response, the cookies the visitor sent
//!   whose consent is now refused.
//! - **report** ([`ConsentReport`]): what the layer counted since it was
//!   built.
//!
//! # Where things are
//!
//! The source is in wings whose dependencies point one way:
//! `ui → middleware → consent → policy → cookie`.
//! `cookie` reads cookies on the wire (request pairs, `Set-Cookie` lines,
//! dates, the consent cookie's format and signature); `policy` is the
//! registry; `consent` turns preferences and signals into a decision;
//! `middleware` is the tower layer (request side, response side,
//! withdrawal, cache headers, report); `ui` (feature `axum`) is the
//! extractor, the banner, the policy page and the endpoints.
//! `CONTRIBUTING.md` draws the request's path through them.
//!
//! # Layer order
//!
//! Layers added with `Router::layer` wrap the ones added before them, like
//! an onion. `ConsentLayer` must be the outer one, so that it sees the
//! `Set-Cookie` lines that `CookieManagerLayer` (tower-cookies) or
//! `SessionManagerLayer` (tower-sessions) write on the way out:
//!
//! ```text
//! request ──► ConsentLayer ──► CookieManagerLayer ──► handler
//! response ◄── ConsentLayer ◄── CookieManagerLayer ◄── handler
//! ```
//!
//! # Features
//!
//! - `axum` (default): [`Consent`] as an extractor; the consent endpoints
//!   and the cookie policy page ([`ConsentRoutes`]); the consent banner
//!   ([`Consent::banner`]), in English and French ([`Lang`]).
//! - `signed` (default): consent cookies only this site can write
//!   (`ConsentLayerBuilder::with_signing_key`, opt in per layer), with the
//!   `cookie` crate's `Key` (re-exported). Without it the crate builds no
//!   cryptography.
//! - `fuzzing`: opens internal readers to the fuzz targets in `fuzz/`;
//!   hidden, outside semver, not for applications.

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
#[path = "fuzzing.rs"]
pub mod __fuzz;
mod category;
mod consent;
mod cookie;
mod error;
mod middleware;
mod policy;
#[cfg(feature = "axum")]
mod ui;

/// The tests' own reading of cookie headers, written from the spec apart
/// from the layer's readers and shared with the integration tests and the
/// fuzz targets, which judge the layer by it.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../tests/common/wire.rs"]
mod wire;

pub use category::{Category, CustomName};
pub use consent::settings::ConsentDefault;
pub use consent::{CategoryState, Consent};
pub use cookie::consent_cookie::{
    ConsentId, FORMAT_VERSION, Grant, MAX_ENCODED_LEN, Preferences, PreferencesError,
};
pub use error::ConfigError;
pub use middleware::config::ConsentLayerBuilder;
pub use middleware::future::ResponseFuture;
pub use middleware::layer::ConsentLayer;
pub use middleware::report::ConsentReport;
pub use middleware::service::ConsentService;
pub use policy::{
    CookieRule, DEFAULT_COOKIE_NAME, Explanation, MAX_CATEGORIES, MAX_SERVICES, NameMatch, Policy,
    PolicyBuilder, UnknownCookies, UnregisteredNames,
};
#[cfg(feature = "axum")]
pub use ui::banner::Banner;
#[cfg(feature = "axum")]
pub use ui::extract::MissingConsentLayer;
#[cfg(feature = "axum")]
pub use ui::lang::Lang;
#[cfg(feature = "axum")]
pub use ui::routes::{ConsentRoutes, DEFAULT_BODY_LIMIT, consent_routes};

/// The key type of the `cookie` crate (re-exported; the same type as
/// `tower_cookies::Key` and `axum_extra::extract::cookie::Key`), for
/// [`ConsentLayerBuilder::with_signing_key`].
#[cfg(feature = "signed")]
pub use ::cookie::Key;
