//! The layer's heap allocations per request, enforced.
//!
//! A counting global allocator (stats_alloc's, so that this file needs no
//! `unsafe`) counts every allocation and reallocation of one in-process
//! request through the benchmark router (`common/bench_app.rs`): once with
//! `ConsentLayer` as the outer layer, once with a layer that does nothing.
//! The difference is what the layer costs. Everything runs on this thread
//! in a single test, so no other test's allocations are counted.
//! `cargo test --test allocations -- --nocapture` prints the counts.
//!
//! What cannot be removed, and why:
//!
//! - **The extension box: 1.** The layer hands `Consent` to the handlers in
//!   the request extensions, and `http::Extensions::insert` boxes every
//!   value it stores (`Box<dyn Any>`), whatever its size.
//! - **The extension map growing: 0 or 1.** `Extensions` is a hash map that
//!   grows when full (3, then 7 entries…). Axum's router stores its own
//!   entries first; whether our entry is the one that makes the table grow
//!   depends on how many entries other layers add: behind tower-cookies the
//!   growth only moves from its entry to ours; with no other layer it is
//!   ours to pay.
//!
//! What stays off the heap on purpose: whether the handler took the
//! `Consent` extractor is a flag in a table the layer allocates once, not
//! an `Arc<AtomicBool>` per request (only a request that finds its slot
//! held, with over a thousand requests in flight, allocates one); a
//! percent-encoded cookie name is decoded on the stack; a first visit's
//! decoded consent cookie goes into a slot of the cache's table, allocated
//! once.
//!
//! Nothing else on these paths allocates: the surviving `Set-Cookie` lines
//! are moved, not collected (`remove_entry_mult` would build a `Vec`),
//! `Cache-Control: private` is edited in place, and withdrawal keeps the
//! names it may delete inline instead of a copy of the `Cookie` field (a
//! clone of a header value built from a `Vec` allocates).

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[path = "common/bench_app.rs"]
mod bench_app;

use bench_app::{
    NECESSARY, Variant, call, consent_value, cookie_header, policy, request, router,
    set_cookie_names,
};

/// `http::Extensions::insert` boxes `Consent`.
const EXTENSION_BOX: usize = 1;
/// Behind no other layer, our extension entry is the one that makes the
/// extension map grow.
const MAP_GROWTH: usize = 1;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations while `run` runs.
fn count<T>(run: impl FnOnce() -> T) -> usize {
    let region = Region::new(GLOBAL);
    drop(std::hint::black_box(run()));
    let change = region.change();
    change.allocations + change.reallocations
}

/// One case: a path of the benchmark router and the `Cookie` header sent.
struct Case {
    what: &'static str,
    path: &'static str,
    header: String,
    /// The `Set-Cookie` names the layer must let through, sorted.
    kept: &'static [&'static str],
}

/// Allocations of one request through the layer and through the no-op
/// layer, after a few requests have warmed up lazily built state (tracing
/// call sites, the unknown names table). The counter is global, and the
/// test harness's own thread now and then allocates while a request runs:
/// that can only add, so the fewest of several runs is the request's own
/// count (a request allocates the same every time).
fn measure(case: &Case) -> (usize, usize) {
    let mut counts = [0usize; 2];
    for (slot, variant) in [Variant::Noop, Variant::Consent].into_iter().enumerate() {
        let mut router = router(variant);
        let response = call(&mut router, request(case.path, &case.header));
        if variant == Variant::Consent {
            let mut names = set_cookie_names(&response);
            names.sort();
            assert_eq!(names, case.kept, "{}: wrong Set-Cookie lines", case.what);
        }
        for _ in 0..3 {
            drop(call(&mut router, request(case.path, &case.header)));
        }
        counts[slot] = (0..7)
            .map(|_| {
                let request = request(case.path, &case.header);
                count(|| call(&mut router, request))
            })
            .min()
            .expect("seven runs");
    }
    (counts[0], counts[1])
}

/// [`measure`] for a visitor's first request: a consent cookie the layer
/// has not read before on every run, so its cache of decoded cookies
/// misses and keeps the new value.
fn measure_first_visit() -> (usize, usize) {
    let policy = policy();
    let fresh = || request("/", &cookie_header(&consent_value(&policy, true)));
    let mut counts = [0usize; 2];
    for (slot, variant) in [Variant::Noop, Variant::Consent].into_iter().enumerate() {
        let mut router = router(variant);
        for _ in 0..3 {
            drop(call(&mut router, fresh()));
        }
        counts[slot] = (0..7)
            .map(|_| {
                let request = fresh();
                count(|| call(&mut router, request))
            })
            .min()
            .expect("seven runs");
    }
    (counts[0], counts[1])
}

