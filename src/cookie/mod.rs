//! Cookies on the wire, read the way browsers and cookie libraries read
//! them: the request's `Cookie` pairs, a `Set-Cookie` line and when it
//! deletes, a name as a percent-decoding reader sees it, and the consent
//! cookie's own format and signature. Nothing here knows the policy.

pub(crate) mod consent_cookie;
pub(crate) mod cookie_header;
pub(crate) mod decoded_name;
pub(crate) mod set_cookie;
pub(crate) mod signing;

/// The value of a hex digit of either case: percent-escapes and the
/// consent id's hex digits.
pub(crate) fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}
