//! The `cookies_preferences` cookie: the visitor's choice, as stored in
//! their browser.
//!
//! Its value is percent-encoded JSON:
//!
//! ```json
//! {"v":2,"id":"b3f1c2…","at":1764380000,
//!  "categories":{"statistical":"a91f03c2","internal":false,"third_party":false},
//!  "services":{"matomo":"5d1e0c7a","google-analytics":false}}
//! ```
//!
//! A grant, of a category or of a service, is the revision the visitor was
//! shown; a refusal is `false`. Version 1 stored a service grant as `true`,
//! with no revision: it is read as lapsed, so the visitor is asked again.
//!
//! [`Preferences`] reads and writes it. Both it and the layer read it with
//! the one reader in `record.rs`; the layer keeps what it reads as bits
//! over the policy, with no allocation.

mod id;
pub(crate) mod record;

use crate::cookie::hex_digit;
use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use record::{Grants, StoredGrant};

pub use id::ConsentId;

/// The format version this library writes. It also reads version 1, whose
/// service grants carry no revision and so read as lapsed.
pub const FORMAT_VERSION: u64 = 2;

/// The oldest format version read.
pub(crate) const OLDEST_VERSION: u64 = 1;

/// Longest consent cookie value read, encoded. Longer means "no decision".
pub const MAX_ENCODED_LEN: usize = 4096;

/// Bytes that leave the cookie value percent-encoded: everything outside
/// RFC 6265's `cookie-octet`, and `%` itself so that decoding is exact.
const ENCODE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// What a visitor said about one category or one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// Refused. A refusal stays a refusal when the rules change.
    Refused,
    /// Accepted at this revision ([`Policy::revision`](crate::Policy::revision)
    /// for a category, [`Policy::service_revision`](crate::Policy::service_revision)
    /// for a service). When the policy's revision changes, the grant lapses
    /// and the visitor is asked again. A version 1 service grant reads as
    /// `Accepted("")`, which no revision matches.
    Accepted(String),
}

/// The visitor's stored choice: the decoded `cookies_preferences` value.
///
/// ```
/// use tower_cookie_consent::{ConsentId, Grant, Preferences};
///
/// let mut prefs = Preferences::new(ConsentId::random(), 1_764_380_000);
/// prefs.categories.insert("statistical".into(), Grant::Accepted("a91f03c2".into()));
/// prefs.categories.insert("third_party".into(), Grant::Refused);
/// prefs.services.insert("matomo".into(), Grant::Refused);
///
/// let value = prefs.encode();
/// assert!(!value.contains(['"', ',', ';', ' ']));
/// assert_eq!(Preferences::decode(value.as_bytes()).unwrap(), prefs);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// A random identifier of this choice: the key of its proof-of-consent
    /// record. Not a user identifier.
    pub id: ConsentId,
    /// When the choice was made, in Unix seconds.
    pub at: i64,
    /// Per category name: refused, or accepted at a revision.
    pub categories: BTreeMap<String, Grant>,
    /// Per service name: refused although its category may be accepted, or
    /// accepted at the service's revision although its category may be
    /// refused. A service left out follows its category.
    pub services: BTreeMap<String, Grant>,
    /// The choice was made while the browser sent Global Privacy Control, so
    /// its grants of sale-or-sharing categories are explicit.
    pub gpc: bool,
}

/// Why a consent cookie value could not be read. Every case means "no decision".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PreferencesError {
    /// Longer than [`MAX_ENCODED_LEN`].
    Oversized,
    /// A `%` not followed by two hex digits, or not UTF-8 once decoded.
    BadEncoding,
    /// Not JSON of the expected shape; the message says what.
    BadJson(String),
    /// A `v` other than 1 or 2.
    UnknownVersion(u64),
    /// The layer signs consent cookies and this value's signature does not
    /// verify: unsigned, altered, or signed with another key or for another
    /// cookie name.
    BadSignature,
}

