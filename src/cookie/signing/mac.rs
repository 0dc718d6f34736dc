//! The MAC of a consent cookie value: HMAC-SHA256 under a key derived for
//! this purpose, over `name=value`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

use super::{CONTEXT, MAC_LEN};
use crate::{MAX_ENCODED_LEN, PreferencesError};

pub(super) type Mac = Hmac<Sha256>;

/// An HMAC state keyed for the consent cookie and fed `name=`.
pub(super) fn bound_mac(key: &::cookie::Key, name: &str) -> Mac {
    let mut derive = Mac::new_from_slice(key.signing()).expect("HMAC takes any key length");
    derive.update(CONTEXT);
    let derived = derive.finalize().into_bytes();
    let mut mac = Mac::new_from_slice(&derived).expect("HMAC takes any key length");
    mac.update(name.as_bytes());
    mac.update(b"=");
    mac
}

pub(super) fn sign(mac: &Mac, value: String) -> String {
    let mut mac = mac.clone();
    mac.update(value.as_bytes());
    let mut signed = String::with_capacity(MAC_LEN + value.len());
    STANDARD.encode_string(mac.finalize().into_bytes(), &mut signed);
    signed.push_str(&value);
    signed
}

pub(super) fn verify<'v>(macs: &[Mac], value: &'v [u8]) -> Result<&'v [u8], PreferencesError> {
    if value.len() < MAC_LEN {
        return Err(PreferencesError::BadSignature);
    }
    let (tag, payload) = value.split_at(MAC_LEN);
    // Nothing longer decodes; refuse it before hashing it.
    if payload.len() > MAX_ENCODED_LEN {
        return Err(PreferencesError::Oversized);
    }
    // The decoder refuses non-canonical padding and trailing bits, so
    // each tag has one spelling.
    let mut digest = [0u8; 33];
    let Ok(32) = STANDARD.decode_slice(tag, &mut digest) else {
        return Err(PreferencesError::BadSignature);
    };
    for mac in macs {
        let mut mac = mac.clone();
        mac.update(payload);
        // Compared in constant time.
        if mac.verify_slice(&digest[..32]).is_ok() {
            return Ok(payload);
        }
    }
    Err(PreferencesError::BadSignature)
}
