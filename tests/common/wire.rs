//! Reading cookie headers the way RFC 6265bis tells a browser to (and, for
//! expiry, the way Chromium and Firefox do), written here from the spec so
//! the tests do not judge the layer with its own reader.

#[path = "cookie_date_spec.rs"]
pub mod cookie_date_spec;

/// Trims spaces and horizontal tabs at both ends.
pub fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// One `Set-Cookie` line as a browser reads it (§5.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// Before the first `=` of the pair, trimmed; empty without `=`.
    pub name: &'a [u8],
    /// After that `=`, trimmed (the whole pair without `=`).
    pub value: &'a [u8],
    /// The name a server reads the cookie back as: `name`, or for a
    /// nameless line (which the browser sends back as its bare value) the
    /// value's text before its first `=`, trimmed; empty if it has none.
    pub read_back: &'a [u8],
    /// A browser keeps it: no control character but tab, not both empty,
    /// name + value at most 4096 bytes.
    pub kept_by_browser: bool,
    /// It expires the cookie at once in every reading a browser may make:
    /// see [`expiry_readings`].
    pub deletion: bool,
}

/// Reads one `Set-Cookie` line; `now` is Unix seconds.
pub fn read_line(line: &[u8], now: i64) -> Line<'_> {
    let (pair, attributes) = match line.iter().position(|&b| b == b';') {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => (line, None),
    };
    let (name, value) = match pair.iter().position(|&b| b == b'=') {
        Some(i) => (trim(&pair[..i]), trim(&pair[i + 1..])),
        None => (&pair[..0], trim(pair)),
    };
    let read_back = if !name.is_empty() {
        name
    } else {
        match value.iter().position(|&b| b == b'=') {
            Some(i) => trim(&value[..i]),
            None => &value[..0],
        }
    };
    let control = line.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f);
    let empty = name.is_empty() && value.is_empty();
    let kept_by_browser = !control && !empty && name.len() + value.len() <= 4096;

    // §5.6: attributes with values over 1024 bytes are ignored (Chromium
    // and Firefox ignore them too); names are case-insensitive.
    let mut kept: Vec<(Vec<u8>, &[u8])> = Vec::new();
    for attribute in attributes.into_iter().flat_map(|a| a.split(|&b| b == b';')) {
        let (key, val) = match attribute.iter().position(|&b| b == b'=') {
            Some(i) => (trim(&attribute[..i]), trim(&attribute[i + 1..])),
            None => (trim(attribute), &attribute[..0]),
        };
        if val.len() <= 1024 {
            kept.push((key.to_ascii_lowercase(), val));
        }
    }
    let deletion = expiry_readings(&kept)
        .iter()
        .all(|reading| reading.is_some_and(|at| at <= now));
    Line {
        name,
        value,
        read_back,
        kept_by_browser,
        deletion,
    }
}

/// The name a reader that decodes cookie names (the `cookie` crate's
/// `parse_encoded`, behind tower-cookies and axum-extra) sees, when it
/// differs from the raw bytes: the name is trimmed of Unicode white space
/// (`str::trim`), then every `%` followed by two hex digits is decoded
/// (WHATWG URL "percent-decode"). A name that is not UTF-8, trims to
/// nothing or does not decode to UTF-8 makes that reader drop the cookie,
/// so there is no such reading.
pub fn decoded_name(raw: &[u8]) -> Option<Vec<u8>> {
    let name = std::str::from_utf8(raw).ok()?.trim().as_bytes();
    if name.is_empty() {
        return None;
    }
    let hex = |b: u8| char::from(b).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(name.len());
    let mut i = 0;
    while i < name.len() {
        let escape = match (name[i], name.get(i + 1), name.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escape {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(name[i]);
                i += 1;
            }
        }
    }
    (out != raw && std::str::from_utf8(&out).is_ok()).then_some(out)
}

/// When each reading a browser may make of these attributes (lower-case
/// names, in order) expires the cookie, Unix seconds (`i64::MIN`: at
/// once); `None` for a session cookie. Dates are read with the spec's
/// cookie-date algorithm in all three.
///
/// - RFC 6265bis §5.6: an invalid `Max-Age` or unreadable `Expires` is
///   ignored; the last of each left counts, `Max-Age` first.
/// - Chromium: the last `Max-Age` counts if it is an integer (`+` or `-`,
///   digits, within 64 bits), else the last `Expires`, else none.
/// - Firefox: the last `Max-Age` counts if it starts with `-` (expired)
///   or is all digits, else the last `Expires`, else none.
pub fn expiry_readings(attributes: &[(Vec<u8>, &[u8])]) -> [Option<i64>; 3] {
    let values = |name: &str| -> Vec<&[u8]> {
        attributes
            .iter()
            .filter(|(key, _)| key == name.as_bytes())
            .map(|(_, val)| *val)
            .collect()
    };
    let max_ages = values("max-age");
    let expires = values("expires");
    let date = |val: &[u8]| cookie_date_spec::parse(val);
    let after_seconds = |negative_or_zero: bool| if negative_or_zero { i64::MIN } else { i64::MAX };

    let spec_max_age = max_ages.iter().rev().find_map(|val| {
        let text = std::str::from_utf8(val).ok()?;
        let digits = text.strip_prefix('-').unwrap_or(text);
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.starts_with('-') || digits.bytes().all(|b| b == b'0'))
    });
    let spec = match spec_max_age {
        Some(expired) => Some(after_seconds(expired)),
        None => expires.iter().rev().find_map(|val| date(val)),
    };

    let last_expires = expires.last().and_then(|val| date(val));
    let chromium_max_age = max_ages.last().and_then(|val| {
        let text = std::str::from_utf8(val).ok()?;
        let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse::<i64>()
            .ok()
            .map(|seconds| after_seconds(seconds <= 0))
    });
    let chromium = chromium_max_age.or(last_expires);

    let firefox_max_age = max_ages.last().and_then(|val| {
        if val.first() == Some(&b'-') {
            Some(i64::MIN)
        } else if !val.is_empty() && val.iter().all(u8::is_ascii_digit) {
            Some(after_seconds(val.iter().all(|&b| b == b'0')))
        } else {
            None
        }
    });
    let firefox = firefox_max_age.or(last_expires);
    [spec, chromium, firefox]
}

/// The (name, value) pairs of `Cookie` fields: split on `;`, trimmed,
/// empty pairs skipped, a pair without `=` has the empty name.
pub fn cookie_pairs(field: &[u8]) -> Vec<(&[u8], &[u8])> {
    field
        .split(|&b| b == b';')
        .map(trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.iter().position(|&b| b == b'=') {
            Some(i) => (trim(&p[..i]), trim(&p[i + 1..])),
            None => (&p[..0], p),
        })
        .collect()
}
