//! `Policy::from_json` on arbitrary text: never panics (deep nesting,
//! huge numbers, odd strings are errors), and a policy that loads
//! survives `to_json` and back unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::{NameMatch, Policy};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = Policy::from_json(text) else {
        return;
    };
    let json = policy.to_json();
    let again = Policy::from_json(&json).expect("to_json output loads again");
    assert_eq!(again.rules(), policy.rules());
    assert_eq!(again.unknown(), policy.unknown());
    assert_eq!(again.to_json(), json);
    for category in policy.categories() {
        assert_eq!(again.revision(category), policy.revision(category));
        assert_eq!(
            again.is_sale_or_sharing(category),
            policy.is_sale_or_sharing(category)
        );
    }
    // Every exact rule classifies its own name to a rule of its category
    // (an exact rule always beats a pattern).
    for rule in policy.rules() {
        if let NameMatch::Exact(name) = rule.name_match() {
            let found = policy
                .classify(name)
                .expect("an exact rule matches its name");
            assert_eq!(found.category(), rule.category());
        }
    }
});
