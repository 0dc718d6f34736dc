//! A full in-process request through an axum `Router` whose route sets
//! three cookies with tower-cookies, with a ten-cookie `Cookie` header:
//!
//! - (a) `bare`: no layer;
//! - (b) `noop`: a layer that does nothing (the floor of any middleware);
//! - (c) `consent_keep`: `ConsentLayer`, a visitor who accepted everything,
//!   nothing to strip;
//! - (d) `consent_strip`: `ConsentLayer`, a visitor who refused everything,
//!   two of the three lines stripped;
//! - (e) `naive_strip`: a hand-written `from_fn` filter, same visitor;
//! - (b') `noop_keep`: (b) with the header of (c), whose longer consent
//!   cookie tower-cookies also parses: the baseline of (c);
//! - (c0), (d0): (c) and (d) with the layer's cache of decoded consent
//!   cookies off, as for a visitor seen for the first time.
//!
//! `cargo bench --bench request` first runs divan's per-variant statistics,
//! then an interleaved pass: in every round each variant serves one small
//! batch of requests, in a rotating order, so drift on a shared machine hits
//! all variants alike; the ratios are medians of per-round ratios, with
//! their quartiles.

use std::hint::black_box;
use std::time::Instant;

#[path = "../tests/common/bench_app.rs"]
mod bench_app;

use bench_app::{Variant, call, consent_value, cookie_header, policy, request, router};

/// One benchmarked case.
#[derive(Debug, Clone, Copy)]
struct Case {
    label: &'static str,
    variant: Variant,
    accept: bool,
    /// The `Set-Cookie` names the response must carry.
    expect: &'static [&'static str],
}

const ALL: &[&str] = &["sessionid", "_ga", "_fbp"];
const NECESSARY_ONLY: &[&str] = &["sessionid"];

const CASES: [Case; 8] = [
    Case {
        label: "(a) bare",
        variant: Variant::Bare,
        accept: false,
        expect: ALL,
    },
    Case {
        label: "(b) noop",
        variant: Variant::Noop,
        accept: false,
        expect: ALL,
    },
    Case {
        label: "(c) consent_keep",
        variant: Variant::Consent,
        accept: true,
        expect: ALL,
    },
    Case {
        label: "(d) consent_strip",
        variant: Variant::Consent,
        accept: false,
        expect: NECESSARY_ONLY,
    },
    Case {
        label: "(e) naive_strip",
        variant: Variant::Naive,
        accept: false,
        expect: NECESSARY_ONLY,
    },
    Case {
        label: "(b') noop_keep",
        variant: Variant::Noop,
        accept: true,
        expect: ALL,
    },
    Case {
        label: "(c0) keep, uncached",
        variant: Variant::ConsentUncached,
        accept: true,
        expect: ALL,
    },
    Case {
        label: "(d0) strip, uncached",
        variant: Variant::ConsentUncached,
        accept: false,
        expect: NECESSARY_ONLY,
    },
];

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label)
    }
}

/// A router and the header its requests carry, checked to behave as the
/// case says before anything is timed.
struct Prepared {
    router: axum::Router,
    header: String,
}

impl Prepared {
    fn new(case: Case) -> Self {
        let header = cookie_header(&consent_value(&policy(), case.accept));
        let mut router = router(case.variant);
        let response = call(&mut router, request("/", &header));
        // tower-cookies writes its lines in hash order.
        let mut names = bench_app::set_cookie_names(&response);
        names.sort();
        let mut expect = case.expect.to_vec();
        expect.sort();
        assert_eq!(names, expect, "{case}: unexpected Set-Cookie lines");
        Prepared { router, header }
    }
}

fn main() {
    divan::main();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then the slow interleaved pass is skipped.
    if std::env::args().any(|a| a == "--bench") {
        interleaved(300, 200);
    }
}

#[divan::bench(args = CASES)]
fn request_through_router(bencher: divan::Bencher, case: Case) {
    let mut prepared = Prepared::new(case);
    bencher
        .with_inputs(|| request("/", &prepared.header))
        .bench_local_values(|request| call(&mut prepared.router, request));
}

/// Times `batch` requests per variant per round, for `rounds` rounds, and
/// prints the median time per request and the median per-round ratios.
fn interleaved(rounds: usize, batch: usize) {
    let mut prepared: Vec<Prepared> = CASES.iter().map(|&c| Prepared::new(c)).collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); CASES.len()];
    let mut responses = Vec::with_capacity(batch);
    for round in 0..rounds + 2 {
        for offset in 0..CASES.len() {
            let index = (round + offset) % CASES.len();
            let case = &mut prepared[index];
            let requests: Vec<_> = (0..batch).map(|_| request("/", &case.header)).collect();
            let start = Instant::now();
            for request in requests {
                responses.push(call(&mut case.router, black_box(request)));
            }
            let elapsed = start.elapsed();
            responses.clear();
            // The first two rounds warm up caches and branch predictors.
            if round >= 2 {
                samples[index].push(elapsed.as_nanos() as f64 / batch as f64);
            }
        }
    }
    println!();
    println!("interleaved: {rounds} rounds of {batch} requests per variant");
    println!(
        "{:<20} {:>14} {:>22}",
        "variant", "median ns/req", "quartiles"
    );
    for (case, times) in CASES.iter().zip(&samples) {
        let (q1, q2, q3) = quartiles(times.clone());
        println!(
            "{:<20} {q2:>14.0} {:>22}",
            case.label,
            format!("{q1:.0} to {q3:.0}")
        );
    }
    let ratio = |num: usize, den: usize, target: &str| {
        let per_round: Vec<f64> = samples[num]
            .iter()
            .zip(&samples[den])
            .map(|(n, d)| n / d)
            .collect();
        let (q1, q2, q3) = quartiles(per_round);
        println!(
            "{:<20} {q2:>14.3} {:>22}   {target}",
            format!("{} / {}", short(CASES[num].label), short(CASES[den].label)),
            format!("{q1:.3} to {q3:.3}"),
        );
    };
    println!(
        "{:<20} {:>14} {:>22}   target",
        "per-round ratio", "median", "quartiles"
    );
    ratio(2, 5, "<= 1.05");
    ratio(3, 1, "<= 1.15");
    ratio(4, 3, "our lead (> 1: the hand-written filter is slower)");
    ratio(1, 0, "the floor: what any layer costs in axum");
    ratio(6, 5, "a first visit: cache off");
    ratio(7, 1, "a first visit: cache off");
    ratio(5, 1, "the longer consent cookie, without the layer");
}

/// The "(x)" part of a case's label.
fn short(label: &str) -> &str {
    label.split_once(' ').map_or(label, |(head, _)| head)
}

/// First quartile, median and third quartile.
fn quartiles(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.25), median(values.clone()), at(0.75))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}
