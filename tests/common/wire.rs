//! Reading cookie headers the way RFC 6265bis tells a browser to, written
//! here from the spec so the tests do not judge the layer with its own
//! reader.

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
    /// A browser keeps it: no control character but tab, not both empty,
    /// name + value at most 4096 bytes.
    pub kept_by_browser: bool,
    /// It expires the cookie at once.
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
    let control = line.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f);
    let empty = name.is_empty() && value.is_empty();
    let kept_by_browser = !control && !empty && name.len() + value.len() <= 4096;

    // §5.6: attributes with values over 1024 bytes are ignored; the last
    // Max-Age that is an optional '-' and digits wins and beats Expires.
    let mut max_age: Option<bool> = None;
    let mut expires: Option<bool> = None;
    for attribute in attributes.into_iter().flat_map(|a| a.split(|&b| b == b';')) {
        let (key, val) = match attribute.iter().position(|&b| b == b'=') {
            Some(i) => (trim(&attribute[..i]), trim(&attribute[i + 1..])),
            None => (trim(attribute), &attribute[..0]),
        };
        if val.len() > 1024 {
            continue;
        }
        if key.eq_ignore_ascii_case(b"max-age") {
            let digits = val.strip_prefix(b"-").unwrap_or(val);
            if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
                let zero = digits.iter().all(|&d| d == b'0');
                max_age = Some(val.starts_with(b"-") || zero);
            }
        } else if key.eq_ignore_ascii_case(b"expires") {
            let date = std::str::from_utf8(val)
                .ok()
                .and_then(|t| httpdate::parse_http_date(t).ok());
            if let Some(date) = date {
                let unix = match date.duration_since(std::time::UNIX_EPOCH) {
                    Ok(after) => after.as_secs() as i64,
                    Err(before) => -(before.duration().as_secs() as i64),
                };
                expires = Some(unix <= now);
            }
        }
    }
    Line {
        name,
        value,
        kept_by_browser,
        deletion: max_age.or(expires).unwrap_or(false),
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
