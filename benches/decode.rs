//! Reading the consent cookie from a `Cookie` header of 1, 10 and 50
//! cookies, through the layer (no internal API is exposed for this).
//! Run with `cargo bench --bench decode`.
//!
//! The inner service answers at once with an empty response, so the
//! request side dominates: read the privacy signals, find and decode the
//! consent cookie, build the `Consent` and put it in the extensions. The
//! consent cookie comes last, so the whole header is scanned. Scrubbing
//! and withdrawal are off here to isolate the reading; the request benches
//! measure the layer with its defaults. Subtract `noop` from `decided` for
//! the layer's request-side cost. `decided` repeats one visitor, so after
//! the first request the layer's cache of decoded consent cookies answers;
//! `decided_uncached` turns the cache off: every request decodes, as a
//! visitor's first request does.

use std::convert::Infallible;

use http::header::COOKIE;
use http::{Request, Response};
use tower::layer::util::Identity;
use tower::{Layer, Service, service_fn};
use tower_cookie_consent::{ConsentLayer, ConsentLayerBuilder};

#[path = "../tests/common/bench_app.rs"]
mod bench_app;

fn main() {
    divan::main();
}

const COOKIES: [usize; 3] = [1, 10, 50];

/// `count - 1` other cookies, then the consent cookie if there is one.
fn header(count: usize, consent: Option<&str>) -> String {
    let mut parts: Vec<String> = (0..count - 1)
        .map(|i| format!("cookie{i}=value-{i}-abcdef"))
        .collect();
    parts.push(match consent {
        Some(value) => format!("cookies_preferences={value}"),
        None => format!("cookie{count}=value-last"),
    });
    parts.join("; ")
}

fn inner() -> impl Service<Request<()>, Response = Response<()>, Error = Infallible> + Clone {
    service_fn(|_request: Request<()>| std::future::ready(Ok(Response::new(()))))
}

fn run<S>(bencher: divan::Bencher, mut service: S, header: String)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    bencher
        .with_inputs(|| {
            Request::builder()
                .header(COOKIE, header.as_str())
                .body(())
                .expect("a valid request")
        })
        .bench_local_values(|request| bench_app::block_on(service.call(request)));
}

/// A decided visitor, the cache of decoded consent cookies off: the cookie
/// is decoded on every request.
#[divan::bench(args = COOKIES)]
fn decided_uncached(bencher: divan::Bencher, cookies: usize) {
    let value = bench_app::consent_value(&bench_app::policy(), true);
    let service = reading_layer()
        .with_choice_cache(0)
        .build()
        .unwrap()
        .layer(inner());
    run(bencher, service, header(cookies, Some(&value)));
}

fn reading_layer() -> ConsentLayerBuilder {
    ConsentLayer::builder(bench_app::policy())
        .with_request_scrubbing(false)
        .with_withdrawal_cleanup(false)
}

/// A decided visitor: the consent cookie is found, and decoded the first
/// time (then answered from the cache).
#[divan::bench(args = COOKIES)]
fn decided(bencher: divan::Bencher, cookies: usize) {
    let value = bench_app::consent_value(&bench_app::policy(), true);
    let service = reading_layer().build().unwrap().layer(inner());
    run(bencher, service, header(cookies, Some(&value)));
}

/// No consent cookie: the header is scanned, nothing is decoded.
#[divan::bench(args = COOKIES)]
fn undecided(bencher: divan::Bencher, cookies: usize) {
    let service = reading_layer().build().unwrap().layer(inner());
    run(bencher, service, header(cookies, None));
}

/// The same requests through a layer that does nothing: the floor.
#[divan::bench(args = COOKIES)]
fn noop(bencher: divan::Bencher, cookies: usize) {
    let value = bench_app::consent_value(&bench_app::policy(), true);
    let service = Identity::new().layer(inner());
    run(bencher, service, header(cookies, Some(&value)));
}
