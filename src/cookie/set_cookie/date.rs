//! The cookie-date algorithm of RFC 6265bis §5.1.1: how a browser reads an
//! `Expires` value. It is far looser than an HTTP date: it splits the text
//! into tokens and takes the first that looks like a time, a day, a month
//! and a year, ignoring everything else (the weekday, `GMT`, `UTC+2`).
//! Reading dates any other way would let a line pass as a deletion that a
//! browser keeps, or strip a deletion a browser performs.

/// The date a cookie-date names, in Unix seconds; `None` when the
/// algorithm fails to parse it.
pub(crate) fn parse(value: &[u8]) -> Option<i64> {
    let mut time = None;
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for token in value.split(|&b| is_delimiter(b)) {
        if token.is_empty() {
            continue;
        }
        // Each token counts for the first production it matches, among
        // those not found yet, in the spec's order.
        if time.is_none() {
            time = time_of(token);
            if time.is_some() {
                continue;
            }
        }
        if day.is_none() {
            day = leading_number(token, 1, 2);
            if day.is_some() {
                continue;
            }
        }
        if month.is_none() {
            month = month_of(token);
            if month.is_some() {
                continue;
            }
        }
        if year.is_none() {
            year = leading_number(token, 2, 4);
        }
    }
    let (hour, minute, second) = time?;
    let (day, month, year) = (day?, month?, year?);
    let year = match year {
        0..=69 => year + 2000,
        70..=99 => year + 1900,
        _ => year,
    };
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // "If no such date exists" (30 February): fail.
    if day > days_in_month(year, month) {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    Some(days * 86_400 + i64::from(hour * 3_600 + minute * 60 + second))
}

/// `%x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`: what separates tokens.
fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2f | 0x3b..=0x40 | 0x5b..=0x60 | 0x7b..=0x7e)
}

/// The number `token` starts with when it matches `min*max DIGIT
/// [ non-digit *OCTET ]`: the day-of-month (1 to 2 digits) and year (2 to 4
/// digits) productions.
fn leading_number(token: &[u8], min: usize, max: usize) -> Option<u32> {
    // Reading one digit past `max` tells a longer run from a match.
    let digits = token
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (min..=max)
        .contains(&digits)
        .then(|| number(&token[..digits]))
}

/// `hms-time [ non-digit *OCTET ]`, where `hms-time` is three fields of one
/// or two digits joined by `:`.
fn time_of(token: &[u8]) -> Option<(u32, u32, u32)> {
    let mut fields = [0; 3];
    let mut rest = token;
    for (i, field) in fields.iter_mut().enumerate() {
        let digits = rest
            .iter()
            .take(3)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=2).contains(&digits) {
            return None;
        }
        *field = number(&rest[..digits]);
        rest = &rest[digits..];
        if i < 2 {
            rest = rest.strip_prefix(b":")?;
        }
    }
    Some((fields[0], fields[1], fields[2]))
}

/// The month (1 to 12) a token names by its first three letters, in any
/// case; whatever follows them is ignored (`October`, `Oct.`).
fn month_of(token: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let prefix = token.get(..3)?;
    MONTHS
        .iter()
        .position(|m| prefix.eq_ignore_ascii_case(&m[..]))
        .map(|i| i as u32 + 1)
}

/// The value of at most four ASCII digits.
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'))
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1 January 1970 to the given date, in the proleptic Gregorian
/// calendar.
fn days_since_epoch(year: u32, month: u32, day: u32) -> i64 {
    /// Days from 1 January of year 1 to 1 January of `year`.
    fn days_before(year: u32) -> i64 {
        let past = i64::from(year) - 1;
        past * 365 + past / 4 - past / 100 + past / 400
    }
    const BEFORE_MONTH: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap_day = u32::from(month > 2 && is_leap(year));
    let in_year = BEFORE_MONTH[month as usize - 1] + leap_day + day - 1;
    days_before(year) - days_before(1970) + i64::from(in_year)
}

#[cfg(test)]
#[path = "date_tests.rs"]
mod tests;
