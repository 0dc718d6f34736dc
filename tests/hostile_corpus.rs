//! A table of hostile inputs, each with the outcome it must have: malformed,
//! oversized, non-UTF-8, duplicated, percent-garbage, deeply nested,
//! header-injecting and script-carrying input, percent-encoded cookie names
//! and odd cache headers, given to the layer (through a real axum
//! `Router`), to `http`, to the consent cookie decoder, to the policy
//! loader and to the example app's `POST /consent`. The cases live in
//! `hostile_corpus/`, one file per kind of input; this file runs them all
//! and reports every failure.

mod common;

#[path = "hostile_corpus/cache_headers.rs"]
mod cache_headers;
#[path = "hostile_corpus/consent_values.rs"]
mod consent_values;
#[path = "hostile_corpus/cookie_names.rs"]
mod cookie_names;
#[path = "hostile_corpus/endpoints.rs"]
mod endpoints;
#[path = "hostile_corpus/exchanges.rs"]
mod exchanges;
#[path = "hostile_corpus/headers.rs"]
mod headers;
#[path = "hostile_corpus/policies.rs"]
mod policies;
#[path = "hostile_corpus/set_cookie_lines.rs"]
mod set_cookie_lines;
#[path = "hostile_corpus/signed.rs"]
mod signed;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, Request, StatusCode};
use tower_cookie_consent::{ConfigError, Policy, Preferences, PreferencesError};

use common::echo_app::{self, DECIDED, SEEN_COOKIE, SET_COOKIE_REQUEST};
use common::requests;
use common::wire;

/// One hostile input and what must come of it.
pub struct Case {
    /// What the case is, shown when it fails.
    pub name: String,
    /// The input.
    pub input: Input,
    /// The outcome.
    pub expect: Expect,
}

/// Where the input goes.
pub enum Input {
    /// A request through the echo app behind the default layer: `Cookie`
    /// fields, `Set-Cookie` lines the handler answers with, and `Sec-GPC`.
    Exchange {
        /// `Cookie` fields, in order.
        cookies: Vec<Vec<u8>>,
        /// `Set-Cookie` lines the application sets, in order.
        set_cookies: Vec<Vec<u8>>,
        /// `Sec-GPC` field values.
        gpc: Vec<&'static str>,
        /// Behind a layer whose policy lets unknown names through.
        allow_unknown: bool,
    },
    /// A request through the echo app behind the default layer, whose
    /// handler reads the consent and answers with these `Cache-Control`
    /// and `Vary` fields.
    CacheHeaders(cache_headers::Start),
    /// Bytes given to `HeaderValue::from_bytes`.
    HeaderValue(Vec<u8>),
    /// Bytes given as a `Cookie` field to `Request::builder`.
    RequestCookie(Vec<u8>),
    /// Bytes given to `Preferences::decode`.
    ConsentValue(Vec<u8>),
    /// Text given to `Policy::from_json`.
    PolicyJson(String),
    /// A consent cookie name given to `ConsentLayerBuilder::with_cookie_name`,
    /// on a layer with `Secure` consent cookies or without.
    CookieName(&'static str, bool),
    /// This input (an `Exchange`) through the echo app behind a layer that
    /// signs its consent cookies with `common::signing::test_key()`.
    Signed(Box<Input>),
    /// A `POST /consent` to the example app (`Host: example.test`) with
    /// this `Content-Type`, body and extra header fields (in order).
    Endpoint {
        /// The `Content-Type` field.
        content_type: &'static str,
        /// The body.
        body: Vec<u8>,
        /// More header fields: `Origin`, `Sec-Fetch-Site`.
        headers: Vec<(&'static str, &'static str)>,
    },
}

/// What must happen.
pub enum Expect {
    /// An answer within `LIMIT`, status 200, with exactly these `Set-Cookie`
    /// lines leaving (in order), the application's `Consent` decided or
    /// not, and the application seeing exactly these cookie names.
    Answer {
        /// The `Set-Cookie` lines that leave, byte for byte, in order.
        leaves: Vec<Vec<u8>>,
        /// Whether the handler's `Consent::is_decided()`.
        decided: bool,
        /// The cookie names the handler sees, in order.
        seen: Vec<Vec<u8>>,
    },
    /// This status, never 5xx. With a `location`: that `Location` and the
    /// consent cookie written, decoding to a choice. Without: no
    /// `Location` and no `Set-Cookie` line at all.
    Status {
        /// The status.
        status: StatusCode,
        /// The `Location` expected, for a redirect.
        location: Option<&'static str>,
    },
    /// `http` refuses the bytes: header injection cannot be expressed.
    Refused,
    /// `http` takes the bytes as they are.
    Accepted,
    /// The value decodes to a choice.
    Decision,
    /// The value means "no decision", for this reason.
    NoDecision(fn(&PreferencesError) -> bool),
    /// The policy loads and passes this check.
    Loads(fn(&Policy) -> Result<(), String>),
    /// The configuration is refused with an error like this.
    ConfigError(fn(&ConfigError) -> bool),
    /// Exactly these `Cache-Control` and `Vary` fields leave.
    CacheHeaders(cache_headers::Fields),
}

/// How long any exchange may take, even a 1 MB one in a debug build. A
/// cost that grows as the square of the input blows far past it.
const LIMIT: Duration = Duration::from_secs(10);

impl Case {
    fn new(name: impl Into<String>, input: Input, expect: Expect) -> Case {
        Case {
            name: name.into(),
            input,
            expect,
        }
    }
}

/// Shorthand for the cases: bytes of a string.
pub fn b(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// An exchange case.
pub fn exchange(
    name: &str,
    cookies: Vec<Vec<u8>>,
    set_cookies: Vec<Vec<u8>>,
    expect: Expect,
) -> Case {
    Case::new(
        name,
        Input::Exchange {
            cookies,
            set_cookies,
            gpc: Vec::new(),
            allow_unknown: false,
        },
        expect,
    )
}

/// An expected answer.
pub fn answer(leaves: Vec<Vec<u8>>, decided: bool, seen: &[&str]) -> Expect {
    Expect::Answer {
        leaves,
        decided,
        seen: seen.iter().map(|s| b(s)).collect(),
    }
}

fn text(bytes: &[u8]) -> String {
    let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(120)]);
    format!("{shown:?} ({} bytes)", bytes.len())
}

