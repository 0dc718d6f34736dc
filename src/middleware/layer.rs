//! `ConsentLayer`: the tower layer, made from checked settings.

use std::sync::Arc;

use tower_layer::Layer;

use crate::consent::settings::Settings;
use crate::middleware::report::ConsentReport;
use crate::middleware::service::ConsentService;
use crate::middleware::shared::Shared;
use crate::{ConsentDefault, Policy};

/// Applies visitors' cookie consent to every request and response.
///
/// On the request it reads the consent cookie and privacy signals, puts a
/// [`Consent`](crate::Consent) in the extensions and hides denied cookies
/// from the application. On the response it strips `Set-Cookie` lines that
/// lack consent, expires withdrawn cookies and marks the response private
/// when its content depends on consent.
///
/// It must sit **outside** every layer that writes `Set-Cookie` at the end
/// of the request (tower-cookies' `CookieManagerLayer`, tower-sessions'
/// `SessionManagerLayer`): with `Router::layer`, add it last. With the
/// feature `tower-cookies` it notices when they sit outside it, logs an
/// `error` once and counts the requests in
/// [`ConsentReport::misordered_requests`].
///
/// ```
/// use axum::{Router, routing::get};
/// use tower_cookie_consent::{Category, ConsentDefault, ConsentLayer, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .rule(CookieRule::exact("_ga", Category::Statistical))
///     .build()?;
/// let layer = ConsentLayer::builder(policy)
///     .with_default(ConsentDefault::OptIn)
///     .with_secure_cookie(false) // plain http in development
///     .build()?;
/// let report = layer.clone();
/// let app: Router = Router::new()
///     .route("/", get(|| async { "hello" }))
///     .layer(layer);
/// assert_eq!(report.report().requests, 0);
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ConsentLayer {
    shared: Arc<Shared>,
}

impl ConsentLayer {
    /// A layer enforcing `policy` with the secure, EU-compliant defaults:
    /// opt-in, Global Privacy Control honoured, withdrawn cookies deleted,
    /// denied cookies hidden from the application, caches kept private.
    /// [`ConsentLayer::builder`] changes them.
    pub fn new(policy: Policy) -> Self {
        Self::with_settings(policy, Settings::default())
    }

    /// A layer with the defaults or with settings that
    /// [`ConsentLayerBuilder::build`](crate::ConsentLayerBuilder::build)
    /// checked, and counters and a cache of its own.
    pub(super) fn with_settings(policy: Policy, settings: Settings) -> Self {
        ConsentLayer {
            shared: Arc::new(Shared::new(policy, settings)),
        }
    }

    /// The policy this layer enforces.
    pub fn policy(&self) -> &Policy {
        &self.shared.context.policy
    }

    /// What the layer has done so far; cheap to call from another task while
    /// the server runs. Every clone of a layer shares its counters, so a
    /// clone kept for the report counts what the clone given to the router
    /// does.
    pub fn report(&self) -> ConsentReport {
        let shared = &self.shared;
        let mut report = shared
            .counters
            .snapshot(&shared.context.policy, shared.context.settings.report_only);
        (report.choice_cache_hits, report.choice_cache_misses) = shared.choices.counts();
        report.bad_signatures = shared.choices.bad_signatures();
        report
    }

    /// The default for undecided visitors that this layer applies.
    pub fn default_choice(&self) -> ConsentDefault {
        self.shared.context.settings.default
    }
}

impl<S> Layer<S> for ConsentLayer {
    type Service = ConsentService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConsentService::new(inner, self.shared.clone())
    }
}