impl fmt::Display for PreferencesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Oversized => write!(f, "longer than {MAX_ENCODED_LEN} bytes"),
            Self::BadEncoding => f.write_str("not percent-encoded UTF-8"),
            Self::BadJson(message) => write!(f, "not a consent record: {message}"),
            Self::UnknownVersion(v) => write!(f, "unknown format version {v}"),
            Self::BadSignature => f.write_str("no valid signature"),
        }
    }
}

impl std::error::Error for PreferencesError {}

impl Preferences {
    /// A choice with no category decided yet, made at `at` (Unix seconds).
    pub fn new(id: ConsentId, at: i64) -> Self {
        Preferences {
            id,
            at,
            categories: BTreeMap::new(),
            services: BTreeMap::new(),
            gpc: false,
        }
    }

    /// The cookie value: percent-encoded JSON, only cookie-safe bytes.
    pub fn encode(&self) -> String {
        let json = serde_json::to_string(&Doc {
            v: FORMAT_VERSION,
            id: self.id,
            at: self.at,
            categories: &self.categories,
            services: &self.services,
            gpc: self.gpc,
        })
        .expect("a consent record always serialises");
        utf8_percent_encode(&json, ENCODE).to_string()
    }

    /// Reads a cookie value. Only the format is checked here; whether the
    /// choice is still current (its age, its revisions) is the layer's call.
    pub fn decode(value: &[u8]) -> Result<Preferences, PreferencesError> {
        let mut grants = TextGrants::default();
        let header = record::read(value, &mut grants)?;
        Ok(Preferences {
            id: header.id,
            at: header.at,
            categories: grants.categories,
            services: grants.services,
            gpc: header.gpc,
        })
    }
}

/// The grants of a record as text, for [`Preferences::decode`].
#[derive(Default)]
struct TextGrants {
    categories: BTreeMap<String, Grant>,
    services: BTreeMap<String, Grant>,
}

impl From<StoredGrant<'_>> for Grant {
    fn from(grant: StoredGrant<'_>) -> Grant {
        match grant {
            StoredGrant::Refused => Grant::Refused,
            StoredGrant::Revision(revision) => Grant::Accepted(revision.to_owned()),
            // No revision matches the empty one: the grant has lapsed.
            StoredGrant::Version1 => Grant::Accepted(String::new()),
        }
    }
}

impl Grants for TextGrants {
    type Name = String;
    fn category_name(&mut self, name: &str) -> String {
        name.to_owned()
    }
    // The last occurrence of a name wins, as in a JSON object read into a map.
    fn category(&mut self, name: String, grant: StoredGrant<'_>) {
        self.categories.insert(name, grant.into());
    }
    fn service_name(&mut self, name: &str) -> String {
        name.to_owned()
    }
    fn service(&mut self, name: String, grant: StoredGrant<'_>) {
        self.services.insert(name, grant.into());
    }
}

/// Strict percent-decoding into `buffer`: every `%` must start an escape.
/// Decoding never lengthens the text, so a buffer as long as `value` is
/// enough.
pub(crate) fn percent_decode_into<'b>(
    value: &[u8],
    buffer: &'b mut [u8],
) -> Result<&'b [u8], PreferencesError> {
    if value.len() > MAX_ENCODED_LEN || value.len() > buffer.len() {
        return Err(PreferencesError::Oversized);
    }
    let mut len = 0;
    let mut rest = value;
    // Copy the runs between escapes whole; `memchr` finds each `%`.
    while let Some(at) = memchr::memchr(b'%', rest) {
        buffer[len..len + at].copy_from_slice(&rest[..at]);
        len += at;
        let (Some(hi), Some(lo)) = (
            rest.get(at + 1).and_then(|&b| hex_digit(b)),
            rest.get(at + 2).and_then(|&b| hex_digit(b)),
        ) else {
            return Err(PreferencesError::BadEncoding);
        };
        buffer[len] = hi << 4 | lo;
        len += 1;
        rest = &rest[at + 3..];
    }
    buffer[len..len + rest.len()].copy_from_slice(rest);
    len += rest.len();
    let decoded = &buffer[..len];
    if std::str::from_utf8(decoded).is_err() {
        return Err(PreferencesError::BadEncoding);
    }
    Ok(decoded)
}

