//! Policy documents given to `Policy::from_json`. Strings meant for the
//! policy page (provider, function, purpose, lifetime) may hold anything,
//! HTML and script included: they load and are stored verbatim, and the
//! page escapes them when it renders. Anything that ends up in a header
//! (names, domains, paths, services, revisions) is checked, and anything
//! malformed is a `ConfigError`, never a panic.

use tower_cookie_consent::{Category, ConfigError, Policy};

use super::consent_values::nested;
use super::{Case, Expect, Input};

const XSS: &str = r#"<script>alert(document.cookie)</script>"#;
const ATTRIBUTE_BREAK: &str = r#""><img src=x onerror=alert(1)>"#;
const TEMPLATE: &str = r#"{{7*7}} ${7*7} </textarea></td></tr></table>&amp;&lt;"#;
const BIDI: &str = "Google\u{202e}elgooG\u{200b}\u{feff}";

fn json(rule_fields: &str) -> String {
    format!(r#"{{"rules":[{{"name":"_ga","category":"statistical",{rule_fields}}}]}}"#)
}

/// JSON-escapes text for a document.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

fn json_error(e: &ConfigError) -> bool {
    matches!(e, ConfigError::Json { .. })
}
fn name_error(e: &ConfigError) -> bool {
    matches!(e, ConfigError::InvalidName { .. })
}
fn any_error(_: &ConfigError) -> bool {
    true
}
fn category_error(e: &ConfigError) -> bool {
    matches!(e, ConfigError::InvalidCategory { .. })
}

/// The page texts of the first rule are these, verbatim.
fn verbatim(policy: &Policy, provider: &str, function: &str, purpose: &str) -> Result<(), String> {
    let rule = policy.rules().first().ok_or("no rule")?;
    let got = (
        rule.provider_name(),
        rule.function_text(),
        rule.purpose_text(),
    );
    if got != (Some(provider), Some(function), Some(purpose)) {
        return Err(format!("stored {got:?}"));
    }
    // The JSON the policy serves carries them back unchanged.
    let again = Policy::from_json(&policy.to_json()).map_err(|e| e.to_string())?;
    if again.rules() != policy.rules() {
        return Err("to_json changed the texts".to_owned());
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let loads = |name: &str, json: String, check: fn(&Policy) -> Result<(), String>| {
        Case::new(name, Input::PolicyJson(json), Expect::Loads(check))
    };
    let refused = |name: &str, json: String, like: fn(&ConfigError) -> bool| {
        Case::new(name, Input::PolicyJson(json), Expect::ConfigError(like))
    };
    vec![
        loads(
            "script and attribute-breaking HTML in page texts",
            json(&format!(
                r#""provider":{},"function":{},"purpose":{}"#,
                quoted(XSS),
                quoted(ATTRIBUTE_BREAK),
                quoted(TEMPLATE)
            )),
            |p| verbatim(p, XSS, ATTRIBUTE_BREAK, TEMPLATE),
        ),
        loads(
            "bidi overrides and zero-width characters in page texts",
            json(&format!(
                r#""provider":{},"function":"f","purpose":"p""#,
                quoted(BIDI)
            )),
            |p| verbatim(p, BIDI, "f", "p"),
        ),
        loads(
            "escaped control characters in page texts",
            json(r#""provider":"a\u0000b\r\nc","function":"\u001b[31m","purpose":"\t""#),
            |p| verbatim(p, "a\0b\r\nc", "\u{1b}[31m", "\t"),
        ),
        loads(
            "1 MB of page text",
            json(&format!(
                r#""provider":"p","function":"f","purpose":"{}""#,
                "x".repeat(1 << 20)
            )),
            |p| {
                let len = p.rules()[0].purpose_text().map_or(0, str::len);
                if len == 1 << 20 {
                    Ok(())
                } else {
                    Err(format!("purpose of {len} bytes"))
                }
            },
        ),
        loads(
            "10 000 rules",
            format!(
                r#"{{"rules":[{}]}}"#,
                (0..10_000)
                    .map(|i| format!(r#"{{"name":"c{i}","category":"internal"}}"#))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            |p| match p.classify("c9999").map(|r| r.category()) {
                Some(Category::Internal) => Ok(()),
                other => Err(format!("c9999 is {other:?}")),
            },
        ),
        refused("empty document", String::new(), json_error),
        refused("not an object", "[]".to_owned(), json_error),
        refused(
            "a document nested 10 000 deep",
            format!(r#"{{"rules":{}}}"#, nested(10_000)),
            json_error,
        ),
        refused(
            "an unknown field nested 10 000 deep",
            json(&format!(r#""x":{}"#, nested(10_000))),
            json_error,
        ),
        refused("a misspelt field", json(r#""purpse":"x""#), json_error),
        refused(
            "a duplicated field",
            r#"{"rules":[],"rules":[]}"#.to_owned(),
            json_error,
        ),
        refused(
            "both name and pattern",
            r#"{"rules":[{"name":"a","pattern":"a*","category":"internal"}]}"#.to_owned(),
            name_error,
        ),
        refused(
            "a cookie name with CRLF",
            r#"{"rules":[{"name":"a\r\nSet-Cookie: x=1","category":"internal"}]}"#.to_owned(),
            name_error,
        ),
        refused(
            "a cookie name with ';'",
            r#"{"rules":[{"name":"a;b","category":"internal"}]}"#.to_owned(),
            name_error,
        ),
        refused(
            "a cookie name that is not ASCII",
            r#"{"rules":[{"name":"caf\u00e9","category":"internal"}]}"#.to_owned(),
            name_error,
        ),
        refused(
            "a domain smuggling a header",
            json(r#""domains":[".example.com\r\nSet-Cookie: evil=1"]"#),
            any_error,
        ),
        refused(
            "a path smuggling an attribute",
            json(r#""path":"/; Domain=evil.example""#),
            any_error,
        ),
        refused(
            "a service with a space",
            json(r#""service":"google analytics""#),
            any_error,
        ),
        refused(
            "a category name with upper case",
            r#"{"rules":[{"name":"a","category":"Marketing"}]}"#.to_owned(),
            json_error,
        ),
        refused(
            "an unknown setting in upper case is a bad category",
            r#"{"unknown":"Allow","rules":[]}"#.to_owned(),
            category_error,
        ),
        refused(
            "a revision with a quote",
            r#"{"rules":[],"revisions":{"statistical":"a\"b"}}"#.to_owned(),
            any_error,
        ),
        refused(
            "the consent cookie filed as statistical",
            r#"{"rules":[{"name":"cookies_preferences","category":"statistical"}]}"#.to_owned(),
            any_error,
        ),
    ]
}
