//! The stored choice as the layer keeps it: bit sets indexed by the
//! policy, read straight from the `Cookie` header bytes with no allocation.
//!
//! The format's one reader (`cookie::consent_cookie::record`) hands over
//! each category and service name as it reads it; here each is looked up
//! in the policy at once, so nothing is copied out of the decoding buffer.

use crate::Policy;
use crate::cookie::consent_cookie::record::{self, Grants, StoredGrant};
use crate::cookie::consent_cookie::{ConsentId, PreferencesError};

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

/// Reads one consent cookie value against the policy.
pub(crate) fn decode(value: &[u8], policy: &Policy) -> Result<Choice, PreferencesError> {
    let mut grants = PolicyGrants {
        policy,
        accepted: 0,
        refused: 0,
        lapsed: 0,
        services_granted: ServiceSet::default(),
        services_denied: ServiceSet::default(),
        services_lapsed: ServiceSet::default(),
    };
    let header = record::read(value, &mut grants)?;
    Ok(Choice {
        id: header.id,
        at: header.at,
        gpc: header.gpc,
        accepted: grants.accepted,
        refused: grants.refused,
        lapsed: grants.lapsed,
        services_granted: grants.services_granted,
        services_denied: grants.services_denied,
        services_lapsed: grants.services_lapsed,
    })
}

/// The grants of a record as bits over the policy. Unknown names are
/// skipped, and so is necessary, which never needs a grant; the last
/// occurrence of a name wins, as in a JSON object read into a map.
struct PolicyGrants<'p> {
    policy: &'p Policy,
    accepted: u64,
    refused: u64,
    lapsed: u64,
    services_granted: ServiceSet,
    services_denied: ServiceSet,
    services_lapsed: ServiceSet,
}

impl Grants for PolicyGrants<'_> {
    type Name = Option<u16>;

    fn category_name(&mut self, name: &str) -> Option<u16> {
        self.policy
            .category_index(name)
            .filter(|&i| i != 0)
            .map(u16::from)
    }

    fn category(&mut self, index: Option<u16>, grant: StoredGrant<'_>) {
        let Some(i) = index else { return };
        let current = self.policy.category_at(i as u8).revision.as_str();
        let bit = 1u64 << i;
        self.accepted &= !bit;
        self.refused &= !bit;
        self.lapsed &= !bit;
        match grant {
            StoredGrant::Refused => self.refused |= bit,
            StoredGrant::Revision(revision) if revision == current => self.accepted |= bit,
            StoredGrant::Revision(_) | StoredGrant::Version1 => self.lapsed |= bit,
        }
    }

    fn service_name(&mut self, name: &str) -> Option<u16> {
        self.policy.service_index(name)
    }

    /// A grant at an older revision, or by version 1 (which kept none),
    /// lapses: the service follows its category until asked again.
    fn service(&mut self, index: Option<u16>, grant: StoredGrant<'_>) {
        let Some(i) = index else { return };
        let current = self.policy.service_revision_at(i);
        self.services_granted.remove(i);
        self.services_denied.remove(i);
        self.services_lapsed.remove(i);
        match grant {
            StoredGrant::Refused => self.services_denied.insert(i),
            StoredGrant::Revision(revision) if revision == current => {
                self.services_granted.insert(i)
            }
            StoredGrant::Revision(_) | StoredGrant::Version1 => self.services_lapsed.insert(i),
        }
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