fn lines_text(lines: &[Vec<u8>]) -> String {
    let shown: Vec<String> = lines.iter().take(6).map(|l| text(l)).collect();
    format!("{} lines: {}", lines.len(), shown.join(", "))
}

/// The routers the cases go to.
struct Apps {
    default: axum::Router,
    allow_unknown: axum::Router,
    signed: axum::Router,
    server: axum::Router,
}

async fn run(case: Case, apps: &Apps) -> Result<(), String> {
    let (signed, input) = match case.input {
        Input::Signed(input) => (true, *input),
        input => (false, input),
    };
    match (input, case.expect) {
        (Input::CacheHeaders(fields), Expect::CacheHeaders(expected)) => {
            cache_headers::check(&apps.default, fields, expected).await
        }
        (
            Input::Exchange {
                cookies,
                set_cookies,
                gpc,
                allow_unknown,
            },
            Expect::Answer {
                leaves,
                decided,
                seen,
            },
        ) => {
            let mut request = Request::builder().uri("/");
            for field in &cookies {
                request = request.header("cookie", HeaderValue::from_bytes(field).unwrap());
            }
            for line in &set_cookies {
                request =
                    request.header(SET_COOKIE_REQUEST, HeaderValue::from_bytes(line).unwrap());
            }
            for value in gpc {
                request = request.header("sec-gpc", value);
            }
            let request = request.body(Body::empty()).unwrap();
            let app = if signed {
                &apps.signed
            } else if allow_unknown {
                &apps.allow_unknown
            } else {
                &apps.default
            };
            let start = Instant::now();
            let (status, headers, _) = echo_app::send(app, request).await;
            let took = start.elapsed();
            if took > LIMIT {
                return Err(format!("took {took:?}"));
            }
            if status != StatusCode::OK {
                return Err(format!("status {status}"));
            }
            let out: Vec<Vec<u8>> = headers
                .get_all(SET_COOKIE)
                .iter()
                .map(|v| v.as_bytes().to_vec())
                .collect();
            if out != leaves {
                return Err(format!(
                    "Set-Cookie: got {}; expected {}",
                    lines_text(&out),
                    lines_text(&leaves)
                ));
            }
            let got_decided = headers[DECIDED] == "true";
            if got_decided != decided {
                return Err(format!("decided: got {got_decided}, expected {decided}"));
            }
            let got_seen: Vec<Vec<u8>> = headers
                .get_all(SEEN_COOKIE)
                .iter()
                .flat_map(|f| wire::cookie_pairs(f.as_bytes()))
                .map(|(name, _)| name.to_vec())
                .collect();
            if got_seen != seen {
                return Err(format!(
                    "the application saw {}; expected {}",
                    lines_text(&got_seen),
                    lines_text(&seen)
                ));
            }
            Ok(())
        }
        (Input::HeaderValue(bytes), expect) => {
            let accepted = HeaderValue::from_bytes(&bytes).is_ok();
            refusal(accepted, expect)
        }
        (Input::RequestCookie(bytes), expect) => {
            let built = Request::builder()
                .uri("/")
                .header("cookie", bytes.as_slice())
                .body(Body::empty());
            refusal(built.is_ok(), expect)
        }
        (Input::ConsentValue(bytes), expect) => match (Preferences::decode(&bytes), expect) {
            (Ok(_), Expect::Decision) => Ok(()),
            (Err(e), Expect::NoDecision(like)) if like(&e) => Ok(()),
            (got, _) => Err(format!("decoded to {got:?}")),
        },
        (Input::PolicyJson(json), expect) => match (Policy::from_json(&json), expect) {
            (Ok(policy), Expect::Loads(check)) => check(&policy),
            (Err(e), Expect::ConfigError(like)) if like(&e) => Ok(()),
            (Ok(policy), _) => Err(format!("loaded {policy:?}")),
            (Err(e), _) => Err(format!("error {e}")),
        },
        (Input::CookieName(name, secure), expect) => {
            let layer = tower_cookie_consent::ConsentLayer::builder(echo_app::policy())
                .with_secure_cookie(secure)
                .with_cookie_name(name)
                .build();
            match (layer, expect) {
                (Ok(_), Expect::Accepted) => Ok(()),
                (Err(e), Expect::ConfigError(like)) if like(&e) => Ok(()),
                (Ok(_), _) => Err("accepted".to_owned()),
                (Err(e), _) => Err(format!("error {e}")),
            }
        }
        (
            Input::Endpoint {
                content_type,
                body,
                headers,
            },
            Expect::Status { status, location },
        ) => {
            let request = requests::post("/consent", content_type, body, "", &headers);
            let start = Instant::now();
            let response = requests::send(&apps.server, request).await;
            let took = start.elapsed();
            if took > LIMIT {
                return Err(format!("took {took:?}"));
            }
            if response.status() != status {
                let got = response.status();
                let body = common::body_text(response).await;
                return Err(format!("status {got} ({body:?}); expected {status}"));
            }
            let got_location = response.headers().get(LOCATION).map(|v| v.as_bytes());
            let lines = requests::set_cookie_lines(&response);
            match location {
                Some(expected) => {
                    if got_location != Some(expected.as_bytes()) {
                        return Err(format!(
                            "Location {:?}; expected {expected:?}",
                            got_location.map(text)
                        ));
                    }
                    let Some(line) = requests::consent_line(&response) else {
                        return Err(format!("no consent cookie written: {lines:?}"));
                    };
                    let value = line.split(';').next().unwrap_or("");
                    let value = value.split_once('=').map_or("", |(_, v)| v);
                    Preferences::decode(value.as_bytes())
                        .map(|_| ())
                        .map_err(|e| format!("the consent cookie does not decode: {e}"))
                }
                None if got_location.is_some() => {
                    Err(format!("a refusal with Location {got_location:?}"))
                }
                None if !lines.is_empty() => Err(format!("a refusal set cookies: {lines:?}")),
                None => Ok(()),
            }
        }
        _ => Err("the case pairs an input with an outcome it cannot have".to_owned()),
    }
}

fn refusal(accepted: bool, expect: Expect) -> Result<(), String> {
    match (accepted, expect) {
        (false, Expect::Refused) | (true, Expect::Accepted) => Ok(()),
        (accepted, _) => Err(format!("accepted: {accepted}")),
    }
}

#[tokio::test]
async fn hostile_inputs_have_their_expected_outcomes() {
    let cases: Vec<Case> = [
        headers::cases(),
        consent_values::cases(),
        exchanges::cases(),
        cookie_names::cases(),
        cache_headers::cases(),
        set_cookie_lines::cases(),
        policies::cases(),
        endpoints::cases(),
        signed::cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let total = cases.len();
    assert!(total >= 60, "the corpus has {total} cases");
    let apps = Apps {
        default: echo_app::default_app(),
        allow_unknown: echo_app::allow_unknown_app(),
        signed: echo_app::app(
            tower_cookie_consent::ConsentLayer::builder(echo_app::policy())
                .with_signing_key(common::signing::test_key())
                .build()
                .unwrap(),
        ),
        server: common::server::app(),
    };
    let mut failures = Vec::new();
    for case in cases {
        let name = case.name.clone();
        if let Err(why) = run(case, &apps).await {
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
