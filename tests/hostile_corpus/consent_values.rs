//! Consent cookie values given to `Preferences::decode`: anything that is
//! not exactly a consent record means "no decision", never a panic.

use tower_cookie_consent::{MAX_ENCODED_LEN, PreferencesError};

use super::{Case, Expect, Input, b};

const ID: &str = "07070707070707070707070707070707";

/// A valid record, raw JSON, with `extra` spliced in before the last `}`.
pub fn record(extra: &str) -> String {
    format!(r#"{{"v":1,"id":"{ID}","at":1764380000,"categories":{{"statistical":false}}{extra}}}"#)
}

fn oversized(e: &PreferencesError) -> bool {
    *e == PreferencesError::Oversized
}
fn bad_encoding(e: &PreferencesError) -> bool {
    *e == PreferencesError::BadEncoding
}
fn bad_json(e: &PreferencesError) -> bool {
    matches!(e, PreferencesError::BadJson(_))
}
fn unknown_version(e: &PreferencesError) -> bool {
    *e == PreferencesError::UnknownVersion(3)
}

/// `depth` nested arrays.
pub fn nested(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

pub fn cases() -> Vec<Case> {
    let no = |name: &str, value: Vec<u8>, why: fn(&PreferencesError) -> bool| {
        Case::new(name, Input::ConsentValue(value), Expect::NoDecision(why))
    };
    let yes =
        |name: &str, value: Vec<u8>| Case::new(name, Input::ConsentValue(value), Expect::Decision);
    let padded_to = |len: usize| {
        let base = record(r#","pad":"""#).len();
        record(&format!(r#","pad":"{}""#, "x".repeat(len - base))).into_bytes()
    };
    vec![
        no("empty value", b(""), bad_json),
        no("lone %", b("%"), bad_encoding),
        no("% then non-hex", b("%zz%7B"), bad_encoding),
        no("% at the end", b("%7B%2"), bad_encoding),
        no(
            "escape of a truncated UTF-8 sequence",
            b("%E2%82"),
            bad_encoding,
        ),
        no(
            "escapes of bytes that are not UTF-8",
            b("%FF%FE"),
            bad_encoding,
        ),
        no(
            "raw bytes that are not UTF-8",
            b"{\xff}".to_vec(),
            bad_encoding,
        ),
        yes("raw (unencoded) JSON record", b(&record(""))),
        yes(
            "percent-encoded record",
            b(&record("").replace('"', "%22").replace(',', "%2C")),
        ),
        yes(
            "whitespace around the record",
            b(&format!("%20%09{}%0A", record(""))),
        ),
        no(
            "byte order mark first",
            b(&format!("%EF%BB%BF{}", record(""))),
            bad_json,
        ),
        no("JSON null", b("null"), bad_json),
        no("JSON array", b("[]"), bad_json),
        no(
            "the record's fields as an array",
            b(&format!(r#"[1,"{ID}",1764380000,{{}}]"#)),
            bad_json,
        ),
        no("trailing garbage", b(&format!("{}x", record(""))), bad_json),
        no(
            "version 3",
            b(&record("").replace(r#""v":1"#, r#""v":3"#)),
            unknown_version,
        ),
        yes(
            "version 1 with a service granted by `true`",
            b(&record(r#","services":{"matomo":true}"#)),
        ),
        no(
            "version 1 with a service granted by a revision",
            b(&record(r#","services":{"matomo":"a91f03c2"}"#)),
            bad_json,
        ),
        no(
            "version 2 with a service granted by `true`",
            b(&record(r#","services":{"matomo":true}"#).replace(r#""v":1"#, r#""v":2"#)),
            bad_json,
        ),
        yes(
            "version 2 with a service granted by a revision",
            b(&record(r#","services":{"matomo":"a91f03c2"}"#).replace(r#""v":1"#, r#""v":2"#)),
        ),
        no(
            "version as a string",
            b(&record("").replace(r#""v":1"#, r#""v":"1""#)),
            bad_json,
        ),
        no(
            "duplicated field",
            b(&record(r#","id":"08080808080808080808080808080808""#)),
            bad_json,
        ),
        no(
            "id of 31 digits",
            b(&record("").replace(ID, &ID[1..])),
            bad_json,
        ),
        no(
            "id in upper case",
            b(&record("").replace(ID, &ID.replace('7', "A"))),
            bad_json,
        ),
        no(
            "at as a float",
            b(&record("").replace("1764380000", "1.5")),
            bad_json,
        ),
        no(
            "at overflowing i64",
            b(&record("").replace("1764380000", "9223372036854775808")),
            bad_json,
        ),
        no(
            "at as 1e400",
            b(&record("").replace("1764380000", "1e400")),
            bad_json,
        ),
        no(
            "a category granted with true",
            b(&record("").replace(":false", ":true")),
            bad_json,
        ),
        no(
            "a service set to 1",
            b(&record(r#","services":{"matomo":1}"#)),
            bad_json,
        ),
        no(
            "a NUL inside a string",
            b(&record("").replace("statistical", "stat%00")),
            bad_json,
        ),
        no(
            "a lone surrogate escape",
            b(&record("").replace("statistical", r"\ud800")),
            bad_json,
        ),
        // serde_json skips an ignored value without recursing, so depth
        // costs no stack there; a known field refuses the first '['.
        yes(
            "an unknown field nested 1 900 deep",
            b(&record(&format!(r#","x":{}"#, nested(1900)))),
        ),
        no(
            "a category's grant nested 1 900 deep",
            b(&record("").replace("false", &nested(1900))),
            bad_json,
        ),
        yes("exactly the longest value read", padded_to(MAX_ENCODED_LEN)),
        no(
            "one byte over the longest value",
            padded_to(MAX_ENCODED_LEN + 1),
            oversized,
        ),
        no("1 MB", vec![b'%'; 1 << 20], oversized),
    ]
}
