//! The consent cookie decoders on arbitrary bytes: the layer's
//! allocation-free decoder and the public `Preferences::decode` never
//! panic and never disagree (both accept or both refuse, and read the same
//! choice); what decodes re-encodes to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::__fuzz::decode_consent_cookie;
use tower_cookie_consent::{Grant, MAX_ENCODED_LEN, Preferences};
use tower_cookie_consent_fuzz::policy;

fuzz_target!(|value: &[u8]| {
    let policy = policy();
    let layer = decode_consent_cookie(value, policy);
    let public = Preferences::decode(value);
    assert_eq!(
        layer.is_ok(),
        public.is_ok(),
        "the decoders disagree: layer {layer:?}, public {public:?}"
    );

    if let Ok(choice) = &layer {
        // The layer never accepts what the public decoder rejects.
        let prefs = public
            .as_ref()
            .expect("the layer accepted a value Preferences::decode rejects");
        assert_eq!(
            (prefs.id, prefs.at, prefs.gpc),
            (choice.id, choice.at, choice.gpc)
        );
        assert_eq!(choice.accepted & choice.refused, 0);
        assert_eq!(choice.accepted & choice.lapsed, 0);
        assert_eq!(choice.refused & choice.lapsed, 0);
        assert_eq!(
            (choice.accepted | choice.refused | choice.lapsed) & 1,
            0,
            "necessary"
        );
        // Each known category's bit says what the stored grant says.
        for (i, category) in policy.categories().enumerate().skip(1) {
            let bit = 1u64 << i;
            let current = policy.revision(category);
            let expected = match prefs.categories.get(category.name()) {
                None => (false, false, false),
                Some(Grant::Refused) => (false, true, false),
                Some(Grant::Accepted(r)) if Some(r.as_str()) == current => (true, false, false),
                Some(Grant::Accepted(_)) => (false, false, true),
            };
            let got = (
                choice.accepted & bit != 0,
                choice.refused & bit != 0,
                choice.lapsed & bit != 0,
            );
            assert_eq!(got, expected, "category {category}");
        }
    }

    if let Ok(prefs) = &public {
        let again = prefs.encode();
        if again.len() <= MAX_ENCODED_LEN {
            assert_eq!(Preferences::decode(again.as_bytes()).as_ref(), Ok(prefs));
            if let Ok(choice) = &layer {
                assert_eq!(
                    decode_consent_cookie(again.as_bytes(), policy).as_ref(),
                    Ok(choice)
                );
            }
        }
    }
});
