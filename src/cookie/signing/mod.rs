//! Signed consent cookies (feature `signed`, opt in with
//! [`ConsentLayerBuilder::with_signing_key`](crate::ConsentLayerBuilder::with_signing_key)).
//!
//! A signed value is the layout of the `cookie` crate's `SignedJar`: the
//! MAC, 44 characters of padded standard base64, then the unchanged
//! percent-encoded JSON. The MAC differs from `SignedJar`'s in two ways,
//! both so that a value the application signs for another purpose never
//! passes for a consent cookie:
//!
//! - `SignedJar` (cookie 0.18) MACs the value alone, so a value signed for
//!   one cookie verifies under any other name. Here the MAC covers
//!   `name=value`; a token name cannot hold `=`, so the split is unambiguous.
//! - The HMAC key is not the [`Key`](::cookie::Key)'s signing key itself but
//!   HMAC-SHA256 of [`CONTEXT`] under it, so the tags the application's own
//!   `SignedJar` (tower-cookies, axum-extra) makes with the same key are
//!   never valid here, whatever the value.
//!
//! Without a key (or without the feature) values pass through unchanged and
//! [`Signer::verify`] is one branch.

use crate::PreferencesError;

#[cfg(feature = "signed")]
mod mac;

/// Length of the MAC once base64-encoded: 32 bytes, padded.
#[cfg(feature = "signed")]
pub(crate) const MAC_LEN: usize = 44;

/// What the per-purpose HMAC key is derived from.
#[cfg(feature = "signed")]
pub(crate) const CONTEXT: &[u8] = b"tower-cookie-consent/consent-cookie/v1";

/// The keys a layer was given: the current one signs and verifies, the
/// previous ones only verify. Never printed.
#[derive(Clone, Default)]
pub(crate) struct SigningKeys {
    #[cfg(feature = "signed")]
    pub(crate) current: Option<::cookie::Key>,
    #[cfg(feature = "signed")]
    pub(crate) previous: Vec<::cookie::Key>,
}

impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("SigningKeys");
        #[cfg(feature = "signed")]
        out.field("current", &self.current.as_ref().map(|_| "set"))
            .field("previous", &self.previous.len());
        out.finish()
    }
}

impl SigningKeys {
    /// The signer for the consent cookie called `name`.
    pub(crate) fn signer(&self, name: &str) -> Signer {
        #[cfg(feature = "signed")]
        {
            Signer {
                macs: self.current.as_ref().map(|current| {
                    std::iter::once(current)
                        .chain(&self.previous)
                        .map(|key| mac::bound_mac(key, name))
                        .collect()
                }),
            }
        }
        #[cfg(not(feature = "signed"))]
        {
            let _ = name;
            Signer {}
        }
    }
}

/// Signs and verifies consent cookie values of one name.
#[derive(Clone, Default)]
pub(crate) struct Signer {
    /// HMAC states that have absorbed the derived key and `name=`: the
    /// current key's first. `None`: signing is off.
    #[cfg(feature = "signed")]
    macs: Option<Box<[mac::Mac]>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("Signer");
        #[cfg(feature = "signed")]
        out.field("keys", &self.macs.as_ref().map_or(0, |m| m.len()));
        out.finish()
    }
}

impl Signer {
    /// The value to store: `value` itself, or its MAC under the current key
    /// followed by `value`.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn sign(&self, value: String) -> String {
        #[cfg(feature = "signed")]
        if let Some(macs) = &self.macs {
            return mac::sign(&macs[0], value);
        }
        value
    }

    /// The payload of a stored value: the value itself when signing is off;
    /// otherwise what follows a MAC that verifies under one of the keys,
    /// else [`PreferencesError::BadSignature`].
    #[inline]
    pub(crate) fn verify<'v>(&self, value: &'v [u8]) -> Result<&'v [u8], PreferencesError> {
        #[cfg(feature = "signed")]
        if let Some(macs) = &self.macs {
            return mac::verify(macs, value);
        }
        Ok(value)
    }
}

#[cfg(all(test, feature = "signed"))]
mod tests {
    use ::cookie::Key;

    use super::*;

    fn keys(current: &Key, previous: &[&Key]) -> SigningKeys {
        SigningKeys {
            current: Some(current.clone()),
            previous: previous.iter().map(|k| (*k).clone()).collect(),
        }
    }

    #[test]
    fn a_signed_value_verifies_and_keeps_its_payload() {
        let key = Key::generate();
        let signer = keys(&key, &[]).signer("cookies_preferences");
        let signed = signer.sign("%7B%22v%22:1%7D".to_owned());
        assert_eq!(signed.len(), MAC_LEN + 15);
        assert!(signed.ends_with("%7B%22v%22:1%7D"));
        assert_eq!(
            signer.verify(signed.as_bytes()),
            Ok(&b"%7B%22v%22:1%7D"[..])
        );
    }

    #[test]
    fn unsigned_altered_foreign_and_short_values_are_refused() {
        let key = Key::generate();
        let signer = keys(&key, &[]).signer("cookies_preferences");
        let signed = signer.sign("%7B%22v%22:1%7D".to_owned());
        let mut altered = signed.clone().into_bytes();
        *altered.last_mut().unwrap() ^= 1;
        let other_name = keys(&key, &[])
            .signer("session")
            .sign("%7B%22v%22:1%7D".to_owned());
        let other_key = keys(&Key::generate(), &[])
            .signer("cookies_preferences")
            .sign("%7B%22v%22:1%7D".to_owned());
        for bad in [
            &b"%7B%22v%22:1%7D"[..],
            &altered,
            other_name.as_bytes(),
            other_key.as_bytes(),
            b"",
            &signed.as_bytes()[..MAC_LEN - 1],
        ] {
            assert_eq!(signer.verify(bad), Err(PreferencesError::BadSignature));
        }
    }

    #[test]
    fn the_cookie_crates_own_signature_is_not_ours() {
        let key = Key::generate();
        let mut jar = ::cookie::CookieJar::new();
        jar.signed_mut(&key)
            .add(("cookies_preferences", "%7B%22v%22:1%7D"));
        let theirs = jar.get("cookies_preferences").unwrap().value().to_owned();
        let signer = keys(&key, &[]).signer("cookies_preferences");
        assert_eq!(theirs.len(), MAC_LEN + 15);
        assert_eq!(
            signer.verify(theirs.as_bytes()),
            Err(PreferencesError::BadSignature)
        );
    }

    #[test]
    fn previous_keys_verify_and_the_current_one_signs() {
        let (old, new) = (Key::generate(), Key::generate());
        let before = keys(&old, &[]).signer("c").sign("x".to_owned());
        let rotated = keys(&new, &[&old]).signer("c");
        assert_eq!(rotated.verify(before.as_bytes()), Ok(&b"x"[..]));
        let after = rotated.sign("x".to_owned());
        assert!(keys(&new, &[]).signer("c").verify(after.as_bytes()).is_ok());
        assert!(
            keys(&old, &[])
                .signer("c")
                .verify(after.as_bytes())
                .is_err()
        );
    }

    #[test]
    fn without_a_key_values_pass_unchanged() {
        let signer = SigningKeys::default().signer("c");
        assert_eq!(signer.sign("x".to_owned()), "x");
        assert_eq!(signer.verify(b"x"), Ok(&b"x"[..]));
    }

    #[test]
    fn keys_are_never_printed() {
        let key = Key::generate();
        let printed = format!("{:?}", keys(&key, &[&key]));
        assert_eq!(
            printed,
            "SigningKeys { current: Some(\"set\"), previous: 1 }"
        );
    }
}
