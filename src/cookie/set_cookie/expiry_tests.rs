//! Deletions: known lines, and generated ones against the independent
//! reading of `tests/common/wire.rs` (the spec's, Chromium's and Firefox's
//! readings, with the spec's steps for dates).

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::*;

use crate::wire;

const NOW: i64 = 1_764_380_000;

fn deletes(attributes: &str) -> bool {
    Expiry::of(attributes.as_bytes()).is_deletion(|| NOW)
}

#[test]
fn deletions() {
    for attributes in [
        " Max-Age=0",
        " max-age=-1",
        " MAX-AGE=0; Path=/",
        " Max-Age=-0",
        " Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        " expires=Sunday, 06-Nov-94 08:49:37 GMT",
        " EXPIRES=Sun Nov  6 08:49:37 1994",
        " Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=0",
        // A weekday the date does not fall on, `UTC`, dashes, two digits.
        " Expires=Fri, 07 Aug 2007 08:04:19 GMT",
        " Expires=Thu, 01-Jan-70 00:00:00 UTC",
        " Expires=Thu, 01 Jan 1970 00:00:00 GMT+2",
        // Every reading takes the last Max-Age, which is valid everywhere.
        " Max-Age=5; Max-Age=0",
        " Max-Age=0x; Max-Age=0",
        // An unreadable Expires before a readable past one.
        " Expires=yesterday; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        // A past date, with no Max-Age any browser would read.
        " Max-Age=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        " Max-Age=1x; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ] {
        assert!(deletes(attributes), "{attributes}");
    }
    for attributes in [
        "",
        " Path=/",
        " Max-Age=60",
        " Max-Age=0x",
        " Max-Age=",
        " Max-Age=-",
        " Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        " Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=10",
        " Expires=yesterday",
        " Max-Age=0x; Max-Age=5",
        " Max-Age=0; Max-Age=5",
        // A date that does not exist is no date.
        " Expires=Mon, 30 Feb 2009 00:00:00 GMT",
        // The spec: the last readable Expires, 1970; Chromium and Firefox:
        // the last Expires, 2099.
        " Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=Wed, 21-Oct-2099 07:28:00 GMT",
        // The spec: the last valid Max-Age, 0; Chromium and Firefox: `1x`
        // is not a number, so the Expires, 2099.
        " Max-Age=0; Max-Age=1x; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        // Chromium and Firefox: the last Expires is no date: a session cookie.
        " Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=soon",
        // Firefox reads no number in `+0`, so the Expires, 2099.
        " Max-Age=0; Max-Age=+0; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        // The spec ignores `+0`: no Max-Age, no Expires, a session cookie.
        " Max-Age=+0",
        // Chromium reads no integer beyond 64 bits: a session cookie.
        " Max-Age=-99999999999999999999999",
    ] {
        assert!(!deletes(attributes), "{attributes}");
    }
}

#[test]
fn max_age_readings() {
    for (value, spec, chromium, firefox) in [
        ("0", Some(true), Some(true), Some(true)),
        ("000", Some(true), Some(true), Some(true)),
        ("-1", Some(true), Some(true), Some(true)),
        ("-0", Some(true), Some(true), Some(true)),
        ("5", Some(false), Some(false), Some(false)),
        ("+0", None, Some(true), None),
        ("+5", None, Some(false), None),
        ("-", None, None, Some(true)),
        ("-x", None, None, Some(true)),
        ("", None, None, None),
        ("0x", None, None, None),
        ("1 2", None, None, None),
        ("9223372036854775807", Some(false), Some(false), Some(false)),
        ("9223372036854775808", Some(false), None, Some(false)),
        ("-9223372036854775808", Some(true), Some(true), Some(true)),
        ("-9223372036854775809", Some(true), None, Some(true)),
        ("99999999999999999999999", Some(false), None, Some(false)),
    ] {
        let v = value.as_bytes();
        assert_eq!(spec_max_age(v), spec, "spec {value:?}");
        assert_eq!(chromium_max_age(v), chromium, "chromium {value:?}");
        assert_eq!(firefox_max_age(v), firefox, "firefox {value:?}");
    }
}

#[test]
fn the_clock_is_read_only_when_a_date_decides() {
    let panics = || -> i64 { panic!("the clock was read") };
    assert!(Expiry::of(b" Max-Age=0").is_deletion(panics));
    assert!(!Expiry::of(b" Max-Age=5").is_deletion(panics));
    assert!(!Expiry::of(b" Path=/").is_deletion(panics));
    assert!(!Expiry::of(b" Max-Age=0; Max-Age=+0").is_deletion(panics));
}

const ATTRIBUTES: &[&str] = &[
    "Max-Age=0",
    "max-age=-1",
    "MAX-AGE=60",
    "Max-Age=+0",
    "Max-Age=-0",
    "Max-Age=0x",
    "Max-Age=1x",
    "Max-Age=",
    "Max-Age",
    "Max-Age=-",
    "Max-Age=-99999999999999999999",
    "Max-Age=9223372036854775808",
    "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    "expires=Sunday, 06-Nov-94 08:49:37 GMT",
    "Expires=Wed, 21 Oct 2099 07:28:00 GMT",
    "Expires=Wed, 21-Oct-2099 07:28:00 UTC",
    "Expires=Fri, 07 Aug 2007 08:04:19 GMT",
    "Expires=Mon, 30 Feb 2009 00:00:00 GMT",
    "Expires=01 Jan 69 00:00:00",
    "Expires=01 Jan 70 00:00:00",
    "Expires=yesterday",
    "Expires=",
    "Path=/",
    "Secure",
    "",
];

fn attribute() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => select(ATTRIBUTES).prop_map(|a| a.as_bytes().to_vec()),
        // Values over 1024 bytes, which every reading ignores.
        1 => (select(&["Max-Age=0", "Expires=Wed, 21 Oct 2099 07:28:00 GMT"][..]), 1015usize..1040)
            .prop_map(|(a, len)| {
                let mut attribute = a.as_bytes().to_vec();
                attribute.resize(len, b'0');
                attribute
            }),
        1 => vec(select(b"Max-AgeExpir=0x-+1 ,;:".to_vec()), 0..20),
    ]
}

proptest! {
    #[test]
    fn deletion_reads_as_the_independent_readings_do(
        attributes in vec(attribute(), 0..5)
    ) {
        let mut line = b"a=b".to_vec();
        for attribute in &attributes {
            line.extend_from_slice(b"; ");
            line.extend_from_slice(attribute);
        }
        let attributes = crate::cookie::set_cookie::head(&line).attributes;
        let read = Expiry::of(attributes).is_deletion(|| NOW);
        let expected = wire::read_line(&line, NOW).deletion;
        prop_assert_eq!(read, expected, "{}", String::from_utf8_lossy(&line));
    }
}
