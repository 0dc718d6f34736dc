//! The layer's reader of the consent cookie: straight from the `Cookie`
//! header bytes to bit sets indexed by the policy, with no allocation.
//!
//! The value is percent-decoded into a stack buffer, then read by a serde
//! visitor that looks each category and service name up in the policy as it
//! goes, so nothing is copied out of the buffer.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::Policy;
use crate::cookie::consent_cookie::{
    ConsentId, FORMAT_VERSION, MAX_ENCODED_LEN, OLDEST_VERSION, PreferencesError,
    percent_decode_into,
};

/// A set of service indices (the policy has at most 256 services).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ServiceSet([u64; 4]);

impl ServiceSet {
    pub(crate) fn insert(&mut self, i: u16) {
        self.0[(i / 64) as usize] |= 1 << (i % 64);
    }
    pub(crate) fn remove(&mut self, i: u16) {
        self.0[(i / 64) as usize] &= !(1 << (i % 64));
    }
    pub(crate) fn contains(&self, i: u16) -> bool {
        self.0[(i / 64) as usize] & (1 << (i % 64)) != 0
    }
    /// Whether `test` holds for any service in the set.
    pub(crate) fn any(&self, mut test: impl FnMut(u16) -> bool) -> bool {
        self.0.iter().enumerate().any(|(word_index, &word)| {
            let mut bits = word;
            while bits != 0 {
                let i = word_index as u16 * 64 + bits.trailing_zeros() as u16;
                if test(i) {
                    return true;
                }
                bits &= bits - 1;
            }
            false
        })
    }
}

/// A valid stored choice, read against the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Choice {
    pub(crate) id: ConsentId,
    pub(crate) at: i64,
    pub(crate) gpc: bool,
    /// Categories accepted at their current revision.
    pub(crate) accepted: u64,
    /// Categories refused.
    pub(crate) refused: u64,
    /// Categories accepted at an older revision: undecided again.
    pub(crate) lapsed: u64,
    /// Services granted at their current revision.
    pub(crate) services_granted: ServiceSet,
    pub(crate) services_denied: ServiceSet,
    /// Services granted at an older revision (or by version 1, which kept
    /// no revision): they follow their category until asked again.
    pub(crate) services_lapsed: ServiceSet,
}

/// The time window a stored choice must fall in, in Unix seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    pub(crate) now: i64,
    pub(crate) lifetime: i64,
    pub(crate) skew: i64,
}

impl Window {
    pub(crate) fn admits(&self, at: i64) -> bool {
        at <= self.now.saturating_add(self.skew) && at > self.now.saturating_sub(self.lifetime)
    }
}

/// Longest value decoded in the small stack buffer.
const SMALL_VALUE: usize = 512;

/// Reads one consent cookie value against the policy.
pub(crate) fn decode(value: &[u8], policy: &Policy) -> Result<Choice, PreferencesError> {
    // A typical value fits the small buffer; zeroing the large one on every
    // request would cost more than decoding.
    let mut small = [0u8; SMALL_VALUE];
    let mut large;
    let buffer: &mut [u8] = if value.len() <= SMALL_VALUE {
        &mut small
    } else {
        large = [0u8; MAX_ENCODED_LEN];
        &mut large
    };
    let json = percent_decode_into(value, buffer)?;
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let choice = ChoiceSeed { policy }
        .deserialize(&mut deserializer)
        .and_then(|c| deserializer.end().map(|()| c))
        .map_err(|e| PreferencesError::BadJson(e.to_string()))?;
    Ok(choice)
}

struct ChoiceSeed<'p> {
    policy: &'p Policy,
}

impl<'de> DeserializeSeed<'de> for ChoiceSeed<'_> {
    type Value = Choice;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Choice, D::Error> {
        deserializer.deserialize_map(self)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    V,
    Id,
    At,
    Categories,
    Services,
    Gpc,
    Other,
}

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "v" => Field::V,
                    "id" => Field::Id,
                    "at" => Field::At,
                    "categories" => Field::Categories,
                    "services" => Field::Services,
                    "gpc" => Field::Gpc,
                    _ => Field::Other,
                })
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

