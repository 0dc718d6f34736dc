//! `POST /consent` on the example app (`examples/server/main.rs`, default
//! `ConsentRoutes`): cross-site requests, hostile `return_to` values,
//! oversized and malformed bodies. Every refusal sets no cookie; nothing
//! answers 5xx.

use axum::http::StatusCode;

use super::{Case, Expect, Input, b};
use crate::common::requests::SAME_ORIGIN;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A POST with this `Content-Type`, body and extra headers.
fn post(
    name: &str,
    content_type: &'static str,
    body: Vec<u8>,
    headers: &[(&'static str, &'static str)],
    expect: Expect,
) -> Case {
    Case::new(
        format!("POST /consent: {name}"),
        Input::Endpoint {
            content_type,
            body,
            headers: headers.to_vec(),
        },
        expect,
    )
}

/// A same-origin form post (`Origin` of the app's own host).
fn form(name: &str, body: Vec<u8>, expect: Expect) -> Case {
    post(name, FORM, body, &[("origin", SAME_ORIGIN)], expect)
}

/// A same-origin JSON post.
fn json(name: &str, body: &str, expect: Expect) -> Case {
    post(name, JSON, b(body), &[("origin", SAME_ORIGIN)], expect)
}

/// Refused with this status and no `Set-Cookie` at all.
fn refused(status: StatusCode) -> Expect {
    Expect::Status {
        status,
        location: None,
    }
}

/// `303 See Other` to `location`, writing the consent cookie.
fn redirect(location: &'static str) -> Expect {
    Expect::Status {
        status: StatusCode::SEE_OTHER,
        location: Some(location),
    }
}

/// A form that saves a choice and asks to go back to `return_to`
/// (percent-encoded here as a browser would).
fn back_to(return_to: &str) -> Vec<u8> {
    let encoded: String = return_to
        .bytes()
        .map(|c| match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(c).to_string()
            }
            _ => format!("%{c:02X}"),
        })
        .collect();
    b(&format!(
        "action=save&category=statistical&return_to={encoded}"
    ))
}

pub fn cases() -> Vec<Case> {
    let accept = || b("action=accept_all&return_to=%2F%3Fpage%3D2");
    let forbidden = || refused(StatusCode::FORBIDDEN);
    let malformed = || refused(StatusCode::BAD_REQUEST);
    let nested = |depth: usize| {
        format!(
            r#"{{"action":"save","categories":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    vec![
        // Who may post.
        post(
            "foreign Origin",
            FORM,
            accept(),
            &[("origin", "https://evil.example")],
            forbidden(),
        ),
        post(
            "Origin of the same host on another port",
            FORM,
            accept(),
            &[("origin", "http://example.test:8080")],
            forbidden(),
        ),
        post(
            "Origin: null",
            FORM,
            accept(),
            &[("origin", "null")],
            forbidden(),
        ),
        post(
            "two Origin fields, one of them ours",
            FORM,
            accept(),
            &[("origin", SAME_ORIGIN), ("origin", "https://evil.example")],
            forbidden(),
        ),
        post(
            "Sec-Fetch-Site: cross-site",
            FORM,
            accept(),
            &[("sec-fetch-site", "cross-site")],
            forbidden(),
        ),
        post(
            "Sec-Fetch-Site: same-site",
            FORM,
            accept(),
            &[("sec-fetch-site", "same-site")],
            forbidden(),
        ),
        post(
            "Sec-Fetch-Site: cross-site with our own Origin",
            FORM,
            accept(),
            &[("origin", SAME_ORIGIN), ("sec-fetch-site", "cross-site")],
            forbidden(),
        ),
        post(
            "cross-site and oversized: refused before the body is read",
            FORM,
            vec![b'a'; 64 * 1024],
            &[("origin", "https://evil.example")],
            forbidden(),
        ),
        post(
            "Sec-Fetch-Site: same-origin",
            FORM,
            accept(),
            &[("sec-fetch-site", "same-origin"), ("origin", SAME_ORIGIN)],
            redirect("/?page=2"),
        ),
        post(
            "Sec-Fetch-Site: none (typed in the address bar)",
            FORM,
            accept(),
            &[("sec-fetch-site", "none")],
            redirect("/?page=2"),
        ),
        form("our own Origin", accept(), redirect("/?page=2")),
        post(
            "neither Origin nor Sec-Fetch-Site (a script)",
            FORM,
            accept(),
            &[],
            redirect("/?page=2"),
        ),
        // Where it sends the visitor back.
        form(
            "return_to https://evil.example",
            back_to("https://evil.example/"),
            redirect("/"),
        ),
        form(
            "return_to //evil.example",
            back_to("//evil.example"),
            redirect("/"),
        ),
        form("return_to /\\evil", back_to("/\\evil"), redirect("/")),
        form(
            "return_to javascript:alert(1)",
            back_to("javascript:alert(1)"),
            redirect("/"),
        ),
        form(
            "return_to with CR LF",
            back_to("/\r\nSet-Cookie: x=1"),
            redirect("/"),
        ),
        form(
            "return_to with a percent-encoded CR LF",
            back_to("/%0d%0aSet-Cookie:%20x=1"),
            redirect("/"),
        ),
        form(
            "return_to of 10 KB",
            back_to(&format!("/{}", "a".repeat(10 * 1024))),
            redirect("/"),
        ),
        json(
            "JSON return_to //evil.example",
            r#"{"action":"reject_all","return_to":"//evil.example"}"#,
            redirect("/"),
        ),
        form(
            "return_to of a local path",
            back_to("/cookies?lang=fr"),
            redirect("/cookies?lang=fr"),
        ),
        // Bodies.
        form(
            "a body over the 16 KiB limit",
            [accept(), vec![b'x'; 16 * 1024]].concat(),
            refused(StatusCode::PAYLOAD_TOO_LARGE),
        ),
        form(
            "percent garbage",
            b("action=save&category=%FF%FE%"),
            malformed(),
        ),
        form("a bare %", b("action=%"), malformed()),
        form(
            "raw non-UTF-8",
            b"action=save&category=\xff\xfe".to_vec(),
            malformed(),
        ),
        form("unknown action", b("action=accept_everything"), malformed()),
        form("no action", b("category=statistical"), malformed()),
        form(
            "action twice",
            b("action=save&action=withdraw"),
            malformed(),
        ),
        form("an empty body", Vec::new(), malformed()),
        json("JSON unknown action", r#"{"action":"sell"}"#, malformed()),
        json("JSON nested 5000 deep", &nested(5_000), malformed()),
        json("JSON action a number", r#"{"action":1}"#, malformed()),
        json(
            "JSON categories a list",
            r#"{"action":"save","categories":["statistical"]}"#,
            malformed(),
        ),
        json(
            "JSON category value a string",
            r#"{"action":"save","categories":{"statistical":"yes"}}"#,
            malformed(),
        ),
        json(
            "JSON scope a string",
            r#"{"action":"accept_all","scope":"internal"}"#,
            malformed(),
        ),
        json("JSON a list", "[]", malformed()),
        json("JSON cut short", r#"{"action":"save""#, malformed()),
        post(
            "JSON non-UTF-8",
            JSON,
            b"{\"action\":\"save\xff\"}".to_vec(),
            &[("origin", SAME_ORIGIN)],
            malformed(),
        ),
        post(
            "text/plain body",
            "text/plain",
            accept(),
            &[("origin", SAME_ORIGIN)],
            refused(StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ),
    ]
}
