//! `ConsentLayerBuilder`: a layer's settings, recorded one by one and
//! checked together when the layer is built.

use std::time::Duration;

use crate::consent::settings::{MAX_LIFETIME, Settings};
use crate::policy::names::check_cookie_name;
use crate::{ConfigError, ConsentDefault, ConsentLayer, Policy};

/// The settings of a [`ConsentLayer`], from
/// [`ConsentLayer::builder`]. Every setter only records its value; nothing
/// is checked until [`build`](Self::build), which checks all the settings
/// together, so the order of the calls never matters.
///
/// ```
/// use tower_cookie_consent::{ConsentDefault, ConsentLayer, Policy};
///
/// let layer = ConsentLayer::builder(Policy::builder().build()?)
///     .with_default(ConsentDefault::OptIn)
///     .with_cookie_name("__Host-cookies_preferences")
///     .build()?;
/// assert_eq!(layer.default_choice(), ConsentDefault::OptIn);
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ConsentLayerBuilder {
    pub(super) policy: Policy,
    pub(super) settings: Settings,
    /// Whether previous signing keys were given, even none: they need a
    /// current key.
    #[cfg(feature = "signed")]
    pub(super) previous_keys_given: bool,
}

impl ConsentLayer {
    /// A builder for a layer enforcing `policy`, starting from the defaults
    /// of [`ConsentLayer::new`].
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    ///
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_secure_cookie(false) // plain http in development
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn builder(policy: Policy) -> ConsentLayerBuilder {
        ConsentLayerBuilder {
            policy,
            settings: Settings::default(),
            #[cfg(feature = "signed")]
            previous_keys_given: false,
        }
    }
}

impl ConsentLayerBuilder {
    /// Checks every setting, then makes the layer; its clones share one set
    /// of counters and one cache, and each call makes a layer of its own.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidSetting`] naming the first setting that is
    /// wrong, in this order: the cookie name (not a cookie name, filed by
    /// the policy under a category other than necessary, or a `__Host-` or
    /// `__Secure-` name without [`with_secure_cookie(true)`](Self::with_secure_cookie)),
    /// the lifetime, the previous signing keys (none current, or more than 8).
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    ///
    /// let policy = Policy::builder().build()?;
    /// let error = ConsentLayer::builder(policy)
    ///     .with_secure_cookie(false)
    ///     .with_cookie_name("__Host-cookies_preferences")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(error.to_string().contains("with_secure_cookie(true)"));
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn build(self) -> Result<ConsentLayer, ConfigError> {
        check_cookie_name_setting(&self.policy, &self.settings)?;
        check_lifetime(self.settings.lifetime)?;
        #[cfg(feature = "signed")]
        self.check_signing()?;
        Ok(ConsentLayer::with_settings(self.policy, self.settings))
    }

