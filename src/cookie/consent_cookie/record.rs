//! The one reader of the consent cookie's format: percent-decoding, the
//! JSON fields, the version rules and the shape of each grant. What is
//! kept of each category and service is the caller's: [`Preferences`]
//! keeps the names and revisions as text, the layer looks each name up in
//! the policy as it is read and keeps bits, with no allocation.
//!
//! [`Preferences`]: super::Preferences

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{
    ConsentId, FORMAT_VERSION, MAX_ENCODED_LEN, OLDEST_VERSION, PreferencesError,
    percent_decode_into,
};

/// One grant as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoredGrant<'a> {
    /// `false`.
    Refused,
    /// The revision the visitor was shown.
    Revision(&'a str),
    /// Version 1's `true` for a service, which carries no revision.
    Version1,
}

/// What a reader keeps of the grants. Each name is handed over as it is
/// read, and its grant right after.
pub(crate) trait Grants {
    /// What a name is kept as until its grant is read.
    type Name;
    fn category_name(&mut self, name: &str) -> Self::Name;
    fn category(&mut self, name: Self::Name, grant: StoredGrant<'_>);
    fn service_name(&mut self, name: &str) -> Self::Name;
    fn service(&mut self, name: Self::Name, grant: StoredGrant<'_>);
}

/// The fields of a record other than its grants.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    pub(crate) id: ConsentId,
    pub(crate) at: i64,
    pub(crate) gpc: bool,
}

/// Longest value decoded in the small stack buffer: a typical value fits,
/// and zeroing the large one on every read would cost more than decoding.
const SMALL_VALUE: usize = 512;

/// Reads one cookie value, handing its grants to `grants`. On an error,
/// what `grants` was handed means nothing.
pub(crate) fn read<G: Grants>(value: &[u8], grants: &mut G) -> Result<Header, PreferencesError> {
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
    let fields = RecordSeed { grants }
        .deserialize(&mut deserializer)
        .and_then(|fields| deserializer.end().map(|()| fields))
        .map_err(|e| PreferencesError::BadJson(e.to_string()))?;
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&fields.v) {
        return Err(PreferencesError::UnknownVersion(fields.v));
    }
    // A version 1 service grant is `true`, a version 2 one its revision.
    if (fields.v == OLDEST_VERSION && fields.services.revision)
        || (fields.v == FORMAT_VERSION && fields.services.version1)
    {
        return Err(PreferencesError::BadJson(format!(
            "a service grant not of format version {}",
            fields.v
        )));
    }
    Ok(fields.header)
}

/// The record's fields as read, before the version rules are checked.
struct Fields {
    v: u64,
    header: Header,
    services: ServiceForms,
}

/// Which forms of service grant were read: the version may come after them.
#[derive(Default, Clone, Copy)]
struct ServiceForms {
    version1: bool,
    revision: bool,
}

struct RecordSeed<'g, G> {
    grants: &'g mut G,
}

impl<'de, G: Grants> DeserializeSeed<'de> for RecordSeed<'_, G> {
    type Value = Fields;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Fields, D::Error> {
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

impl<'de, G: Grants> Visitor<'de> for RecordSeed<'_, G> {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a consent record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut v: Option<u64> = None;
        let mut id: Option<ConsentId> = None;
        let mut at: Option<i64> = None;
        let mut categories = false;
        let mut services: Option<ServiceForms> = None;
        let mut gpc: Option<bool> = None;
        while let Some(field) = map.next_key::<Field>()? {
            let duplicate = match field {
                Field::V => v.replace(map.next_value()?).is_some(),
                Field::Id => id.replace(map.next_value()?).is_some(),
                Field::At => at.replace(map.next_value()?).is_some(),
                Field::Categories => {
                    // A repeated field is an error before its value is read.
                    if categories {
                        true
                    } else {
                        map.next_value_seed(GrantsSeed {
                            grants: &mut *self.grants,
                            services: false,
                        })?;
                        categories = true;
                        false
                    }
                }
                Field::Services => {
                    if services.is_some() {
                        true
                    } else {
                        services = Some(map.next_value_seed(GrantsSeed {
                            grants: &mut *self.grants,
                            services: true,
                        })?);
                        false
                    }
                }
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
        let v = v.ok_or_else(|| de::Error::missing_field("v"))?;
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let at = at.ok_or_else(|| de::Error::missing_field("at"))?;
        if !categories {
            return Err(de::Error::missing_field("categories"));
        }
        Ok(Fields {
            v,
            header: Header {
                id,
                at,
                gpc: gpc.unwrap_or(false),
            },
            services: services.unwrap_or_default(),
        })
    }
}

/// Reads the `categories` or the `services` map into the reader's grants.
struct GrantsSeed<'g, G> {
    grants: &'g mut G,
    services: bool,
}

impl<'de, G: Grants> DeserializeSeed<'de> for GrantsSeed<'_, G> {
    type Value = ServiceForms;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ServiceForms, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, G: Grants> Visitor<'de> for GrantsSeed<'_, G> {
    type Value = ServiceForms;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of names to false or a revision")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ServiceForms, A::Error> {
        let grants = self.grants;
        let mut forms = ServiceForms::default();
        loop {
            let name = if self.services {
                map.next_key_seed(NameSeed(|name: &str| grants.service_name(name)))?
            } else {
                map.next_key_seed(NameSeed(|name: &str| grants.category_name(name)))?
            };
            let Some(name) = name else {
                return Ok(forms);
            };
            let services = self.services;
            let grant = map.next_value_seed(GrantSeed {
                version1: services,
                keep: |grant: StoredGrant<'_>| {
                    if services {
                        grants.service(name, grant);
                    } else {
                        grants.category(name, grant);
                    }
                },
            })?;
            forms.version1 |= grant == Form::Version1;
            forms.revision |= grant == Form::Revision;
        }
    }
}

/// Reads a map key and hands it over, without keeping the text.
struct NameSeed<F>(F);

impl<'de, F: FnOnce(&str) -> N, N> DeserializeSeed<'de> for NameSeed<F> {
    type Value = N;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<N, D::Error> {
        d.deserialize_str(self)
    }
}

impl<F: FnOnce(&str) -> N, N> Visitor<'_> for NameSeed<F> {
    type Value = N;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<N, E> {
        Ok((self.0)(v))
    }
}

/// The form of one grant, for the version rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Refused,
    Revision,
    Version1,
}

/// Reads `false` or a revision (or, for a service, `true`) and hands it to
/// `keep` while its text is at hand.
struct GrantSeed<F> {
    version1: bool,
    keep: F,
}

impl<'de, F: FnOnce(StoredGrant<'_>)> DeserializeSeed<'de> for GrantSeed<F> {
    type Value = Form;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Form, D::Error> {
        d.deserialize_any(self)
    }
}

impl<F: FnOnce(StoredGrant<'_>)> Visitor<'_> for GrantSeed<F> {
    type Value = Form;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.version1 {
            f.write_str("false, true or a revision string")
        } else {
            f.write_str("false or a revision string")
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Form, E> {
        match (v, self.version1) {
            (false, _) => {
                (self.keep)(StoredGrant::Refused);
                Ok(Form::Refused)
            }
            (true, true) => {
                (self.keep)(StoredGrant::Version1);
                Ok(Form::Version1)
            }
            (true, false) => Err(E::invalid_value(de::Unexpected::Bool(true), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Form, E> {
        (self.keep)(StoredGrant::Revision(v));
        Ok(Form::Revision)
    }
}
