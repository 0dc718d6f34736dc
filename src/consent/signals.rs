//! Privacy signals in request headers: Global Privacy Control and DNT.

use http::{HeaderMap, HeaderName};

use crate::consent::decision::Signals;
use crate::cookie::cookie_header::trim;

/// Reads `Sec-GPC` and `DNT`. A signal is on when any field of that name
/// holds exactly `1` once surrounding spaces and tabs are trimmed (HTTP
/// parsers strip them, so on the wire `1 ` and `1` are the same field
/// value). Any other value (`0`, `true`, `1, 1`) is ignored.
pub(crate) fn read(headers: &HeaderMap) -> Signals {
    Signals {
        gpc: any_one(headers, &SEC_GPC),
        dnt: any_one(headers, &DNT),
    }
}

// Names built once: looking a header up by `&str` parses the name each time.
static SEC_GPC: HeaderName = HeaderName::from_static("sec-gpc");
static DNT: HeaderName = HeaderName::from_static("dnt");

fn any_one(headers: &HeaderMap, name: &HeaderName) -> bool {
    headers
        .get_all(name)
        .iter()
        .any(|v| trim(v.as_bytes()) == b"1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn only_exactly_one() {
        for (value, on) in [
            ("1", true),
            (" 1\t", true),
            ("0", false),
            ("true", false),
            ("1, 1", false),
            ("11", false),
            ("", false),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert("sec-gpc", HeaderValue::from_str(value).unwrap());
            assert_eq!(read(&headers).gpc, on, "{value:?}");
        }
        let mut headers = HeaderMap::new();
        headers.append("sec-gpc", HeaderValue::from_static("0"));
        headers.append("sec-gpc", HeaderValue::from_static("1"));
        headers.append("dnt", HeaderValue::from_static("1"));
        assert_eq!(
            read(&headers),
            Signals {
                gpc: true,
                dnt: true
            }
        );
    }
}