impl<'de> Visitor<'de> for ChoiceSeed<'_> {
    type Value = Choice;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a consent record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Choice, A::Error> {
        let mut v: Option<u64> = None;
        let mut id: Option<ConsentId> = None;
        let mut at: Option<i64> = None;
        let mut categories: Option<Categories> = None;
        let mut services: Option<Services> = None;
        let mut gpc: Option<bool> = None;
        while let Some(field) = map.next_key::<Field>()? {
            let duplicate = match field {
                Field::V => v.replace(map.next_value()?).is_some(),
                Field::Id => id.replace(map.next_value()?).is_some(),
                Field::At => at.replace(map.next_value()?).is_some(),
                Field::Categories => categories
                    .replace(map.next_value_seed(CategoriesSeed {
                        policy: self.policy,
                    })?)
                    .is_some(),
                Field::Services => services
                    .replace(map.next_value_seed(ServicesSeed {
                        policy: self.policy,
                    })?)
                    .is_some(),
                Field::Gpc => gpc.replace(map.next_value()?).is_some(),
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                    false
                }
            };
            if duplicate {
                return Err(de::Error::custom("duplicate field"));
            }
        }
        let services = services.unwrap_or_default();
        match v {
            Some(OLDEST_VERSION) if services.saw_revision => {
                return Err(de::Error::custom("a version 1 service grant is `true`"));
            }
            Some(FORMAT_VERSION) if services.saw_true => {
                return Err(de::Error::custom("a service grant is its revision"));
            }
            Some(OLDEST_VERSION..=FORMAT_VERSION) => {}
            Some(other) => {
                return Err(de::Error::custom(format_args!(
                    "unknown format version {other}"
                )));
            }
            None => return Err(de::Error::missing_field("v")),
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let at = at.ok_or_else(|| de::Error::missing_field("at"))?;
        let categories = categories.ok_or_else(|| de::Error::missing_field("categories"))?;
        Ok(Choice {
            id,
            at,
            gpc: gpc.unwrap_or(false),
            accepted: categories.accepted,
            refused: categories.refused,
            lapsed: categories.lapsed,
            services_granted: services.granted,
            services_denied: services.denied,
            services_lapsed: services.lapsed,
        })
    }
}

#[derive(Default)]
struct Categories {
    accepted: u64,
    refused: u64,
    lapsed: u64,
}

struct CategoriesSeed<'p> {
    policy: &'p Policy,
}

impl<'de> DeserializeSeed<'de> for CategoriesSeed<'_> {
    type Value = Categories;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Categories, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CategoriesSeed<'_> {
    type Value = Categories;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of category names to false or a revision")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Categories, A::Error> {
        let mut out = Categories::default();
        while let Some(index) = map.next_key_seed(NameSeed {
            lookup: |name: &str| self.policy.category_index(name).map(u16::from),
        })? {
            let revision = index.map(|i| self.policy.category_at(i as u8).revision.as_str());
            let grant = map.next_value_seed(GrantSeed { revision })?;
            // Necessary never needs a grant; unknown categories are skipped.
            let Some(i) = index.filter(|&i| i != 0) else {
                continue;
            };
            let bit = 1u64 << i;
            // The last occurrence of a name wins, as in a JSON object read into a map.
            out.accepted &= !bit;
            out.refused &= !bit;
            out.lapsed &= !bit;
            match grant {
                GrantRead::Refused => out.refused |= bit,
                GrantRead::Current => out.accepted |= bit,
                GrantRead::Old => out.lapsed |= bit,
            }
        }
        Ok(out)
    }
}

#[derive(Default)]
struct Services {
    granted: ServiceSet,
    denied: ServiceSet,
    lapsed: ServiceSet,
    /// Which format the grants were written in: `true` (version 1) or a
    /// revision (version 2). The version field may come after them.
    saw_true: bool,
    saw_revision: bool,
}

struct ServicesSeed<'p> {
    policy: &'p Policy,
}

impl<'de> DeserializeSeed<'de> for ServicesSeed<'_> {
    type Value = Services;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Services, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ServicesSeed<'_> {
    type Value = Services;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of service names to false or a revision")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Services, A::Error> {
        let mut out = Services::default();
        while let Some(index) = map.next_key_seed(NameSeed {
            lookup: |name: &str| self.policy.service_index(name),
        })? {
            let revision = index.map(|i| self.policy.service_revision_at(i));
            let grant = map.next_value_seed(ServiceGrantSeed { revision })?;
            match grant {
                ServiceGrant::Version1 => out.saw_true = true,
                ServiceGrant::Read(GrantRead::Current | GrantRead::Old) => out.saw_revision = true,
                ServiceGrant::Read(GrantRead::Refused) => {}
            }
            let Some(i) = index else { continue };
            // The last occurrence of a name wins.
            out.granted.remove(i);
            out.denied.remove(i);
            out.lapsed.remove(i);
            match grant {
                ServiceGrant::Read(GrantRead::Refused) => out.denied.insert(i),
                ServiceGrant::Read(GrantRead::Current) => out.granted.insert(i),
                ServiceGrant::Read(GrantRead::Old) | ServiceGrant::Version1 => out.lapsed.insert(i),
            }
        }
        Ok(out)
    }
}

/// Reads a map key and looks it up, without keeping the text.
struct NameSeed<F> {
    lookup: F,
}

impl<'de, F: Fn(&str) -> Option<u16>> DeserializeSeed<'de> for NameSeed<F> {
    type Value = Option<u16>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<u16>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<F: Fn(&str) -> Option<u16>> Visitor<'_> for NameSeed<F> {
    type Value = Option<u16>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<u16>, E> {
        Ok((self.lookup)(v))
    }
}

#[derive(Clone, Copy)]
enum GrantRead {
    Refused,
    Current,
    Old,
}

/// A service's value: as a category's, or version 1's revision-less `true`.
#[derive(Clone, Copy)]
enum ServiceGrant {
    Read(GrantRead),
    Version1,
}

