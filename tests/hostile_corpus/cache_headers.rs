//! Odd `Cache-Control` and `Vary` fields on a response whose handler read
//! the consent: it must leave private (no `public`, no `s-maxage`, other
//! directives kept byte for byte) and vary on `Cookie` (and `Sec-GPC` when
//! the signal denied something), `Vary: *` untouched, in time linear in
//! the fields' size.

use std::time::Instant;

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, Request, StatusCode};

use super::{Case, Expect, Input, LIMIT, b, text};
use crate::common::echo_app::{self, CACHE_CONTROL_REQUEST, Stored, VARY_REQUEST};

/// `Cache-Control` and `Vary` fields, in order.
pub struct Fields {
    pub cache_control: Vec<Vec<u8>>,
    pub vary: Vec<Vec<u8>>,
}

/// The request: the visitor's stored choice, `Sec-GPC: 1` or not, and the
/// fields the handler answers with.
pub struct Start {
    pub stored: Stored,
    pub gpc: bool,
    pub fields: Fields,
}

fn fields(cache_control: &[&[u8]], vary: &[&[u8]]) -> Fields {
    Fields {
        cache_control: cache_control.iter().map(|v| v.to_vec()).collect(),
        vary: vary.iter().map(|v| v.to_vec()).collect(),
    }
}

fn case(name: &str, start: (&[&[u8]], &[&[u8]]), leaves: (&[&[u8]], &[&[u8]])) -> Case {
    Case::new(
        name,
        Input::CacheHeaders(Start {
            stored: Stored::Nothing,
            gpc: false,
            fields: fields(start.0, start.1),
        }),
        Expect::CacheHeaders(fields(leaves.0, leaves.1)),
    )
}

fn under_gpc(mut case: Case) -> Case {
    if let Input::CacheHeaders(start) = &mut case.input {
        start.stored = Stored::AcceptAll;
        start.gpc = true;
    }
    case
}

pub fn cases() -> Vec<Case> {
    let commas = ",".repeat(100_000);
    let many_vary: Vec<Vec<u8>> = (0..1000).map(|i| b(&format!("x-h{i}"))).collect();
    let many_vary_refs: Vec<&[u8]> = many_vary.iter().map(Vec::as_slice).collect();
    let mut many_vary_out = many_vary_refs.clone();
    many_vary_out.push(b"Cookie");
    vec![
        case(
            "no cache headers",
            (&[], &[]),
            (&[b"private"], &[b"Cookie"]),
        ),
        case(
            "public and s-maxage give way to private",
            (&[b"public, s-maxage=60, max-age=60"], &[]),
            (&[b"private, max-age=60"], &[b"Cookie"]),
        ),
        case(
            "directive names in any case",
            (&[b"PUBLIC, S-MaxAge=5, No-Store"], &[b"accept"]),
            (&[b"private, No-Store"], &[b"accept", b"Cookie"]),
        ),
        case(
            "private with a field list becomes plain private",
            (&[b"private=\"Set-Cookie\", max-age=5"], &[]),
            (&[b"private, max-age=5"], &[b"Cookie"]),
        ),
        case(
            "already private and varying on cookie: untouched",
            (&[b"private, max-age=5"], &[b"COOKIE"]),
            (&[b"private, max-age=5"], &[b"COOKIE"]),
        ),
        case(
            "an unbalanced quote keeps the rest as one directive",
            (&[b"no-cache=\"Set-Cookie, public"], &[]),
            (&[b"private, no-cache=\"Set-Cookie, public"], &[b"Cookie"]),
        ),
        case(
            "obs-text in a directive is kept byte for byte",
            (&[b"public, x-\xff\xfe=1"], &[]),
            (&[b"private, x-\xff\xfe=1"], &[b"Cookie"]),
        ),
        case(
            "several Cache-Control fields become one",
            (&[b"public", b"max-age=5", b"s-maxage=9"], &[]),
            (&[b"private, max-age=5"], &[b"Cookie"]),
        ),
        case(
            "Vary: * is never touched",
            (&[], &[b"accept, *"]),
            (&[b"private"], &[b"accept, *"]),
        ),
        case(
            "a quoted \"Cookie\" is not the Cookie token",
            (&[], &[b"\"Cookie\""]),
            (&[b"private"], &[b"\"Cookie\"", b"Cookie"]),
        ),
        case(
            "100 KB of commas",
            (&[commas.as_bytes()], &[commas.as_bytes()]),
            (&[b"private"], &[commas.as_bytes(), b"Cookie"]),
        ),
        case(
            "1000 Vary fields",
            (&[], &many_vary_refs),
            (&[b"private"], &many_vary_out),
        ),
        under_gpc(case(
            "GPC denied third parties: Vary gains Sec-GPC",
            (&[b"public"], &[b"cookie"]),
            (&[b"private"], &[b"cookie", b"Sec-GPC"]),
        )),
        under_gpc(case(
            "GPC denied third parties, nothing varies yet",
            (&[], &[]),
            (&[b"private"], &[b"Cookie, Sec-GPC"]),
        )),
        under_gpc(case(
            "GPC with Vary: * already there",
            (&[], &[b"*"]),
            (&[b"private"], &[b"*"]),
        )),
    ]
}

/// Sends the request through `app` and compares the cache headers.
pub async fn check(app: &axum::Router, start: Start, expected: Fields) -> Result<(), String> {
    let mut request = Request::builder().uri("/");
    if let Some(pair) = echo_app::consent_pair(start.stored, &echo_app::policy()) {
        request = request.header("cookie", pair);
    }
    if start.gpc {
        request = request.header("sec-gpc", "1");
    }
    for value in &start.fields.cache_control {
        request = request.header(
            CACHE_CONTROL_REQUEST,
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    for value in &start.fields.vary {
        request = request.header(VARY_REQUEST, HeaderValue::from_bytes(value).unwrap());
    }
    let began = Instant::now();
    let (status, headers, _) = echo_app::send(app, request.body(Body::empty()).unwrap()).await;
    let took = began.elapsed();
    if took > LIMIT {
        return Err(format!("took {took:?}"));
    }
    if status != StatusCode::OK {
        return Err(format!("status {status}"));
    }
    let got = |name| -> Vec<Vec<u8>> {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.as_bytes().to_vec())
            .collect()
    };
    for (name, got, expected) in [
        ("Cache-Control", got(CACHE_CONTROL), expected.cache_control),
        ("Vary", got(VARY), expected.vary),
    ] {
        if got != expected {
            let shown = |v: &[Vec<u8>]| v.iter().take(4).map(|f| text(f)).collect::<Vec<_>>();
            return Err(format!(
                "{name}: got {} fields {:?}; expected {} fields {:?}",
                got.len(),
                shown(&got),
                expected.len(),
                shown(&expected)
            ));
        }
    }
    Ok(())
}