#[test]
fn the_layer_allocates_only_what_http_forces() {
    // The counter counts: a check that could not fail would prove nothing.
    assert_eq!(count(|| Box::new(7u64)), 1);
    assert_eq!(count(|| 7u64), 0);

    let policy = policy();
    let accepted = consent_value(&policy, true);
    let refused = consent_value(&policy, false);
    let necessary_only: String = NECESSARY
        .iter()
        .map(|n| format!("{n}=1"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut all = vec!["_fbp", "_ga", "sessionid"];
    all.sort();
    let all: &'static [&'static str] = all.leak();

    // (case, the layer's allocations at most)
    let cases = [
        (
            Case {
                what: "undecided visitor, nothing stripped",
                path: "/necessary",
                header: necessary_only.clone(),
                kept: &["csrftoken", "lb_route", "sessionid"],
            },
            EXTENSION_BOX,
        ),
        (
            Case {
                what: "decided visitor, nothing stripped",
                path: "/",
                header: cookie_header(&accepted),
                kept: all,
            },
            EXTENSION_BOX,
        ),
        (
            Case {
                what: "decided visitor sending cookies withdrawal watches, nothing stripped",
                path: "/",
                header: format!("_ga=GA1.1.1; _fbp=fb.1.2; {}", cookie_header(&accepted)),
                kept: all,
            },
            EXTENSION_BOX,
        ),
        (
            Case {
                what: "visitor who refused, two of three lines stripped",
                path: "/",
                header: cookie_header(&refused),
                kept: &["sessionid"],
            },
            EXTENSION_BOX,
        ),
        (
            Case {
                what: "undecided visitor, two of three lines stripped",
                path: "/",
                header: necessary_only.clone(),
                kept: &["sessionid"],
            },
            EXTENSION_BOX,
        ),
        (
            Case {
                what: "no tower-cookies: decided visitor sending watched cookies, none stripped",
                path: "/raw",
                header: format!("_ga=GA1.1.1; _fbp=fb.1.2; {}", cookie_header(&accepted)),
                kept: all,
            },
            EXTENSION_BOX + MAP_GROWTH,
        ),
        (
            Case {
                what: "no tower-cookies: visitor who refused, two of three lines stripped",
                path: "/raw",
                header: cookie_header(&refused),
                kept: &["sessionid"],
            },
            EXTENSION_BOX + MAP_GROWTH,
        ),
        (
            Case {
                what: "no tower-cookies: a page reading the consent, no Set-Cookie: private",
                path: "/page",
                header: cookie_header(&accepted),
                kept: &[],
            },
            // The flag that the handler read the consent lives in the
            // layer's table, not on the heap.
            EXTENSION_BOX + MAP_GROWTH,
        ),
        (
            Case {
                what: "no tower-cookies: refused, sends %5Fga: both readings judged",
                path: "/page",
                header: format!("%5Fga=GA1.1.1; {}", cookie_header(&refused)),
                kept: &[],
            },
            // The rebuilt `Cookie` field.
            EXTENSION_BOX + MAP_GROWTH + 1,
        ),
        (
            Case {
                what: "no tower-cookies: refused, sends _ga: scrubbed, stripped, deleted",
                path: "/raw",
                header: format!("_ga=GA1.1.1; {}", cookie_header(&refused)),
                kept: &["_ga", "sessionid"],
            },
            // The rebuilt `Cookie` field, and one deletion line (the bench
            // policy lists no domain for `_ga`): one allocation each.
            EXTENSION_BOX + MAP_GROWTH + 2,
        ),
    ];
    let mut report = String::new();
    for (case, most) in &cases {
        let (noop, layer) = measure(case);
        let extra = layer as isize - noop as isize;
        report.push_str(&format!(
            "{:<72} noop {noop:>3}  layer {layer:>3}  extra {extra}\n",
            case.what
        ));
        assert!(
            extra <= *most as isize,
            "{}: the layer made {extra} allocations, at most {most} allowed\n{report}",
            case.what
        );
    }
    // A first visit: the cache of decoded consent cookies keeps the new
    // value in a slot allocated with the table, not on the heap.
    let (noop, layer) = measure_first_visit();
    let extra = layer as isize - noop as isize;
    report.push_str(&format!(
        "{:<72} noop {noop:>3}  layer {layer:>3}  extra {extra}\n",
        "first visit: a consent cookie the cache has not seen, nothing stripped"
    ));
    assert!(
        extra <= EXTENSION_BOX as isize,
        "a first visit: the layer made {extra} allocations\n{report}"
    );
    println!("{report}");
}
