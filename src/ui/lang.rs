//! `Lang`: the language of the banner and the policy page.

use std::fmt;

use http::HeaderMap;
use http::header::ACCEPT_LANGUAGE;

/// The languages the banner and the policy page are written in.
///
/// Chosen per request by [`Lang::negotiate`]: a `lang` query parameter
/// first, then the `Accept-Language` header, then English.
///
/// ```
/// use http::HeaderMap;
/// use tower_cookie_consent::Lang;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("accept-language", "fr-CA,fr;q=0.9,en;q=0.8".parse().unwrap());
/// assert_eq!(Lang::negotiate(None, &headers), Lang::Fr);
/// assert_eq!(Lang::negotiate(Some("lang=en"), &headers), Lang::En);
/// assert_eq!(Lang::negotiate(None, &HeaderMap::new()), Lang::En);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Lang {
    /// English. The default.
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The language's code, as in `lang="…"` and `?lang=…`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language for a code or a language tag (`fr`, `FR`, `fr-CA`);
    /// `None` for a language the pages are not written in.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else {
            None
        }
    }

    /// Picks the language for a request: the `lang` parameter of the query
    /// string (`lang=fr`) if it names a supported language, else the
    /// supported language the `Accept-Language` header ranks highest
    /// (earlier wins a tie), else English. Malformed input is ignored.
    pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
        if let Some(lang) = query.and_then(from_query) {
            return lang;
        }
        from_accept_language(headers).unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

fn from_query(query: &str) -> Option<Lang> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(key, _)| key == "lang")
        .find_map(|(_, value)| Lang::from_tag(&value))
}

/// The best supported language in `Accept-Language`, by quality value.
fn from_accept_language(headers: &HeaderMap) -> Option<Lang> {
    let mut best: Option<(Lang, u16)> = None;
    for field in headers.get_all(ACCEPT_LANGUAGE) {
        let Ok(field) = std::str::from_utf8(field.as_bytes()) else {
            continue;
        };
        for item in field.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_tag) else {
                continue;
            };
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(quality))
                .unwrap_or(Some(1000));
            let Some(quality) = quality else { continue };
            if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
    }
    best.map(|(lang, _)| lang)
}

/// A quality value (`0`, `0.8`, `1.000`) in thousandths; `None` if malformed.
fn quality(text: &str) -> Option<u16> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<Lang> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, value.parse().unwrap());
        from_accept_language(&headers)
    }

    #[test]
    fn accept_language_by_quality() {
        assert_eq!(accept("fr"), Some(Lang::Fr));
        assert_eq!(accept("de, en;q=0.5, fr;q=0.7"), Some(Lang::Fr));
        assert_eq!(accept("en-GB, fr;q=1"), Some(Lang::En));
        assert_eq!(accept("fr;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(accept("de, es"), None);
        assert_eq!(accept("fr;q=2, en;q=0.3"), Some(Lang::En));
        assert_eq!(accept("fr;q=abc"), None);
        assert_eq!(accept(""), None);
    }

    #[test]
    fn query_beats_header() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, "fr".parse().unwrap());
        assert_eq!(Lang::negotiate(Some("x=1&lang=en"), &headers), Lang::En);
        assert_eq!(Lang::negotiate(Some("lang=de"), &headers), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("lang=%ZZ"), &headers), Lang::Fr);
    }

    #[test]
    fn quality_values() {
        assert_eq!(quality("1"), Some(1000));
        assert_eq!(quality("0.8"), Some(800));
        assert_eq!(quality("0.125"), Some(125));
        assert_eq!(quality("0.1234"), None);
        assert_eq!(quality("1.5"), None);
    }
}
