//! `ConsentId`: the random identifier of one consent decision.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::cookie::hex_digit;

/// A random 128-bit identifier of one consent decision, written as 32
/// lowercase hex digits. It keys the proof-of-consent record; it does not
/// identify the visitor.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsentId([u8; 16]);

impl ConsentId {
    /// A fresh identifier from the operating system's random source.
    ///
    /// # Panics
    ///
    /// If the operating system has no random source, which `getrandom`
    /// treats as unrecoverable.
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the operating system's random source failed");
        ConsentId(bytes)
    }

    /// An identifier from raw bytes (for tests and stores).
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        ConsentId(bytes)
    }

    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Reads 32 lowercase hex digits.
    pub fn parse(text: &[u8]) -> Option<Self> {
        // Lowercase only: one identifier has one spelling.
        if text.len() != 32 || text.iter().any(u8::is_ascii_uppercase) {
            return None;
        }
        let mut bytes = [0u8; 16];
        for (i, pair) in text.chunks_exact(2).enumerate() {
            bytes[i] = hex_digit(pair[0])? << 4 | hex_digit(pair[1])?;
        }
        Some(ConsentId(bytes))
    }
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentId({self})")
    }
}

impl Serialize for ConsentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = [0u8; 32];
        for (i, b) in self.0.iter().enumerate() {
            text[2 * i] = b"0123456789abcdef"[(b >> 4) as usize];
            text[2 * i + 1] = b"0123456789abcdef"[(b & 15) as usize];
        }
        serializer.serialize_str(std::str::from_utf8(&text).expect("hex is ASCII"))
    }
}

impl<'de> Deserialize<'de> for ConsentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = ConsentId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("32 lowercase hex digits")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ConsentId, E> {
                ConsentId::parse(v.as_bytes())
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let id = ConsentId::random();
        let text = id.to_string();
        assert_eq!(text.len(), 32);
        assert_eq!(ConsentId::parse(text.as_bytes()), Some(id));
        assert_ne!(ConsentId::random(), id);
        assert_eq!(ConsentId::parse(b"0123456789abcdef0123456789ABCDEF"), None);
    }
}
