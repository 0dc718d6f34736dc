//! Forged consent cookies against a layer that signs them: every value whose
//! MAC is missing, malformed, made for something else or with another key
//! is no decision, so a script or a sibling subdomain cannot grant.

use tower_cookie_consent::DEFAULT_COOKIE_NAME;

use super::{Case, Input, answer, b, exchange};
use crate::common::echo_app::{Stored, now, policy, preferences};
use crate::common::signing::{previous_key, sign, test_key};

/// The accept-all record, percent-encoded and unsigned.
fn accept_all() -> String {
    preferences(Stored::AcceptAll, &policy(), now())
        .expect("stored")
        .encode()
}

fn pair(value: &str) -> Vec<u8> {
    b(&format!("{DEFAULT_COOKIE_NAME}={value}"))
}

/// A visitor sends `value` as their consent cookie and the application
/// sets `_ga`: the cookie must not leave and the choice is no decision,
/// unless `decided`.
fn forged(name: &str, value: String, decided: bool) -> Case {
    let leaves = if decided {
        vec![b("_ga=1")]
    } else {
        Vec::new()
    };
    let case = exchange(
        name,
        vec![pair(&value)],
        vec![b("_ga=1")],
        answer(leaves, decided, &[DEFAULT_COOKIE_NAME]),
    );
    Case {
        input: Input::Signed(Box::new(case.input)),
        ..case
    }
}

/// A signed refusal next to a forged, later acceptance: the refusal rules.
fn forged_copy_beside_a_real_one() -> Case {
    let refusal = preferences(Stored::RefuseAll, &policy(), now() - 60)
        .expect("stored")
        .encode();
    let case = exchange(
        "a forged later acceptance beside a signed refusal",
        vec![
            pair(&sign(&test_key(), DEFAULT_COOKIE_NAME, &refusal)),
            pair(&accept_all()),
        ],
        vec![b("_ga=1")],
        answer(
            Vec::new(),
            true,
            &[DEFAULT_COOKIE_NAME, DEFAULT_COOKIE_NAME],
        ),
    );
    Case {
        input: Input::Signed(Box::new(case.input)),
        ..case
    }
}

pub fn cases() -> Vec<Case> {
    let json = accept_all();
    let good = sign(&test_key(), DEFAULT_COOKIE_NAME, &json);
    let (mac, _) = good.split_at(44);
    // The MAC's last character carries 2 bits of padding: flipping them
    // spells the same digest in non-canonical base64.
    let last = mac.as_bytes()[42];
    let sloppy = mac[..42].to_owned() + &char::from(last ^ 1).to_string() + "=";
    let mut key_bytes = [0u8; 64];
    key_bytes[0] = 1;
    vec![
        forged("signed, as a control", good.clone(), true),
        forged("unsigned accept-all", json.clone(), false),
        forged("empty value", String::new(), false),
        forged("a MAC alone", mac.to_owned(), false),
        forged("MAC cut by one character", good[1..].to_owned(), false),
        forged("MAC of forty-four `A`", "A".repeat(44) + &json, false),
        forged("MAC that is not base64", "*".repeat(44) + &json, false),
        forged("MAC in non-canonical base64", sloppy + &json, false),
        forged(
            "MAC spelled in URL-safe base64",
            mac.replace('+', "-").replace('/', "_") + &json,
            !mac.contains(['+', '/']),
        ),
        forged(
            "signed with a key one bit away",
            sign(
                &tower_cookie_consent::Key::from(&key_bytes),
                DEFAULT_COOKIE_NAME,
                &json,
            ),
            false,
        ),
        forged(
            "signed with a previous key the layer was not given",
            sign(&previous_key(), DEFAULT_COOKIE_NAME, &json),
            false,
        ),
        forged(
            "signed for another name",
            sign(&test_key(), "sessionid", &json),
            false,
        ),
        forged(
            "signed for the name with a different case",
            sign(&test_key(), "Cookies_Preferences", &json),
            false,
        ),
        forged(
            "signed value with JSON appended",
            good.clone() + "%7D",
            false,
        ),
        forged(
            "a 1 MB value behind a MAC",
            mac.to_owned() + &"%7B".repeat(1 << 18),
            false,
        ),
        forged_copy_beside_a_real_one(),
    ]
}
