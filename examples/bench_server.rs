//! The load-test server (`scripts/load-bench` runs it): the benchmark
//! router, whose page sets three cookies with tower-cookies, served on
//! 127.0.0.1 with or without `ConsentLayer`.
//!
//! ```text
//! cargo run --release --example bench_server -- consent 3901
//! ```
//!
//! The first argument is `bare` (no layer), `noop` (a layer that does
//! nothing), `consent` or `naive`; the second the port. The server prints
//! one line, `cookie: <header>`: the ten-cookie `Cookie` header of a
//! visitor who refused every optional category (two of the three lines
//! are stripped), with a consent cookie made now.

#[path = "../tests/common/bench_app.rs"]
mod bench_app;

use bench_app::{Variant, consent_value, cookie_header, policy, router};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let variant = match args.next().as_deref() {
        Some("bare") => Variant::Bare,
        Some("noop") => Variant::Noop,
        Some("consent") => Variant::Consent,
        Some("naive") => Variant::Naive,
        other => {
            eprintln!("usage: bench_server bare|noop|consent|naive [port], not {other:?}");
            std::process::exit(2);
        }
    };
    let port = args.next().unwrap_or_else(|| "3901".to_owned());
    let address = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .unwrap_or_else(|e| panic!("cannot listen on {address}: {e}"));
    println!(
        "cookie: {}",
        cookie_header(&consent_value(&policy(), false))
    );
    axum::serve(listener, router(variant))
        .await
        .expect("server failed");
}
