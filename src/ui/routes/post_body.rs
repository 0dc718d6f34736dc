//! The body of `POST /consent`: a URL-encoded form or JSON, read into one
//! [`ConsentRequest`].
//!
//! Form fields (what the banner and the policy page send):
//!
//! - `action`: `accept_all`, `reject_all`, `save` or `withdraw` (once);
//! - `return_to`: the local path to go back to (at most once);
//! - `category`: a ticked category, repeated (`category=statistical`);
//! - `service`: a ticked service, repeated (`service=matomo`);
//! - `scope`: with `accept_all` / `reject_all`, limits the action to these
//!   categories and keeps the other decisions (the banner sends it when only
//!   some categories need asking again).
//!
//! JSON: `{"action": "save", "categories": {"statistical": true},
//! "services": {"matomo": false}, "scope": [], "return_to": "/"}`, where
//! `categories` and `services` carry explicit choices. Unknown JSON fields
//! are an error; unknown form fields are ignored (pages add their own).

use std::collections::BTreeMap;

use http::HeaderValue;
use serde::Deserialize;

/// What the visitor asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    AcceptAll,
    RejectAll,
    Save,
    Withdraw,
}

impl Action {
    fn parse(text: &str) -> Result<Action, String> {
        match text {
            "accept_all" => Ok(Action::AcceptAll),
            "reject_all" => Ok(Action::RejectAll),
            "save" => Ok(Action::Save),
            "withdraw" => Ok(Action::Withdraw),
            other => Err(format!(
                "unknown action {other:?}: use accept_all, reject_all, save or withdraw"
            )),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Action::AcceptAll => "accept_all",
            Action::RejectAll => "reject_all",
            Action::Save => "save",
            Action::Withdraw => "withdraw",
        }
    }
}

/// The categories and services chosen with `save`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selection {
    /// From a form: the ticked boxes. Unticked means refused.
    Ticked {
        categories: Vec<String>,
        services: Vec<String>,
    },
    /// From JSON: explicit values. A category left out is refused; a
    /// service left out follows its category.
    Explicit {
        categories: BTreeMap<String, bool>,
        services: BTreeMap<String, bool>,
    },
}

/// A parsed `POST /consent` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConsentRequest {
    pub(crate) action: Action,
    pub(crate) return_to: Option<String>,
    pub(crate) selection: Selection,
    pub(crate) scope: Vec<String>,
}

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Neither a form nor JSON: 415.
    UnsupportedMediaType(String),
    /// Not readable: 400, with what is wrong.
    Malformed(String),
}

/// Reads a body according to its `Content-Type`.
pub(crate) fn parse(
    content_type: Option<&HeaderValue>,
    body: &[u8],
) -> Result<ConsentRequest, BodyError> {
    let essence = content_type
        .map(|v| {
            let bytes = v.as_bytes();
            let end = bytes.iter().position(|&b| b == b';').unwrap_or(bytes.len());
            String::from_utf8_lossy(bytes[..end].trim_ascii()).to_ascii_lowercase()
        })
        .unwrap_or_default();
    if essence == "application/x-www-form-urlencoded" {
        parse_form(body).map_err(BodyError::Malformed)
    } else if essence == "application/json" || essence.ends_with("+json") {
        parse_json(body).map_err(BodyError::Malformed)
    } else {
        Err(BodyError::UnsupportedMediaType(format!(
            "Content-Type {:?} is not supported: send application/x-www-form-urlencoded \
             or application/json",
            essence
        )))
    }
}