    /// The consent cookie's name. The default value is `cookies_preferences`.
    ///
    /// A `__Host-` name (`__Host-cookies_preferences`) keeps sibling
    /// subdomains from planting a choice for this host; it needs the
    /// `Secure` attribute, so combined with
    /// [`with_secure_cookie(false)`](Self::with_secure_cookie) it is a
    /// [`ConfigError`] from [`build`](Self::build). So is a name that is not
    /// a cookie name, or one the policy files under a category other than
    /// necessary.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let policy = Policy::builder().build()?;
    /// let layer = ConsentLayer::builder(policy.clone())
    ///     .with_cookie_name("__Host-cookies_preferences")
    ///     .build()?;
    /// assert!(ConsentLayer::builder(policy).with_cookie_name("a b").build().is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_cookie_name(mut self, name: &str) -> Self {
        self.settings.cookie_name = name.to_owned();
        self
    }

    /// How long a choice is kept before the visitor is asked again; also the
    /// consent cookie's `Max-Age`. The default value is 182 days (about six
    /// months, as CNIL recommends). From 1 second to 400 days, which
    /// browsers cap cookies at; anything else is a [`ConfigError`] from
    /// [`build`](Self::build).
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let day = Duration::from_secs(86_400);
    /// let policy = Policy::builder().build()?;
    /// let layer = ConsentLayer::builder(policy.clone()).with_lifetime(90 * day).build()?;
    /// assert!(ConsentLayer::builder(policy).with_lifetime(500 * day).build().is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.settings.lifetime = lifetime;
        self
    }

    /// How far in the future a stored choice's date may be (clock skew)
    /// before it is distrusted. The default value is 5 minutes.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_clock_skew(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.settings.clock_skew = skew;
        self
    }

    /// Whether the consent cookie the endpoints write carries `Secure`. The
    /// default value is `true`; set `false` only for plain-http development.
    /// A `__Host-` or `__Secure-` [cookie name](Self::with_cookie_name)
    /// needs `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_secure_cookie(false)
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_secure_cookie(mut self, secure: bool) -> Self {
        self.settings.secure_cookie = secure;
        self
    }

    /// What an undecided visitor is taken to have chosen. The default value
    /// is [`ConsentDefault::OptIn`]: necessary cookies only.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentDefault, ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_default(ConsentDefault::OptOut)
    ///     .build()?;
    /// assert_eq!(layer.default_choice(), ConsentDefault::OptOut);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_default(mut self, default: ConsentDefault) -> Self {
        self.settings.default = default;
        self
    }

    /// Whether `Sec-GPC: 1` denies sale-or-sharing categories (see
    /// [`PolicyBuilder::sale_or_sharing`](crate::PolicyBuilder::sale_or_sharing)).
    /// The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?).with_gpc(true).build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_gpc(mut self, honor: bool) -> Self {
        self.settings.honor_gpc = honor;
        self
    }

    /// Whether `DNT: 1` counts as a refusal for an undecided visitor (it
    /// matters in opt-out mode). The default value is `false`: DNT is retired.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?).with_dnt(true).build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_dnt(mut self, honor: bool) -> Self {
        self.settings.honor_dnt = honor;
        self
    }

    /// Whether cookies the visitor sent that are now denied get expiring
    /// `Set-Cookie` lines. The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_withdrawal_cleanup(false)
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_withdrawal_cleanup(mut self, enabled: bool) -> Self {
        self.settings.withdrawal_cleanup = enabled;
        self
    }

    /// Whether denied cookies are removed from the request's `Cookie`
    /// header before the application sees it. The default value is `true`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_request_scrubbing(false)
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_request_scrubbing(mut self, enabled: bool) -> Self {
        self.settings.request_scrubbing = enabled;
        self
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
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_cache_protection(true)
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_cache_protection(mut self, enabled: bool) -> Self {
        self.settings.cache_protection = enabled;
        self
    }

    /// Report-only mode, like CSP's: everything is evaluated, logged and
    /// counted, nothing is stripped, hidden or deleted. For rolling the
    /// layer out on a live site. The default value is `false`.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_report_only(true)
    ///     .build()?;
    /// assert!(layer.report().report_only);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_report_only(mut self, enabled: bool) -> Self {
        self.settings.report_only = enabled;
        self
    }

    /// How many distinct unknown cookie names the report remembers (each is
    /// warned about once). The default value is 256.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_unknown_names_limit(32)
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_unknown_names_limit(mut self, limit: usize) -> Self {
        self.settings.unknown_names_limit = limit;
        self
    }

    /// How many decoded consent cookies the layer keeps, so that a visitor's
    /// cookie, the same on every request until they change their mind, is
    /// read once rather than on every request. The default value is 256;
    /// sizes round up to a power of two, at most 65,536; 0 turns the cache
    /// off. Each entry takes about 0.7 KB, allocated once, when the first
    /// consent cookie arrives; memory does not grow with traffic. A hit is
    /// checked byte for byte against the cookie, so it answers exactly what
    /// decoding would. Size it to the visitors active at once;
    /// [`ConsentReport::choice_cache_hits`](crate::ConsentReport::choice_cache_hits)
    /// and [`ConsentReport::choice_cache_misses`](crate::ConsentReport::choice_cache_misses)
    /// show how well it does.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_choice_cache(4096)
    ///     .build()?;
    /// assert_eq!(layer.report().choice_cache_hits, 0);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_choice_cache(mut self, entries: usize) -> Self {
        self.settings.choice_cache_entries = entries;
        self
    }
}

fn invalid(setting: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::InvalidSetting {
        setting,
        reason: reason.into(),
    }
}

/// The consent cookie's name must be one the endpoints can write, one the
/// policy lets through whatever the visitor chose, and, with a prefix that
/// needs `Secure`, written with `Secure`.
fn check_cookie_name_setting(policy: &Policy, settings: &Settings) -> Result<(), ConfigError> {
    let setting = "cookie name";
    let name = settings.cookie_name.as_str();
    if name.is_empty() || name.contains('*') {
        return Err(invalid(
            setting,
            "must be a non-empty cookie name without '*'",
        ));
    }
    check_cookie_name(name).map_err(|reason| invalid(setting, reason))?;
    if let Some(rule) = policy.classify(name) {
        if !rule.category().is_necessary() {
            return Err(invalid(
                setting,
                format!("the policy files {name:?} under {}", rule.category()),
            ));
        }
    }
    let prefixed = name.starts_with("__Host-") || name.starts_with("__Secure-");
    if prefixed && !settings.secure_cookie {
        return Err(invalid(
            setting,
            "a __Host- or __Secure- consent cookie needs with_secure_cookie(true)",
        ));
    }
    Ok(())
}

fn check_lifetime(lifetime: Duration) -> Result<(), ConfigError> {
    if lifetime.as_secs() == 0 || lifetime > MAX_LIFETIME {
        return Err(invalid(
            "lifetime",
            format!(
                "{}s is outside 1s to 400 days (browsers cap cookies at 400 days)",
                lifetime.as_secs()
            ),
        ));
    }
    Ok(())
}
