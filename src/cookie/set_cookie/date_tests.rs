//! The cookie-date reader against known dates and against a second,
//! independent reading: the spec's steps transliterated in
//! `tests/common/cookie_date_spec.rs`.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::*;

use crate::wire::cookie_date_spec as spec;

/// Text, what it reads as (Unix seconds), `None` where the algorithm fails.
const KNOWN: &[(&str, Option<i64>)] = &[
    ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
    ("Wed, 21 Oct 2099 07:28:00 GMT", Some(4_096_250_880)),
    // RFC 850 dashes, no weekday, any order, any case, a time zone.
    ("Wed, 21-Oct-2099 07:28:00 GMT", Some(4_096_250_880)),
    ("21 Oct 2099 07:28:00", Some(4_096_250_880)),
    ("2099 oct 21 07:28:00", Some(4_096_250_880)),
    ("07:28:00 OCTOBER 21 2099", Some(4_096_250_880)),
    ("Wed, 21 Oct 2099 07:28:00 UTC", Some(4_096_250_880)),
    ("Wed, 21 Oct 2099 07:28:00 GMT+2", Some(4_096_250_880)),
    ("Wed, 21 Oct 2099 07:28:00 +0200", Some(4_096_250_880)),
    (
        "Wed, 21 Oct 2099 07:28:00 GMT-0800 (PST)",
        Some(4_096_250_880),
    ),
    ("21st Octopus 2099 7:8:9pm", Some(4_096_249_689)),
    // The weekday is never checked: 7 August 2007 was a Tuesday.
    ("Fri, 07 Aug 2007 08:04:19 GMT", Some(1_186_473_859)),
    ("Sunday, 06-Nov-94 08:49:37 GMT", Some(784_111_777)),
    ("Sun Nov  6 08:49:37 1994", Some(784_111_777)),
    // Two-digit years: 70-99 are 19xx, 0-69 are 20xx; so are 00xx.
    ("01 Jan 70 00:00:00", Some(0)),
    ("01 Jan 69 00:00:00", Some(3_124_224_000)),
    ("01 Jan 99 00:00:00", Some(915_148_800)),
    ("01 Jan 00 00:00:00", Some(946_684_800)),
    ("01 Jan 0070 00:00:00", Some(0)),
    // Leap years.
    ("29 Feb 2000 12:00:00", Some(951_825_600)),
    ("29 Feb 2024 00:00:00", Some(1_709_164_800)),
    ("29 Feb 1900 00:00:00", None),
    ("29 Feb 2023 00:00:00", None),
    ("30 Feb 2024 00:00:00", None),
    ("31 Apr 2024 00:00:00", None),
    // Limits.
    ("31 Dec 9999 23:59:59", Some(253_402_300_799)),
    ("01 Jan 1601 00:00:00", Some(-11_644_473_600)),
    ("31 Dec 1969 23:59:59", Some(-1)),
    ("31 Dec 1600 23:59:59", None),
    ("00 Jan 2000 00:00:00", None),
    ("32 Jan 2000 00:00:00", None),
    ("01 Jan 2000 24:00:00", None),
    ("01 Jan 2000 00:60:00", None),
    ("01 Jan 2000 00:00:60", None),
    // The first token that matches a production takes it.
    ("Oct 99 21 07:28:00", None),
    ("01 Jan 2000 07:28:000", None),
    ("01 Jan 2000 1:2:3:4", Some(946_688_523)),
    ("01 Jan 2000 07:28:00 08:00:00", Some(946_711_680)),
    ("01\u{1}Jan 2000 00:00:00", None),
    ("01 Jan 2000 00:00:00\u{1}", Some(946_684_800)),
    ("01 Jan 12345 00:00:00", None),
    ("001 Jan 2000 00:00:00", None),
    // Missing parts.
    ("", None),
    ("yesterday", None),
    ("Wed, 21 Oct 2099", None),
    ("21 2099 07:28:00", None),
    ("Wed, 21 Oct 07:28:00", None),
];

