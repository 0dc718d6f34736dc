//! Consent cookie values signed the way README.md documents it, written
//! here from that text so the tests do not judge the layer's signer with
//! itself.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tower_cookie_consent::Key;

/// The key the signing tests' layers hold.
pub fn test_key() -> Key {
    Key::from(&(0u8..64).collect::<Vec<u8>>())
}

/// The key the tests rotate away from.
pub fn previous_key() -> Key {
    Key::from(&[0x42; 64])
}

/// `value` signed for the cookie `name` under `key`: base64 of
/// HMAC-SHA256(K, name "=" value), K = HMAC-SHA256(key.signing(),
/// "tower-cookie-consent/consent-cookie/v1"), followed by `value`.
pub fn sign(key: &Key, name: &str, value: &str) -> String {
    let mut derive = Hmac::<Sha256>::new_from_slice(key.signing()).unwrap();
    derive.update(b"tower-cookie-consent/consent-cookie/v1");
    let derived = derive.finalize().into_bytes();
    let mut mac = Hmac::<Sha256>::new_from_slice(&derived).unwrap();
    mac.update(name.as_bytes());
    mac.update(b"=");
    mac.update(value.as_bytes());
    format!("{}{value}", STANDARD.encode(mac.finalize().into_bytes()))
}
