//! The layer's cookie-date reader (RFC 6265bis §5.1.1) and its deletion
//! judgement on arbitrary bytes, against the tests' independent reading:
//! the spec's steps transliterated, and the spec's, Chromium's and
//! Firefox's readings of `Max-Age` and `Expires`.
//!
//! Input: the value of an `Expires` attribute. It may hold `;`, which
//! starts more attributes: `Max-Age` and further `Expires` ones.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::__fuzz::{parse_cookie_date, read_set_cookie};
use tower_cookie_consent_fuzz::wire::{self, cookie_date_spec};

/// A fixed now (2025-11-29), so that runs repeat.
const NOW: i64 = 1_764_380_000;

fuzz_target!(|value: &[u8]| {
    let read = parse_cookie_date(value);
    assert_eq!(
        read,
        cookie_date_spec::parse(value),
        "{:?}",
        String::from_utf8_lossy(value)
    );
    // A date the algorithm accepts lies between 1601 and the end of 9999.
    if let Some(at) = read {
        assert!((-11_644_473_600..=253_402_300_799).contains(&at));
    }

    let line = [&b"_fbp=1; Expires="[..], value].concat();
    assert_eq!(
        read_set_cookie(&line, NOW).deletion,
        wire::read_line(&line, NOW).deletion,
        "{:?}",
        String::from_utf8_lossy(&line)
    );
});