#[test]
fn known_dates() {
    for &(text, expected) in KNOWN {
        assert_eq!(parse(text.as_bytes()), expected, "{text:?}");
        assert_eq!(spec::parse(text.as_bytes()), expected, "spec: {text:?}");
    }
}

#[test]
fn delimiters_are_the_complement_of_non_delimiters() {
    for b in 0..=255u8 {
        assert_ne!(is_delimiter(b), spec::is_non_delimiter(b), "{b:#x}");
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[test]
fn every_day_of_four_centuries() {
    // From 1 January 1900 (-2208988800) to 31 December 2299, one day after
    // the other, in a format that names every field.
    let mut expected = -2_208_988_800;
    for year in 1900..2300 {
        for (m, name) in MONTHS.iter().enumerate() {
            for day in 1..=31 {
                let text = format!("{day} {name} {year} 00:00:00");
                let read = parse(text.as_bytes());
                if day > days_in_month(year, m as u32 + 1) {
                    assert_eq!(read, None, "{text}");
                    assert_eq!(spec::parse(text.as_bytes()), None, "{text}");
                } else {
                    assert_eq!(read, Some(expected), "{text}");
                    expected += 86_400;
                }
            }
        }
    }
}

/// Tokens that a date is made of, and near misses of each production.
const PIECES: &[&str] = &[
    "Thu",
    "Wed",
    "Sunday",
    "GMT",
    "UTC",
    "Z",
    "PST",
    "am",
    "pm",
    "Jan",
    "feb",
    "MAR",
    "Apr",
    "may",
    "Jun",
    "jul",
    "Aug",
    "Sept",
    "October",
    "nov",
    "DECEMBER",
    "Ju",
    "Octopus",
    "0",
    "1",
    "07",
    "21",
    "29",
    "30",
    "31",
    "32",
    "99",
    "00",
    "69",
    "70",
    "123",
    "1601",
    "1600",
    "1970",
    "2000",
    "2099",
    "9999",
    "12345",
    "0070",
    "07:28:00",
    "7:8:9",
    "23:59:59",
    "24:00:00",
    "00:60:00",
    "00:00:60",
    "1:2:3:4",
    "07:28:000",
    "07:28",
    "071:2:3",
    "12:30:45pm",
    "21st",
    "2099x",
    "GMT+2",
    "+0200",
    "-0800",
    "\u{1}",
    "\u{7f}",
    "\u{e9}",
];

const DELIMITERS: &[&str] = &[
    " ", ", ", "-", "\t", "/", ";", "=", "(", ")", ".", "+", "  ", "",
];

/// A date in the usual format with its fields in range or just out of it,
/// one byte replaced (often one that changes nothing).
fn near_date() -> impl Strategy<Value = Vec<u8>> {
    (
        (1601u32..10_000, 0usize..12, 0u32..=32),
        (0u32..=24, 0u32..=60, 0u32..=60),
        any::<prop::sample::Index>(),
        any::<u8>(),
    )
        .prop_map(|((y, mo, d), (h, mi, s), at, b)| {
            let month = MONTHS[mo];
            let mut text =
                format!("Mon, {d:02} {month} {y} {h:02}:{mi:02}:{s:02} GMT").into_bytes();
            let i = at.index(text.len());
            text[i] = b;
            text
        })
}

fn date_ish() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => vec((select(PIECES), select(DELIMITERS)), 0..9).prop_map(|parts| {
            let mut text = Vec::new();
            for (piece, delimiter) in parts {
                text.extend_from_slice(piece.as_bytes());
                text.extend_from_slice(delimiter.as_bytes());
            }
            text
        }),
        3 => near_date(),
        1 => vec(any::<u8>(), 0..40),
        1 => vec(select(b"0123456789: -,JanOctGMT".to_vec()), 0..30),
    ]
}

proptest! {
    #[test]
    fn reads_as_the_spec_steps_do(text in date_ish()) {
        prop_assert_eq!(parse(&text), spec::parse(&text), "{:?}", String::from_utf8_lossy(&text));
    }
}
