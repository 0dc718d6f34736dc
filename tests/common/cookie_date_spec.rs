//! RFC 6265bis (draft 22) §5.1.1, the cookie-date algorithm, transliterated
//! step by step from the spec text. It judges the library's own reader
//! (`src/cookie/set_cookie/date.rs`) in the unit tests, the properties and the fuzz
//! targets, so it shares none of its code and is written for plainness,
//! not speed: tokens are collected into vectors, each production is
//! matched by trying every way its ABNF could split the token, and dates
//! are counted a year and a month at a time.

/// Step 1's grammar: `non-delimiter = %x00-08 / %x0A-1F / DIGIT / ":" /
/// ALPHA / %x7F-FF`; every other byte is a delimiter.
pub fn is_non_delimiter(b: u8) -> bool {
    b <= 0x08
        || (0x0a..=0x1f).contains(&b)
        || b.is_ascii_digit()
        || b == b':'
        || b.is_ascii_alphabetic()
        || b >= 0x7f
}

/// Step 1: the date-tokens, each a maximal run of non-delimiters.
pub fn date_tokens(text: &[u8]) -> Vec<Vec<u8>> {
    let mut tokens = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    for &b in text {
        if is_non_delimiter(b) {
            current.get_or_insert_with(Vec::new).push(b);
        } else if let Some(token) = current.take() {
            tokens.push(token);
        }
    }
    tokens.extend(current);
    tokens
}

/// `[ non-digit *OCTET ]`: nothing, or anything that starts with a byte
/// that is not a digit.
fn is_optional_tail(rest: &[u8]) -> bool {
    rest.first().is_none_or(|b| !b.is_ascii_digit())
}

fn all_digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

fn value_of(digits: &[u8]) -> i64 {
    std::str::from_utf8(digits)
        .expect("digits are ASCII")
        .parse()
        .expect("at most four digits")
}

/// `n DIGIT [ non-digit *OCTET ]` for some n in `lengths`: the number.
fn digits_then_tail(token: &[u8], lengths: std::ops::RangeInclusive<usize>) -> Option<i64> {
    for n in lengths {
        if token.len() >= n && all_digits(&token[..n]) && is_optional_tail(&token[n..]) {
            return Some(value_of(&token[..n]));
        }
    }
    None
}

/// `time = hms-time [ non-digit *OCTET ]`, `hms-time = time-field ":"
/// time-field ":" time-field`, `time-field = 1*2DIGIT`: every split of the
/// three fields into one or two digits is tried.
pub fn match_time(token: &[u8]) -> Option<(i64, i64, i64)> {
    for a in 1..=2 {
        for b in 1..=2 {
            for c in 1..=2 {
                let colon1 = a;
                let colon2 = a + 1 + b;
                let end = colon2 + 1 + c;
                if token.len() < end {
                    continue;
                }
                let hour = &token[..colon1];
                let minute = &token[colon1 + 1..colon2];
                let second = &token[colon2 + 1..end];
                if all_digits(hour)
                    && token[colon1] == b':'
                    && all_digits(minute)
                    && token[colon2] == b':'
                    && all_digits(second)
                    && is_optional_tail(&token[end..])
                {
                    return Some((value_of(hour), value_of(minute), value_of(second)));
                }
            }
        }
    }
    None
}

/// `day-of-month = 1*2DIGIT [ non-digit *OCTET ]`.
pub fn match_day_of_month(token: &[u8]) -> Option<i64> {
    digits_then_tail(token, 1..=2)
}

/// `month = ( "jan" / ... / "dec" ) *OCTET`, ABNF strings being
/// case-insensitive.
pub fn match_month(token: &[u8]) -> Option<i64> {
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if token.len() < 3 {
        return None;
    }
    let start = token[..3].to_ascii_lowercase();
    let index = names.iter().position(|name| name.as_bytes() == start)?;
    Some(index as i64 + 1)
}

/// `year = 2*4DIGIT [ non-digit *OCTET ]`.
pub fn match_year(token: &[u8]) -> Option<i64> {
    digits_then_tail(token, 2..=4)
}

/// The parsed-cookie-date: year, month, day, hour, minute, second (UTC).
pub type DateFields = (i64, i64, i64, i64, i64, i64);

/// The algorithm, steps 1 to 6: the date's fields, or `None` where the
/// spec says "abort these steps and fail to parse". Its comparisons are
/// the spec's words ("less than 1 or greater than 31").
#[allow(clippy::manual_range_contains)]
pub fn parse_fields(text: &[u8]) -> Option<DateFields> {
    let mut found_time = false;
    let mut found_day_of_month = false;
    let mut found_month = false;
    let mut found_year = false;
    let (mut hour_value, mut minute_value, mut second_value) = (0, 0, 0);
    let (mut day_of_month_value, mut month_value, mut year_value) = (0, 0, 0);

    // Step 2: each date-token in turn; "if the found-time flag is not set
    // and the token matches the time production", and so on.
    for token in date_tokens(text) {
        // 2.1
        if let (false, Some((h, m, s))) = (found_time, match_time(&token)) {
            found_time = true;
            (hour_value, minute_value, second_value) = (h, m, s);
            continue;
        }
        // 2.2
        if let (false, Some(d)) = (found_day_of_month, match_day_of_month(&token)) {
            found_day_of_month = true;
            day_of_month_value = d;
            continue;
        }
        // 2.3
        if let (false, Some(m)) = (found_month, match_month(&token)) {
            found_month = true;
            month_value = m;
            continue;
        }
        // 2.4
        if let (false, Some(y)) = (found_year, match_year(&token)) {
            found_year = true;
            year_value = y;
        }
    }
    // Step 3.
    if (70..=99).contains(&year_value) {
        year_value += 1900;
    }
    // Step 4.
    if (0..=69).contains(&year_value) {
        year_value += 2000;
    }
    // Step 5.
    if !found_day_of_month || !found_month || !found_year || !found_time {
        return None;
    }
    if day_of_month_value < 1 || day_of_month_value > 31 {
        return None;
    }
    if year_value < 1601 || hour_value > 23 || minute_value > 59 || second_value > 59 {
        return None;
    }
    // Step 6: "If no such date exists, abort these steps".
    if day_of_month_value > month_lengths(year_value)[(month_value - 1) as usize] {
        return None;
    }
    Some((
        year_value,
        month_value,
        day_of_month_value,
        hour_value,
        minute_value,
        second_value,
    ))
}

fn month_lengths(year: i64) -> [i64; 12] {
    let leap = year % 400 == 0 || (year % 100 != 0 && year % 4 == 0);
    let february = if leap { 29 } else { 28 };
    [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
}

fn year_length(year: i64) -> i64 {
    month_lengths(year).iter().sum()
}

/// Unix seconds of a date, counted a year and a month at a time.
pub fn unix_seconds((year, month, day, hour, minute, second): DateFields) -> i64 {
    let mut days = 0;
    if year >= 1970 {
        for y in 1970..year {
            days += year_length(y);
        }
    } else {
        for y in year..1970 {
            days -= year_length(y);
        }
    }
    for m in 1..month {
        days += month_lengths(year)[(m - 1) as usize];
    }
    days += day - 1;
    ((days * 24 + hour) * 60 + minute) * 60 + second
}

/// The algorithm's result in Unix seconds.
pub fn parse(text: &[u8]) -> Option<i64> {
    parse_fields(text).map(unix_seconds)
}