#[derive(Serialize)]
struct Doc<'a> {
    v: u64,
    id: ConsentId,
    at: i64,
    categories: &'a BTreeMap<String, Grant>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    services: &'a BTreeMap<String, Grant>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    gpc: bool,
}

impl Serialize for Grant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Grant::Refused => serializer.serialize_bool(false),
            Grant::Accepted(revision) => serializer.serialize_str(revision),
        }
    }
}

impl<'de> Deserialize<'de> for Grant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GrantVisitor;
        impl Visitor<'_> for GrantVisitor {
            type Value = Grant;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("false or a revision string")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Grant, E> {
                if v {
                    Err(E::invalid_value(de::Unexpected::Bool(true), &self))
                } else {
                    Ok(Grant::Refused)
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Grant, E> {
                Ok(Grant::Accepted(v.to_owned()))
            }
        }
        deserializer.deserialize_any(GrantVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Preferences {
        let mut p = Preferences::new(ConsentId::from_bytes([0xab; 16]), 1_764_380_000);
        p.categories
            .insert("statistical".into(), Grant::Accepted("a91f03c2".into()));
        p.categories.insert("internal".into(), Grant::Refused);
        p.services
            .insert("matomo".into(), Grant::Accepted("5d1e0c7a".into()));
        p
    }

    #[test]
    fn encodes_the_documented_format() {
        let value = sample().encode();
        let json = percent_encoding::percent_decode_str(&value)
            .decode_utf8()
            .unwrap();
        assert_eq!(
            json,
            r#"{"v":2,"id":"abababababababababababababababab","at":1764380000,"categories":{"internal":false,"statistical":"a91f03c2"},"services":{"matomo":"5d1e0c7a"}}"#
        );
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"\",;\\".contains(&b))
        );
    }

    #[test]
    fn decodes_raw_and_encoded_json() {
        let p = sample();
        assert_eq!(Preferences::decode(p.encode().as_bytes()).unwrap(), p);
        let raw = r#"{"v":2,"id":"abababababababababababababababab","at":1764380000,"categories":{"internal":false,"statistical":"a91f03c2"},"services":{"matomo":"5d1e0c7a"},"later":[1]}"#;
        assert_eq!(Preferences::decode(raw.as_bytes()).unwrap(), p);
    }

    #[test]
    fn version_one_service_grants_read_as_lapsed() {
        let raw = r#"{"v":1,"id":"abababababababababababababababab","at":1764380000,"categories":{"statistical":false},"services":{"matomo":true,"ga":false}}"#;
        let p = Preferences::decode(raw.as_bytes()).unwrap();
        assert_eq!(p.services["matomo"], Grant::Accepted(String::new()));
        assert_eq!(p.services["ga"], Grant::Refused);
        let rewritten = percent_encoding::percent_decode_str(&p.encode())
            .decode_utf8()
            .unwrap()
            .into_owned();
        assert!(rewritten.starts_with(r#"{"v":2,"#), "{rewritten}");
        assert!(rewritten.contains(r#""matomo":"""#), "{rewritten}");
    }

    #[test]
    fn rejects_malformed() {
        let cases: &[&[u8]] = &[
            b"%zz",
            b"%7",
            b"not json",
            b"%FF%FE",
            br#"{"v":3,"id":"abababababababababababababababab","at":1,"categories":{}}"#,
            br#"{"v":0,"id":"abababababababababababababababab","at":1,"categories":{}}"#,
            br#"{"v":2,"id":"abababababababababababababababab","at":1,"categories":{},"services":{"a":true}}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":{},"services":{"a":"r"}}"#,
            br#"{"v":1,"id":"short","at":1,"categories":{}}"#,
            br#"{"v":1,"id":"ABABABABABABABABABABABABABABABAB","at":1,"categories":{}}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":"1","categories":{}}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":{"a":true}}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":[]}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1}"#,
        ];
        for case in cases {
            assert!(
                Preferences::decode(case).is_err(),
                "{}",
                String::from_utf8_lossy(case)
            );
        }
        let big = vec![b'a'; MAX_ENCODED_LEN + 1];
        assert_eq!(Preferences::decode(&big), Err(PreferencesError::Oversized));
    }
}
