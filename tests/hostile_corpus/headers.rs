//! Header injection: bytes that would split a header or smuggle another
//! one are refused by `http` before any code of ours could pass them on;
//! names the layer would write into headers are checked when it is built.

use tower_cookie_consent::ConfigError;

use super::{Case, Expect, Input, b};

fn setting_error(e: &ConfigError) -> bool {
    matches!(e, ConfigError::InvalidSetting { .. })
}

pub fn cases() -> Vec<Case> {
    let refused = |name: &str, bytes: &[u8]| {
        Case::new(name, Input::HeaderValue(bytes.to_vec()), Expect::Refused)
    };
    vec![
        refused(
            "CRLF then a smuggled Set-Cookie",
            b"a=b\r\nSet-Cookie: evil=1",
        ),
        refused("bare LF", b"a=b\nx=y"),
        refused("bare CR", b"a=b\rx=y"),
        refused("NUL in a value", b"a=\0b"),
        refused("DEL", b"a=b\x7f"),
        refused("escape sequence", b"a=\x1b[31mred"),
        refused("CRLF CRLF then a body", b"a=b\r\n\r\n<html>"),
        Case::new(
            "tab is allowed",
            Input::HeaderValue(b("a=b\tc")),
            Expect::Accepted,
        ),
        Case::new(
            "obs-text (non-UTF-8) is allowed",
            Input::HeaderValue(b"a=\xff\xfe\x80".to_vec()),
            Expect::Accepted,
        ),
        Case::new(
            "a request builder refuses a CRLF Cookie field",
            Input::RequestCookie(b("a=b\r\nX-Admin: 1")),
            Expect::Refused,
        ),
        Case::new(
            "consent cookie name with CRLF",
            Input::CookieName("a\r\nSet-Cookie: x", true),
            Expect::ConfigError(setting_error),
        ),
        Case::new(
            "consent cookie name with a space",
            Input::CookieName("cookies preferences", true),
            Expect::ConfigError(setting_error),
        ),
        Case::new(
            "consent cookie name with ';'",
            Input::CookieName("a;Domain=evil.example", true),
            Expect::ConfigError(setting_error),
        ),
        Case::new(
            "empty consent cookie name",
            Input::CookieName("", true),
            Expect::ConfigError(setting_error),
        ),
        Case::new(
            "__Host- consent cookie name (against cookie tossing)",
            Input::CookieName("__Host-cookies_preferences", true),
            Expect::Accepted,
        ),
        Case::new(
            "__Host- consent cookie name without Secure",
            Input::CookieName("__Host-cookies_preferences", false),
            Expect::ConfigError(setting_error),
        ),
        Case::new(
            "consent cookie name the policy files as statistical",
            Input::CookieName("_ga", true),
            Expect::ConfigError(setting_error),
        ),
    ]
}
