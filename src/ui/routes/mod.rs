//! The consent endpoints (feature `axum`): a `Router` the application
//! merges, inside its [`ConsentLayer`](crate::ConsentLayer).

mod choice_boxes;
mod choice_form;
mod consent_get;
mod consent_post;
pub(crate) mod new_preferences;
mod origin_check;
mod policy_page;
mod policy_tables;
pub(crate) mod post_body;
mod response;
pub(crate) mod return_to;
pub(crate) mod set_cookie_line;
mod stylesheet;
mod well_known;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Extension, Router};

use crate::ConfigError;

/// The default largest `POST /consent` body: 16 KiB.
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024;

/// What the handlers share.
#[derive(Debug, Clone)]
pub(crate) struct RouteConfig {
    pub(crate) body_limit: usize,
    pub(crate) gpc_last_update: Option<String>,
    pub(crate) trusted_origins: Vec<String>,
}

/// Builds the consent endpoints as a [`Router`] to merge into the
/// application, **inside** its [`ConsentLayer`](crate::ConsentLayer) (the
/// handlers read the [`Consent`](crate::Consent) it provides, and it applies
/// a new choice to the very response that sets it).
///
/// | route | what |
/// |---|---|
/// | `POST /consent` | `action` = `accept_all`, `reject_all`, `save` or `withdraw`, as a form or JSON; same-origin only (403); `303` to `return_to` or JSON for `Accept: application/json` |
/// | `GET /consent` | the visitor's state as JSON |
/// | `GET /cookies` | the cookie policy page with the choice form, in English or French |
/// | `GET /cookies.json` | the policy, in the form [`Policy::from_json`](crate::Policy::from_json) reads |
/// | `GET /consent.css` | the stylesheet of the page (and of a banner that links it), with a strong `ETag` |
/// | `GET /.well-known/gpc.json` | `{"gpc": true, "lastUpdate": "…"}` |
///
/// The handlers take the consent cookie's name, lifetime and `Secure` flag
/// from the layer, so they need no state of their own: the router is a
/// `Router<S>` for any application state `S`. Nest it under a prefix with
/// `Router::nest("/privacy", …)` and the page's forms and links follow
/// (give the banner the same prefix with
/// [`Banner::base_path`](crate::Banner::base_path)); `/.well-known/gpc.json`
/// is only found by browsers at the root of the site, so mount the routes
/// at the root where that matters.
///
/// ```
/// use axum::{Router, routing::get};
/// use tower_cookie_consent::{ConsentLayer, ConsentRoutes, Policy};
///
/// let routes = ConsentRoutes::new().with_gpc_last_update("2025-11-29")?;
/// let app: Router = Router::new()
///     .route("/", get(|| async { "home" }))
///     .merge(routes.into_router())
///     .layer(ConsentLayer::new(Policy::builder().build()?));
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ConsentRoutes {
    config: RouteConfig,
}

impl Default for ConsentRoutes {
    fn default() -> Self {
        Self::new()
    }
}

impl ConsentRoutes {
    /// The endpoints with their defaults: a 16 KiB body limit, no
    /// `lastUpdate` in `gpc.json`, and only the request's own origin trusted.
    pub fn new() -> Self {
        ConsentRoutes {
            config: RouteConfig {
                body_limit: DEFAULT_BODY_LIMIT,
                gpc_last_update: None,
                trusted_origins: Vec::new(),
            },
        }
    }

    /// The date `/.well-known/gpc.json` gives as `lastUpdate`, as
    /// `YYYY-MM-DD`. The default is none: the field is left out.
    ///
    /// ```
    /// use tower_cookie_consent::ConsentRoutes;
    /// assert!(ConsentRoutes::new().with_gpc_last_update("2025-11-29").is_ok());
    /// assert!(ConsentRoutes::new().with_gpc_last_update("2025-02-30").is_err());
    /// assert!(ConsentRoutes::new().with_gpc_last_update("29/11/2025").is_err());
    /// ```
    pub fn with_gpc_last_update(mut self, date: &str) -> Result<Self, ConfigError> {
        check_date(date).map_err(|reason| ConfigError::InvalidSetting {
            setting: "gpc lastUpdate",
            reason: format!("{date:?} {reason}"),
        })?;
        self.config.gpc_last_update = Some(date.to_owned());
        Ok(self)
    }

    /// The largest `POST /consent` body accepted, in bytes; larger bodies
    /// get `413 Payload Too Large`. The default value is 16 KiB, far more
    /// than any choice needs.
    ///
    /// ```
    /// use tower_cookie_consent::ConsentRoutes;
    /// let routes = ConsentRoutes::new().with_body_limit(4096);
    /// ```
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// An origin (`https://www.example.com`) whose pages may post choices
    /// besides the request's own, for a proxy that rewrites `Host`. The
    /// default is none: only the origin matching `Host` passes.
    ///
    /// ```
    /// use tower_cookie_consent::ConsentRoutes;
    /// let routes = ConsentRoutes::new().with_trusted_origin("https://www.example.com")?;
    /// assert!(ConsentRoutes::new().with_trusted_origin("www.example.com").is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_trusted_origin(mut self, origin: &str) -> Result<Self, ConfigError> {
        let origin = origin.trim_end_matches('/');
        let usable = (origin.starts_with("https://") || origin.starts_with("http://"))
            && origin.split_once("://").is_some_and(|(_, host)| {
                !host.is_empty() && !host.contains(['/', '@', '?', '#']) && host.is_ascii()
            });
        if !usable {
            return Err(ConfigError::InvalidSetting {
                setting: "trusted origin",
                reason: format!("{origin:?} is not an origin like https://www.example.com"),
            });
        }
        self.config.trusted_origins.push(origin.to_owned());
        Ok(self)
    }

    /// The router to merge (or nest) into the application.
    pub fn into_router<S>(self) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let gpc = well_known::gpc_document(self.config.gpc_last_update.as_deref());
        let body_limit = self.config.body_limit;
        Router::new()
            .route(
                "/consent",
                get(consent_get::consent_state).post(consent_post::post_consent),
            )
            .route("/cookies", get(policy_page::policy_page))
            .route("/cookies.json", get(well_known::policy_json))
            .route("/consent.css", get(stylesheet::consent_css))
            .route(
                "/.well-known/gpc.json",
                get(move || {
                    let gpc = gpc.clone();
                    async move { response::public_json(gpc) }
                }),
            )
            .layer(Extension(Arc::new(self.config)))
            .layer(DefaultBodyLimit::max(body_limit))
    }
}

/// The consent endpoints with their defaults:
/// `ConsentRoutes::new().into_router()`.
pub fn consent_routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    ConsentRoutes::new().into_router()
}

/// `YYYY-MM-DD`, a real calendar date.
fn check_date(date: &str) -> Result<(), &'static str> {
    let bytes = date.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return Err("is not written YYYY-MM-DD");
    }
    let number = |range: std::ops::Range<usize>| date[range].parse::<u16>().unwrap_or(0);
    let month = time::Month::try_from(number(5..7) as u8).map_err(|_| "has no such month")?;
    time::Date::from_calendar_date(i32::from(number(0..4)), month, number(8..10) as u8)
        .map(|_| ())
        .map_err(|_| "is not a calendar date")
}
