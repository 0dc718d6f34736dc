//! How long `Policy::classify` takes for one name, against registries of
//! 10, 1,000 and 10,000 rules. Run with `cargo bench --bench classify`.
//!
//! The registry is a realistic mix: the demo's ten rules (seven exact names
//! with the consent cookie's own, three `*` patterns), then generated rules of which 80% are exact names
//! in several styles, 15% prefix patterns (`_t123_*`, `vnd123.*`), 4%
//! patterns with text on both sides of the `*` (`mp_123_*_mixpanel`) and
//! 1% suffix-only patterns (`*_s123`). The looked-up names are the same
//! at every size, so the columns compare like with like.

use std::hint::black_box;

use tower_cookie_consent::{Category, CookieRule, Policy};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [10, 1_000, 10_000];

/// A registry of `size` rules (at least the demo's ten).
fn registry(size: usize) -> Policy {
    let base = [
        CookieRule::exact("sessionid", Category::Necessary),
        CookieRule::exact("csrftoken", Category::Necessary),
        CookieRule::exact("django_language", Category::Necessary),
        CookieRule::exact("_ga", Category::Statistical),
        CookieRule::pattern("_ga_*", Category::Statistical),
        CookieRule::pattern("_pk_id.*", Category::Statistical),
        CookieRule::pattern("_pk_ses.*", Category::Statistical),
        CookieRule::exact("recently_viewed", Category::Internal),
        CookieRule::exact("_fbp", Category::ThirdParty),
    ];
    let categories = [
        Category::Necessary,
        Category::Statistical,
        Category::Internal,
        Category::ThirdParty,
    ];
    // The builder adds the consent cookie's own rule: one more.
    let generated = (0..size.saturating_sub(base.len() + 1)).map(|i| {
        let category = categories[i % categories.len()].clone();
        match i % 100 {
            0..=19 => CookieRule::exact(format!("vendor{i}_uid"), category),
            20..=39 => CookieRule::exact(format!("_x{i}"), category),
            40..=59 => CookieRule::exact(format!("sess_{i}"), category),
            60..=79 => CookieRule::exact(format!("pref-{i}"), category),
            80..=89 => CookieRule::pattern(format!("_t{i}_*"), category),
            90..=94 => CookieRule::pattern(format!("vnd{i}.*"), category),
            95..=98 => CookieRule::pattern(format!("mp_{i}_*_mixpanel"), category),
            _ => CookieRule::pattern(format!("*_s{i}"), category),
        }
    });
    Policy::builder()
        .rules(base)
        .rules(generated)
        .build()
        .expect("the generated registry is valid")
}

fn classify(bencher: divan::Bencher, size: usize, name: &str, expect_hit: bool) {
    let policy = registry(size);
    assert_eq!(policy.rules().len(), size);
    assert_eq!(policy.classify(name).is_some(), expect_hit, "{name}");
    bencher.bench_local(|| policy.classify(black_box(name)).is_some());
}

/// A name an exact rule governs.
#[divan::bench(args = SIZES)]
fn exact_hit(bencher: divan::Bencher, size: usize) {
    classify(bencher, size, "_ga", true);
}

/// A name only a pattern governs.
#[divan::bench(args = SIZES)]
fn glob_hit(bencher: divan::Bencher, size: usize) {
    classify(bencher, size, "_ga_ABC123XYZ", true);
}

/// A name that starts like no pattern.
#[divan::bench(args = SIZES)]
fn miss(bencher: divan::Bencher, size: usize) {
    classify(bencher, size, "unknown_cookie", false);
}

/// A name that shares a prefix with patterns but matches none.
#[divan::bench(args = SIZES)]
fn near_miss(bencher: divan::Bencher, size: usize) {
    classify(bencher, size, "_pk_ref.1.a1b2", false);
}
