//! The layer's internal readers on raw bytes (feature `fuzzing`).

use super::consent_cookie::{mutate, mutation};
use super::*;
use tower_cookie_consent::__fuzz::{cookie_pairs, decode_consent_cookie, read_set_cookie};

/// Any bytes at all, control characters and invalid UTF-8 included:
/// what an application could put in a header without `http`'s checks.
fn raw_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => vec(any::<u8>(), 0..120),
        3 => (cookie_shaped_line(), vec((any::<Index>(), any::<u8>()), 0..3)).prop_map(|(mut l, edits)| {
            for (i, b) in edits {
                if !l.is_empty() {
                    let i = i.index(l.len());
                    l[i] = b;
                }
            }
            l
        }),
    ]
}

#[test]
fn set_cookie_reader_reads_raw_bytes_as_the_spec_says() {
    let now = now();
    runner()
        .run(&raw_line(), |line| {
            let read = read_set_cookie(&line, now);
            let spec = wire::read_line(&line, now);
            prop_assert_eq!(read.name, spec.name);
            prop_assert_eq!(read.value, spec.value);
            prop_assert_eq!(read.read_back, spec.read_back);
            prop_assert_eq!(read.valid, spec.kept_by_browser);
            prop_assert_eq!(read.deletion, spec.deletion);
            Ok(())
        })
        .unwrap();
}

#[test]
fn cookie_reader_reads_raw_bytes_as_the_spec_says() {
    runner()
        .run(&raw_line(), |field| {
            prop_assert_eq!(cookie_pairs(&field), wire::cookie_pairs(&field));
            Ok(())
        })
        .unwrap();
}

#[test]
fn layer_decoder_and_preferences_agree() {
    let policy = policy();
    let strategy = (select(STORED[1..].to_vec()), vec(mutation(), 0..5));
    runner()
        .run(&strategy, |(stored, mutations)| {
            let prefs = echo_app::preferences(stored, &policy, 1_764_380_000).expect("stored");
            let mut value = prefs.encode().into_bytes();
            for mutation in &mutations {
                mutate(&mut value, mutation);
            }
            // Both accept or both refuse, and read the same record.
            match (
                decode_consent_cookie(&value, &policy),
                Preferences::decode(&value),
            ) {
                (Ok(choice), Ok(public)) => prop_assert_eq!(
                    (choice.id, choice.at, choice.gpc),
                    (public.id, public.at, public.gpc)
                ),
                (Err(_), Err(_)) => {}
                (layer, public) => {
                    prop_assert!(
                        false,
                        "layer {:?}, public {:?}: {}",
                        layer,
                        public,
                        lossy(&value)
                    )
                }
            }
            Ok(())
        })
        .unwrap();
}
