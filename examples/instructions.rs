//! A fixed number of in-process requests through the benchmark router, for
//! counting instructions with callgrind (`scripts/instructions` runs it):
//!
//! ```text
//! cargo build --release --example instructions
//! valgrind --tool=callgrind --collect-atstart=no \
//!     --toggle-collect='instructions::serve_all' \
//!     target/release/examples/instructions consent_keep 2000
//! ```
//!
//! Requests are built before and responses dropped after `serve_all`, so
//! with `--toggle-collect` only the requests' passage through the router is
//! counted. Cases: `noop` (b), `consent_keep` (c), `consent_strip` (d),
//! and also `bare` (a) and `naive_strip` (e); `noop_keep` is (b) with the
//! header of (c) (the visitor who accepted: a longer consent cookie, which
//! tower-cookies also parses), the baseline of (c); `consent_keep_uncached`
//! and `consent_strip_uncached` are (c) and (d) with the layer's cache of
//! decoded consent cookies turned off; `consent_keep_filter_only` and
//! `consent_strip_filter_only` are (c) and (d) with request scrubbing and
//! withdrawal off (the layer only filters `Set-Cookie` lines);
//! `consent_keep_signed`, `consent_strip_signed` and their `_uncached`
//! forms are (c) and (d) with a signing key and a signed consent cookie
//! (44 bytes longer), and `noop_keep_signed` the baseline with that header.

use std::hint::black_box;

#[path = "../tests/common/bench_app.rs"]
mod bench_app;

use bench_app::{Variant, call, consent_value, cookie_header, policy, request, router, signed};

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "consent_keep".to_owned());
    let count: usize = args
        .next()
        .map(|n| n.parse().expect("the request count is a number"))
        .unwrap_or(2_000);
    let signing = case.contains("signed");
    let (variant, accept) = match case.as_str() {
        "bare" => (Variant::Bare, false),
        "noop" => (Variant::Noop, false),
        "noop_keep" => (Variant::Noop, true),
        "noop_keep_signed" => (Variant::Noop, true),
        "consent_keep_signed" => (Variant::ConsentSigned, true),
        "consent_strip_signed" => (Variant::ConsentSigned, false),
        "consent_keep_signed_uncached" => (Variant::ConsentSignedUncached, true),
        "consent_strip_signed_uncached" => (Variant::ConsentSignedUncached, false),
        "consent_keep" => (Variant::Consent, true),
        "consent_strip" => (Variant::Consent, false),
        "consent_keep_uncached" => (Variant::ConsentUncached, true),
        "consent_strip_uncached" => (Variant::ConsentUncached, false),
        "consent_keep_filter_only" => (Variant::ConsentFilterOnly, true),
        "consent_strip_filter_only" => (Variant::ConsentFilterOnly, false),
        "naive_strip" => (Variant::Naive, false),
        other => {
            eprintln!(
                "unknown case {other:?}: bare, noop, noop_keep, consent_keep, consent_strip, \
                 consent_keep_uncached, consent_strip_uncached, consent_keep_filter_only, \
                 consent_strip_filter_only, naive_strip, noop_keep_signed, \
                 consent_keep_signed, consent_strip_signed, consent_keep_signed_uncached, \
                 consent_strip_signed_uncached"
            );
            std::process::exit(2);
        }
    };
    let value = consent_value(&policy(), accept);
    let value = if signing { signed(&value) } else { value };
    let header = cookie_header(&value);
    let mut router = router(variant);
    // Warm up: first-time initialisation (tracing call sites, the unknown
    // names table, lazily built routes) is not a per-request cost.
    for _ in 0..10 {
        drop(call(&mut router, request("/", &header)));
    }
    let requests: Vec<_> = (0..count).map(|_| request("/", &header)).collect();
    let responses = serve_all(&mut router, requests);
    let lines: usize = responses
        .iter()
        .map(|r| r.headers().get_all(http::header::SET_COOKIE).iter().count())
        .sum();
    println!("{case}: {count} requests, {lines} Set-Cookie lines in all");
}

/// The counted part: every request through the router.
#[inline(never)]
fn serve_all(
    router: &mut axum::Router,
    requests: Vec<axum::extract::Request>,
) -> Vec<axum::response::Response> {
    let mut responses = Vec::with_capacity(requests.len());
    for request in requests {
        responses.push(call(router, black_box(request)));
    }
    responses
}
