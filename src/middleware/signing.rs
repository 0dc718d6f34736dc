//! The signing setters of [`ConsentLayerBuilder`] and their checks.

use ::cookie::Key;

use crate::{ConfigError, ConsentLayerBuilder};

/// Most previous keys a layer holds: a value that verifies under none of
/// them costs one HMAC per key, and a rotation needs one or two.
pub(crate) const MAX_PREVIOUS_KEYS: usize = 8;

impl ConsentLayerBuilder {
    /// Signs the consent cookie the endpoints write with `key`, and treats
    /// a consent cookie whose signature does not verify (unsigned, altered,
    /// signed with another key or for another cookie name) as no decision:
    /// logged at debug level, counted in
    /// [`ConsentReport::bad_signatures`](crate::ConsentReport::bad_signatures).
    /// So neither a page script nor a sibling subdomain can write a choice
    /// for the visitor (it does not stop replays of a genuine value: see
    /// SECURITY.md). The default value is none: the cookie is not signed.
    ///
    /// `key` is a [`Key`] of the `cookie` crate (the one tower-cookies and
    /// axum-extra take); the MAC uses a key derived from it for this
    /// purpose alone, so sharing the application's key is safe. Every
    /// server of a site needs the same key. The value becomes the MAC (44
    /// characters of base64) followed by the percent-encoded JSON, so
    /// turning signing on asks every visitor again.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Key, Policy};
    /// let key = Key::generate(); // in production: Key::from(&64_secret_bytes)
    /// let layer = ConsentLayer::builder(Policy::builder().build()?)
    ///     .with_signing_key(key)
    ///     .build()?;
    /// assert_eq!(layer.report().bad_signatures, 0);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_signing_key(mut self, key: Key) -> Self {
        self.settings.signing.current = Some(key);
        self
    }

    /// Keys that signed consent cookies before the current one: values
    /// they signed are still honoured (a rotation does not ask every
    /// visitor again), and the next choice a visitor makes is signed with
    /// the current key. Replaces any previous keys given before. The
    /// default value is none.
    ///
    /// They need a current key from
    /// [`with_signing_key`](Self::with_signing_key), before or after this
    /// call (previous keys alone would only verify), and there may be at
    /// most 8; otherwise [`build`](Self::build) returns a [`ConfigError`].
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Key, Policy};
    /// let (old, new) = (Key::generate(), Key::generate());
    /// let policy = Policy::builder().build()?;
    /// let layer = ConsentLayer::builder(policy.clone())
    ///     .with_signing_key(new)
    ///     .with_previous_signing_keys([old.clone()])
    ///     .build()?;
    /// assert!(ConsentLayer::builder(policy)
    ///     .with_previous_signing_keys([old])
    ///     .build()
    ///     .is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_previous_signing_keys(mut self, keys: impl IntoIterator<Item = Key>) -> Self {
        self.settings.signing.previous = keys.into_iter().collect();
        self.previous_keys_given = true;
        self
    }

    /// Previous keys need a current one, and are few.
    pub(super) fn check_signing(&self) -> Result<(), ConfigError> {
        let setting = "previous signing keys";
        let signing = &self.settings.signing;
        if self.previous_keys_given && signing.current.is_none() {
            return Err(ConfigError::InvalidSetting {
                setting,
                reason: "no current key: give one with with_signing_key".to_owned(),
            });
        }
        if signing.previous.len() > MAX_PREVIOUS_KEYS {
            return Err(ConfigError::InvalidSetting {
                setting,
                reason: format!(
                    "{} keys given, at most {MAX_PREVIOUS_KEYS}: each costs an HMAC per \
                     cookie that verifies under none",
                    signing.previous.len()
                ),
            });
        }
        Ok(())
    }
}
