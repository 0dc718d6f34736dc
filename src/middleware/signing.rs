//! The signing setters of [`ConsentLayer`].

use ::cookie::Key;

use crate::{ConfigError, ConsentLayer};

/// Most previous keys a layer holds: a value that verifies under none of
/// them costs one HMAC per key, and a rotation needs one or two.
pub(crate) const MAX_PREVIOUS_KEYS: usize = 8;

impl ConsentLayer {
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
    /// let layer = ConsentLayer::new(Policy::builder().build()?).with_signing_key(key);
    /// assert_eq!(layer.report().bad_signatures, 0);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_signing_key(self, key: Key) -> Self {
        self.edit(|s| s.signing.current = Some(key))
    }

    /// Keys that signed consent cookies before the current one: values
    /// they signed are still honoured (a rotation does not ask every
    /// visitor again), and the next choice a visitor makes is signed with
    /// the current key. Replaces any previous keys given before; at most
    /// 8. The default value is none.
    ///
    /// Give the current key with
    /// [`with_signing_key`](Self::with_signing_key) first: previous keys
    /// alone would only verify, so that is a [`ConfigError`].
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Key, Policy};
    /// let (old, new) = (Key::generate(), Key::generate());
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .with_signing_key(new)
    ///     .with_previous_signing_keys([old.clone()])?;
    /// assert!(ConsentLayer::new(Policy::builder().build()?)
    ///     .with_previous_signing_keys([old])
    ///     .is_err());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn with_previous_signing_keys(
        self,
        keys: impl IntoIterator<Item = Key>,
    ) -> Result<Self, ConfigError> {
        let setting = "previous signing keys";
        if self.settings().signing.current.is_none() {
            return Err(ConfigError::InvalidSetting {
                setting,
                reason: "no current key: call with_signing_key first".to_owned(),
            });
        }
        let keys: Vec<Key> = keys.into_iter().collect();
        if keys.len() > MAX_PREVIOUS_KEYS {
            return Err(ConfigError::InvalidSetting {
                setting,
                reason: format!(
                    "{} keys given, at most {MAX_PREVIOUS_KEYS}: each costs an HMAC per \
                     cookie that verifies under none",
                    keys.len()
                ),
            });
        }
        Ok(self.edit(|s| s.signing.previous = keys))
    }
}
