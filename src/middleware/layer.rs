//! `ConsentLayer`: the tower layer and its settings.

use std::sync::Arc;
use std::time::Duration;

use tower_layer::Layer;

use crate::consent::settings::{MAX_LIFETIME, Settings};
use crate::middleware::report::ConsentReport;
use crate::middleware::service::ConsentService;
use crate::middleware::shared::Shared;
use crate::policy::names::check_cookie_name;
use crate::{ConfigError, ConsentDefault, Policy};

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
/// `SessionManagerLayer`): with `Router::layer`, add it last.
///
/// ```
/// use axum::{Router, routing::get};
/// use tower_cookie_consent::{Category, ConsentDefault, ConsentLayer, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .rule(CookieRule::exact("_ga", Category::Statistical))
///     .build()?;
/// let layer = ConsentLayer::new(policy)
///     .with_default(ConsentDefault::OptIn)
///     .with_secure_cookie(false); // plain http in development
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
    pub fn new(policy: Policy) -> Self {
        ConsentLayer {
            shared: Arc::new(Shared::new(policy, Settings::default())),
        }
    }

    /// A layer with changed settings, fresh counters and an empty cache.
    pub(crate) fn edit(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = self.shared.context.settings.clone();
        change(&mut settings);
        self.shared = Arc::new(Shared::new(self.shared.context.policy.clone(), settings));
        self
    }

    #[cfg(feature = "signed")]
    pub(crate) fn settings(&self) -> &Settings {
        &self.shared.context.settings
    }

    /// The policy this layer enforces.
    pub fn policy(&self) -> &Policy {
        &self.shared.context.policy
    }

    /// What the layer has done so far; cheap to call from another task while
    /// the server runs. Every clone of a layer shares its counters. Changing
    /// a setting starts new counters.
    pub fn report(&self) -> ConsentReport {
        let shared = &self.shared;
        let mut report = shared
            .counters
            .snapshot(&shared.context.policy, shared.context.settings.report_only);
        (report.choice_cache_hits, report.choice_cache_misses) = shared.choices.counts();
        report.bad_signatures = shared.choices.bad_signatures();
        report
    }

    /// The consent cookie's name. The default value is `cookies_preferences`.
    ///
    /// A `__Host-` name (`__Host-cookies_preferences`) keeps sibling
    /// subdomains from planting a choice for this host; it needs the
    /// `Secure` attribute, so it cannot be combined with
    /// [`with_secure_cookie(false)`](Self::with_secure_cookie).
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .with_cookie_name("__Host-cookies_preferences")?;
    /// assert!(ConsentLayer::new(Policy::builder().build()?).with_cookie_name("a b").is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_cookie_name(self, name: &str) -> Result<Self, ConfigError> {
        if name.is_empty() || name.contains('*') {
            return Err(ConfigError::InvalidSetting {
                setting: "cookie name",
                reason: "must be a non-empty cookie name without '*'".to_owned(),
            });
        }
        check_cookie_name(name).map_err(|reason| ConfigError::InvalidSetting {
            setting: "cookie name",
            reason: reason.to_owned(),
        })?;
        if let Some(rule) = self.shared.context.policy.classify(name) {
            if !rule.category().is_necessary() {
                return Err(ConfigError::InvalidSetting {
                    setting: "cookie name",
                    reason: format!("the policy files {name:?} under {}", rule.category()),
                });
            }
        }
        let layer = self.edit(|s| s.cookie_name = name.to_owned());
        layer.check_prefix()
    }

    fn check_prefix(self) -> Result<Self, ConfigError> {
        let settings = &self.shared.context.settings;
        let prefixed = settings.cookie_name.starts_with("__Host-")
            || settings.cookie_name.starts_with("__Secure-");
        if prefixed && !settings.secure_cookie {
            return Err(ConfigError::InvalidSetting {
                setting: "cookie name",
                reason: "a __Host- or __Secure- consent cookie needs with_secure_cookie(true)"
                    .to_owned(),
            });
        }
        Ok(self)
    }

    /// How long a choice is kept before the visitor is asked again; also the
    /// consent cookie's `Max-Age`. The default value is 182 days (about six
    /// months, as CNIL recommends). At most 400 days, which browsers cap
    /// cookies at.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let day = Duration::from_secs(86_400);
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_lifetime(90 * day)?;
    /// assert!(ConsentLayer::new(Policy::builder().build()?).with_lifetime(500 * day).is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_lifetime(self, lifetime: Duration) -> Result<Self, ConfigError> {
        if lifetime.as_secs() == 0 || lifetime > MAX_LIFETIME {
            return Err(ConfigError::InvalidSetting {
                setting: "lifetime",
                reason: format!(
                    "{}s is outside 1s to 400 days (browsers cap cookies at 400 days)",
                    lifetime.as_secs()
                ),
            });
        }
        Ok(self.edit(|s| s.lifetime = lifetime))
    }

    /// How far in the future a stored choice's date may be (clock skew)
    /// before it is distrusted. The default value is 5 minutes.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .with_clock_skew(Duration::from_secs(60));
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_clock_skew(self, skew: Duration) -> Self {
        self.edit(|s| s.clock_skew = skew)
    }

    /// Whether the consent cookie the endpoints write carries `Secure`. The
    /// default value is `true`; set `false` only for plain-http development.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_secure_cookie(false);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_secure_cookie(self, secure: bool) -> Self {
        let prefixed = self.shared.context.settings.cookie_name.starts_with("__");
        // A prefixed name needs Secure; keep it rather than write cookies browsers drop.
        self.edit(|s| s.secure_cookie = secure || prefixed)
    }

    /// What an undecided visitor is taken to have chosen. The default value
    /// is [`ConsentDefault::OptIn`]: necessary cookies only.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentDefault, ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .with_default(ConsentDefault::OptOut);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_default(self, default: ConsentDefault) -> Self {
        self.edit(|s| s.default = default)
    }

    /// Whether `Sec-GPC: 1` denies sale-or-sharing categories (see
    /// [`PolicyBuilder::sale_or_sharing`](crate::PolicyBuilder::sale_or_sharing)).
    /// The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_gpc(true);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_gpc(self, honor: bool) -> Self {
        self.edit(|s| s.honor_gpc = honor)
    }

    /// Whether `DNT: 1` counts as a refusal for an undecided visitor (it
    /// matters in opt-out mode). The default value is `false`: DNT is retired.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_dnt(true);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_dnt(self, honor: bool) -> Self {
        self.edit(|s| s.honor_dnt = honor)
    }

    /// Whether cookies the visitor sent that are now denied get expiring
    /// `Set-Cookie` lines. The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_withdrawal_cleanup(false);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_withdrawal_cleanup(self, enabled: bool) -> Self {
        self.edit(|s| s.withdrawal_cleanup = enabled)
    }

    /// Whether denied cookies are removed from the request's `Cookie`
    /// header before the application sees it. The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_request_scrubbing(false);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_request_scrubbing(self, enabled: bool) -> Self {
        self.edit(|s| s.request_scrubbing = enabled)
    }

    /// Whether a response that depends on consent gets
    /// `Cache-Control: private` (keeping `no-store` and `max-age`, dropping
    /// `public` and `s-maxage`) and `Vary: Cookie`: one with a `Set-Cookie`
    /// line (kept or stripped), one whose handler took the
    /// [`Consent`](crate::Consent) extractor, one the layer changed. `Vary`
    /// names `Sec-GPC` too when Global Privacy Control denied what the
    /// visitor's choice or the default allows. Other responses (static
    /// assets) leave untouched, and so does everything in report-only
    /// mode. The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_cache_protection(true);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_cache_protection(self, enabled: bool) -> Self {
        self.edit(|s| s.cache_protection = enabled)
    }

    /// Report-only mode, like CSP's: everything is evaluated, logged and
    /// counted, nothing is stripped, hidden or deleted. For rolling the
    /// layer out on a live site. The default value is `false`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_report_only(true);
    /// assert!(layer.report().report_only);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_report_only(self, enabled: bool) -> Self {
        self.edit(|s| s.report_only = enabled)
    }

    /// How many distinct unknown cookie names the report remembers (each is
    /// warned about once). The default value is 256.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_unknown_names_limit(32);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_unknown_names_limit(self, limit: usize) -> Self {
        self.edit(|s| s.unknown_names_limit = limit)
    }

    /// How many decoded consent cookies the layer keeps, so that a visitor's
    /// cookie, the same on every request until they change their mind, is
    /// read once rather than on every request. The default value is 256;
    /// sizes round up to a power of two, at most 65,536; 0 turns the cache
    /// off. Each entry takes about 0.7 KB, allocated once, when the first
    /// consent cookie arrives; memory does not grow with traffic. A hit is checked byte for byte against
    /// the cookie, so it answers exactly what decoding would. Size it to the
    /// visitors active at once; [`ConsentReport::choice_cache_hits`] and
    /// [`ConsentReport::choice_cache_misses`] show how well it does.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_choice_cache(4096);
    /// assert_eq!(layer.report().choice_cache_hits, 0);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_choice_cache(self, entries: usize) -> Self {
        self.edit(|s| s.choice_cache_entries = entries)
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