struct ServiceGrantSeed<'r> {
    revision: Option<&'r str>,
}

impl<'de> DeserializeSeed<'de> for ServiceGrantSeed<'_> {
    type Value = ServiceGrant;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ServiceGrant, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for ServiceGrantSeed<'_> {
    type Value = ServiceGrant;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("false, true or a revision string")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ServiceGrant, E> {
        Ok(if v {
            ServiceGrant::Version1
        } else {
            ServiceGrant::Read(GrantRead::Refused)
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ServiceGrant, E> {
        GrantSeed {
            revision: self.revision,
        }
        .visit_str(v)
        .map(ServiceGrant::Read)
    }
}

/// Reads `false` or a revision and compares it with the current one.
struct GrantSeed<'r> {
    revision: Option<&'r str>,
}

impl<'de> DeserializeSeed<'de> for GrantSeed<'_> {
    type Value = GrantRead;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<GrantRead, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for GrantSeed<'_> {
    type Value = GrantRead;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("false or a revision string")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<GrantRead, E> {
        if v {
            Err(E::invalid_value(de::Unexpected::Bool(true), &self))
        } else {
            Ok(GrantRead::Refused)
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<GrantRead, E> {
        Ok(if self.revision == Some(v) {
            GrantRead::Current
        } else {
            GrantRead::Old
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, CookieRule, Grant, Preferences};

    fn policy() -> Policy {
        Policy::builder()
            .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
            .rule(CookieRule::exact("_pk", Category::Statistical).service("matomo"))
            .rule(CookieRule::exact("ads", Category::ThirdParty))
            .build()
            .unwrap()
    }

    #[test]
    fn agrees_with_preferences() {
        let policy = policy();
        let stat = policy.revision(&Category::Statistical).unwrap().to_owned();
        let mut p = Preferences::new(ConsentId::random(), 1000);
        p.categories
            .insert("statistical".into(), Grant::Accepted(stat));
        p.categories
            .insert("internal".into(), Grant::Accepted("old".into()));
        p.categories.insert("third_party".into(), Grant::Refused);
        p.categories.insert("nonsense".into(), Grant::Refused);
        p.services.insert("matomo".into(), Grant::Refused);
        let ga = policy
            .service_revision("google-analytics")
            .unwrap()
            .to_owned();
        p.services
            .insert("google-analytics".into(), Grant::Accepted(ga));
        p.services
            .insert("unknown-service".into(), Grant::Accepted("x".into()));
        p.gpc = true;
        let choice = decode(p.encode().as_bytes(), &policy).unwrap();
        assert_eq!(choice.id, p.id);
        assert_eq!(choice.at, 1000);
        assert!(choice.gpc);
        assert_eq!(choice.accepted, 1 << 1);
        assert_eq!(choice.lapsed, 1 << 2);
        assert_eq!(choice.refused, 1 << 3);
        let matomo = policy.service_index("matomo").unwrap();
        assert!(choice.services_denied.contains(matomo));
        assert!(!choice.services_granted.contains(matomo));
        let ga = policy.service_index("google-analytics").unwrap();
        assert!(choice.services_granted.contains(ga));
    }

    #[test]
    fn service_grants_lapse_with_their_revision_and_in_version_one() {
        let policy = policy();
        let ga = policy.service_index("google-analytics").unwrap();
        let matomo = policy.service_index("matomo").unwrap();
        let mut p = Preferences::new(ConsentId::random(), 1000);
        p.services.insert(
            "google-analytics".into(),
            Grant::Accepted("0ld0ld00".into()),
        );
        let choice = decode(p.encode().as_bytes(), &policy).unwrap();
        assert!(choice.services_lapsed.contains(ga));
        assert!(!choice.services_granted.contains(ga));

        let v1 = br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":{},"services":{"google-analytics":true,"matomo":false}}"#;
        let choice = decode(v1, &policy).unwrap();
        assert!(choice.services_lapsed.contains(ga));
        assert!(!choice.services_granted.contains(ga));
        assert!(choice.services_denied.contains(matomo));
    }

    #[test]
    fn rejects_what_preferences_rejects() {
        let policy = policy();
        for bad in [
            &br#"{"v":3,"id":"abababababababababababababababab","at":1,"categories":{}}"#[..],
            br#"{"v":2,"id":"abababababababababababababababab","at":1,"categories":{},"services":{"matomo":true}}"#,
            br#"{"services":{"matomo":"abcd0123"},"v":1,"id":"abababababababababababababababab","at":1,"categories":{}}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":{},"v":1}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":{"x":true}}"#,
            br#"{"v":2,"id":"abababababababababababababababab","at":1,"categories":{},"services":{"a":1}}"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1,"categories":{}} x"#,
            br#"{"v":1,"id":"abababababababababababababababab","at":1.5,"categories":{}}"#,
            b"[]",
        ] {
            assert!(decode(bad, &policy).is_err(), "{}", String::from_utf8_lossy(bad));
            assert!(Preferences::decode(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
