//! Whether a `Set-Cookie` line deletes its cookie. Browsers read the
//! attributes that decide it differently, and a line that one of them
//! reads as setting a cookie sets it there; so a line counts as a deletion
//! only when every reading below expires the cookie:
//!
//! - RFC 6265bis §5.6: a `Max-Age` that is not `-` or a digit followed by
//!   digits, or an `Expires` that is not a cookie date, is ignored; the
//!   last `Max-Age` left decides, else the last `Expires` left.
//! - Chromium: the last `Max-Age` attribute decides if it is an integer
//!   (`+` or `-`, digits, within 64 bits); if not, the last `Expires`
//!   attribute, if it is a date; if not, the cookie lives for the session.
//! - Firefox: the last `Max-Age` attribute decides if it starts with `-`
//!   (expired) or is all digits; if not, the last `Expires` attribute, as
//!   in Chromium.
//!
//! Attributes whose value is over 1024 bytes are ignored in all three.
//! Dates are read with the spec's cookie-date algorithm ([`cookie_date`])
//! in all three: it stands in for each browser's own date reader.

use crate::cookie::set_cookie::date;

/// The end of a cookie that a `Max-Age` of zero or less gives: at once.
const AT_ONCE: i64 = i64::MIN;
/// The end a positive `Max-Age` gives: after now, whenever now is.
const LATER: i64 = i64::MAX;

/// The attributes that decide whether a line deletes its cookie, read in
/// each way a browser may read them: each field is an end, Unix seconds
/// or [`AT_ONCE`] or [`LATER`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Expiry {
    /// The last valid `Max-Age` (the spec's reading).
    max_age: Option<i64>,
    /// The last `Expires` that is a date (the spec's reading).
    expires: Option<i64>,
    /// The last `Max-Age` attribute, if Chromium reads it as an integer.
    chromium_max_age: Option<i64>,
    /// The last `Max-Age` attribute, if Firefox reads it as a number.
    firefox_max_age: Option<i64>,
    /// The last `Expires` attribute, if it is a date.
    last_expires: Option<i64>,
}

impl Expiry {
    /// Reads `Max-Age` and `Expires` from a line's attributes.
    pub(crate) fn of(attributes: &[u8]) -> Self {
        let mut expiry = Expiry::default();
        if attributes.is_empty() {
            return expiry;
        }
        for (key, val) in crate::cookie::set_cookie::attribute_pairs(attributes) {
            expiry.note(key, val);
        }
        expiry
    }

    /// Takes one attribute into account; false if it is neither `Max-Age`
    /// nor `Expires`.
    pub(crate) fn note(&mut self, key: &[u8], val: &[u8]) -> bool {
        if key.eq_ignore_ascii_case(b"max-age") {
            let end = |at_once: bool| if at_once { AT_ONCE } else { LATER };
            if let Some(at_once) = spec_max_age(val) {
                self.max_age = Some(end(at_once));
            }
            self.chromium_max_age = chromium_max_age(val).map(end);
            self.firefox_max_age = firefox_max_age(val).map(end);
        } else if key.eq_ignore_ascii_case(b"expires") {
            let date = date::parse(val);
            if date.is_some() {
                self.expires = date;
            }
            self.last_expires = date;
        } else {
            return false;
        }
        true
    }

    /// Whether every reading expires the cookie by `now()`, which is only
    /// asked for when a date decides.
    pub(crate) fn is_deletion(self, now: impl FnOnce() -> i64) -> bool {
        let readings = [
            self.max_age.or(self.expires),
            self.chromium_max_age.or(self.last_expires),
            self.firefox_max_age.or(self.last_expires),
        ];
        let mut latest = AT_ONCE;
        for end in readings {
            // No end: a session cookie, which the browser keeps.
            let Some(end) = end else { return false };
            latest = latest.max(end);
        }
        match latest {
            AT_ONCE => true,
            LATER => false,
            at => at <= now(),
        }
    }
}

/// RFC 6265bis: valid when it is an optional `-` then digits; whether it
/// expires the cookie at once (zero or less).
fn spec_max_age(value: &[u8]) -> Option<bool> {
    let (negative, digits) = match value.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, value),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(negative || digits.iter().all(|&d| d == b'0'))
}

/// Chromium (`base::StringToInt64`): an optional sign then digits, within
/// 64 bits; whether it is zero or less.
fn chromium_max_age(value: &[u8]) -> Option<bool> {
    let (negative, digits) = match value.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, value),
    };
    if digits.is_empty() {
        return None;
    }
    let mut magnitude: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(d - b'0'))?;
    }
    let limit = if negative {
        i64::MIN.unsigned_abs()
    } else {
        i64::MAX.unsigned_abs()
    };
    (magnitude <= limit).then_some(negative || magnitude == 0)
}

/// Firefox: a leading `-` expires the cookie whatever follows; otherwise
/// only digits are a number.
fn firefox_max_age(value: &[u8]) -> Option<bool> {
    match value.first()? {
        b'-' => Some(true),
        _ if value.iter().all(u8::is_ascii_digit) => Some(value.iter().all(|&d| d == b'0')),
        _ => None,
    }
}

#[cfg(test)]
#[path = "expiry_tests.rs"]
mod tests;
