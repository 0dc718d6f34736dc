//! The consent cookie: round trips, and mutations are a valid choice or
//! no decision.

use super::*;

pub(crate) fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(vec!["necessary", "statistical", "internal", "third_party", "matomo", "a91f03c2"])
            .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

pub(crate) fn grant() -> impl Strategy<Value = Grant> {
    prop_oneof![Just(Grant::Refused), text().prop_map(Grant::Accepted)]
}

pub(crate) fn preferences() -> impl Strategy<Value = Preferences> {
    (
        any::<[u8; 16]>(),
        any::<i64>(),
        btree_map(text(), grant(), 0..6),
        btree_map(text(), grant(), 0..4),
        any::<bool>(),
    )
        .prop_map(|(id, at, categories, services, gpc)| {
            let mut prefs = Preferences::new(ConsentId::from_bytes(id), at);
            prefs.categories = categories;
            prefs.services = services;
            prefs.gpc = gpc;
            prefs
        })
}

#[test]
pub(crate) fn preferences_round_trip() {
    runner()
        .run(&preferences(), |prefs| {
            let encoded = prefs.encode();
            prop_assert!(
                encoded
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\",;\\".contains(&b))
            );
            let decoded = Preferences::decode(encoded.as_bytes());
            if encoded.len() <= MAX_ENCODED_LEN {
                prop_assert_eq!(decoded, Ok(prefs));
            } else {
                prop_assert_eq!(decoded, Err(PreferencesError::Oversized));
            }
            Ok(())
        })
        .unwrap();
}

#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    Replace(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    InsertEscape(Index, u8, u8),
    Truncate(Index),
    Duplicate(Index, Index),
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    let hexish = select(b"0123456789abcdefABCDEFgz%".to_vec());
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<Index>().prop_map(Mutation::Delete),
        (any::<Index>(), hexish.clone(), hexish)
            .prop_map(|(i, a, b)| Mutation::InsertEscape(i, a, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Duplicate(a, b)),
    ]
}

pub(crate) fn mutate(value: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match mutation {
        Mutation::Replace(i, b) if !value.is_empty() => {
            let i = i.index(value.len());
            value[i] = *b;
        }
        Mutation::Insert(i, b) => value.insert(at(i, value.len()), *b),
        Mutation::Delete(i) if !value.is_empty() => {
            value.remove(i.index(value.len()));
        }
        Mutation::InsertEscape(i, a, b) => {
            let i = at(i, value.len());
            value.splice(i..i, [b'%', *a, *b]);
        }
        Mutation::Truncate(i) => value.truncate(at(i, value.len())),
        Mutation::Duplicate(a, b) if !value.is_empty() => {
            let (a, b) = (a.index(value.len()), b.index(value.len()));
            let span = value[a.min(b)..=a.max(b)].to_vec();
            value.splice(a..a, span);
        }
        _ => {}
    }
}

/// Whether `_ga` (statistical, service google-analytics) is allowed by a
/// stored choice, by DESIGN.md's rules.
/// A service grant counts only at the service's current revision; a lapsed
/// one follows the category.
pub(crate) fn ga_allowed(prefs: &Preferences) -> bool {
    let policy = policy();
    let revision = policy.revision(&Category::Statistical).map(str::to_owned);
    let service_revision = policy
        .service_revision("google-analytics")
        .map(str::to_owned);
    match prefs.services.get("google-analytics") {
        Some(Grant::Refused) => false,
        Some(Grant::Accepted(r)) if Some(r) == service_revision.as_ref() => true,
        _ => {
            matches!(prefs.categories.get("statistical"), Some(Grant::Accepted(r)) if Some(r) == revision.as_ref())
        }
    }
}

#[test]
pub(crate) fn mutated_consent_cookie_is_a_valid_choice_or_no_decision() {
    let runtime = runtime();
    let app = echo_app::default_app();
    let policy = policy();
    let strategy = (select(STORED[1..].to_vec()), vec(mutation(), 1..5));
    runner()
        .run(&strategy, |(stored, mutations)| {
            let prefs = echo_app::preferences(stored, &policy, now()).expect("a stored choice");
            let mut value = prefs.encode().into_bytes();
            for mutation in &mutations {
                mutate(&mut value, mutation);
            }
            // The public decoder: a valid value (which re-encodes to itself)
            // or an error, never a panic.
            let decoded = Preferences::decode(&value);
            if let Ok(valid) = decoded {
                let encoded = valid.encode();
                if encoded.len() <= MAX_ENCODED_LEN {
                    prop_assert_eq!(Preferences::decode(encoded.as_bytes()), Ok(valid));
                }
            }
            // The layer, when the bytes can travel in a header at all.
            let field = [DEFAULT_COOKIE_NAME.as_bytes(), b"=", &value].concat();
            let Ok(field) = HeaderValue::from_bytes(&field) else {
                return Ok(());
            };
            let request = Request::builder()
                .uri("/")
                .header("cookie", field.clone())
                .header(SET_COOKIE_REQUEST, "_ga=GA1.2.3")
                .body(Body::empty())
                .expect("a request");
            let (status, headers, _) = runtime.block_on(send(&app, request));
            prop_assert_eq!(status, StatusCode::OK);
            let decided = headers[DECIDED] == "true";
            let ga_left = headers
                .get_all(SET_COOKIE)
                .iter()
                .any(|v| v == "_ga=GA1.2.3");
            // The value the layer read is the first pair's (a `;` the
            // mutation put in ends it).
            let pairs = wire::cookie_pairs(field.as_bytes());
            let read = pairs
                .iter()
                .find(|(n, _)| *n == DEFAULT_COOKIE_NAME.as_bytes())
                .map(|(_, v)| Preferences::decode(v));
            match read {
                Some(Ok(prefs)) if decided => prop_assert_eq!(ga_left, ga_allowed(&prefs)),
                _ => {
                    prop_assert!(!decided, "the layer took {:?} as a decision", field);
                    prop_assert!(!ga_left, "no decision, yet _ga left");
                }
            }
            Ok(())
        })
        .unwrap();
}