fn parse_form(body: &[u8]) -> Result<ConsentRequest, String> {
    // Browsers percent-encode everything else, so anything outside
    // printable ASCII is not a URL-encoded form.
    if let Some(at) = body.iter().position(|b| !b.is_ascii_graphic()) {
        return Err(format!(
            "not a URL-encoded form: byte 0x{:02x} at offset {at}",
            body[at]
        ));
    }
    let mut action = None;
    let mut return_to = None;
    let mut categories = Vec::new();
    let mut services = Vec::new();
    let mut scope = Vec::new();
    for (key, value) in form_urlencoded::parse(body) {
        if key.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
            return Err("a form field is not UTF-8 once decoded".to_owned());
        }
        match &*key {
            "action" if action.is_some() => return Err("`action` given twice".to_owned()),
            "action" => action = Some(Action::parse(&value)?),
            "return_to" if return_to.is_some() => {
                return Err("`return_to` given twice".to_owned());
            }
            "return_to" => return_to = Some(value.into_owned()),
            "category" => categories.push(value.into_owned()),
            "service" => services.push(value.into_owned()),
            "scope" => scope.push(value.into_owned()),
            _ => {}
        }
    }
    Ok(ConsentRequest {
        action: action.ok_or("the form has no `action` field")?,
        return_to,
        selection: Selection::Ticked {
            categories,
            services,
        },
        scope,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBody {
    action: String,
    #[serde(default)]
    categories: BTreeMap<String, bool>,
    #[serde(default)]
    services: BTreeMap<String, bool>,
    #[serde(default)]
    scope: Vec<String>,
    #[serde(default)]
    return_to: Option<String>,
}

fn parse_json(body: &[u8]) -> Result<ConsentRequest, String> {
    let body: JsonBody =
        serde_json::from_slice(body).map_err(|e| format!("not a consent request: {e}"))?;
    Ok(ConsentRequest {
        action: Action::parse(&body.action)?,
        return_to: body.return_to,
        selection: Selection::Explicit {
            categories: body.categories,
            services: body.services,
        },
        scope: body.scope,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &str) -> Result<ConsentRequest, BodyError> {
        parse(
            Some(&HeaderValue::from_static(
                "application/x-www-form-urlencoded; charset=UTF-8",
            )),
            body.as_bytes(),
        )
    }

    fn json(body: &str) -> Result<ConsentRequest, BodyError> {
        parse(
            Some(&HeaderValue::from_static("application/json")),
            body.as_bytes(),
        )
    }

    #[test]
    fn reads_a_form() {
        let request = form(
            "action=save&category=statistical&service=matomo&return_to=%2Fcookies%3Flang%3Dfr&x=1",
        )
        .unwrap();
        assert_eq!(request.action, Action::Save);
        assert_eq!(request.return_to.as_deref(), Some("/cookies?lang=fr"));
        assert_eq!(
            request.selection,
            Selection::Ticked {
                categories: vec!["statistical".into()],
                services: vec!["matomo".into()],
            }
        );
    }

    #[test]
    fn reads_json() {
        let request =
            json(r#"{"action":"accept_all","scope":["internal"],"services":{"matomo":false}}"#)
                .unwrap();
        assert_eq!(request.action, Action::AcceptAll);
        assert_eq!(request.scope, vec!["internal".to_owned()]);
    }

    #[test]
    fn refuses_malformed_bodies() {
        for body in [
            "",
            "category=statistical",
            "action=maybe",
            "action=save&action=withdraw",
            "action=save&return_to=/&return_to=/x",
            "action=save&category=%FF",
            "action=save\0",
            "action=save&category=caf\u{e9}",
        ] {
            assert!(
                matches!(form(body), Err(BodyError::Malformed(_))),
                "{body:?}"
            );
        }
        for body in [
            "",
            "{",
            "[]",
            r#"{"action":"save","extra":1}"#,
            r#"{"action":1}"#,
        ] {
            assert!(
                matches!(json(body), Err(BodyError::Malformed(_))),
                "{body:?}"
            );
        }
        assert!(matches!(
            parse(None, b"action=save"),
            Err(BodyError::UnsupportedMediaType(_))
        ));
        assert!(matches!(
            parse(
                Some(&HeaderValue::from_static("text/plain")),
                b"action=save"
            ),
            Err(BodyError::UnsupportedMediaType(_))
        ));
    }
}
