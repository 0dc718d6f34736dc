//! The README's quick start, as written: the same code compiles here, its
//! `Cargo.toml` block names every crate it uses at the versions this
//! crate tests with, and the app does what the README says.

mod common;

// At the crate root, as in the reader's `main.rs`; the test harness
// replaces its `main`.
include!("readme_quick_start/snippet.rs");

use common::*;

const SNIPPET: &str = include_str!("readme_quick_start/snippet.rs");

/// The body of the first fenced block of `lang` in the README's quick start.
fn quick_start_block(lang: &str) -> String {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n## Quick start\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a quick start");
    let fence = format!("```{lang}\n");
    let start = section.find(&fence).expect("a fenced block") + fence.len();
    let end = start + section[start..].find("```").expect("a closed block");
    section[start..end].to_owned()
}

/// `name = "version"` or `name = { version = "version", … }` lines.
fn dependencies(toml: &str) -> Vec<(String, String)> {
    toml.lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once(" = ")?;
            let version = rest.split('"').nth(1)?;
            Some((name.trim().to_owned(), version.to_owned()))
        })
        .collect()
}

#[test]
fn the_readme_shows_this_code() {
    assert_eq!(quick_start_block("rust"), SNIPPET);
}

#[test]
fn the_cargo_toml_block_lists_every_crate_the_code_uses_at_tested_versions() {
    let listed = dependencies(&quick_start_block("toml"));
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    for used in ["axum", "tokio", "tower-cookies", "tower-cookie-consent"] {
        let path = used.replace('-', "_");
        assert!(SNIPPET.contains(&format!("{path}::")), "{used} unused");
        assert!(names.contains(&used), "{used} missing from {names:?}");
    }
    assert_eq!(names.len(), 4, "{names:?}");

    let manifest = include_str!("../Cargo.toml");
    let dev = manifest
        .split("[dev-dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    let tested = dependencies(dev);
    for (name, version) in &listed {
        if name == "tower-cookie-consent" {
            assert!(env!("CARGO_PKG_VERSION").starts_with(&format!("{version}.")));
        } else {
            assert!(
                tested.contains(&(name.clone(), version.clone())),
                "{name} {version} is not what the tests use: {tested:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_quick_start_strips_ga_until_statistics_are_accepted() {
    let policy = policy().expect("the README's policy is valid");
    let app = app(policy.clone());
    let before = get_with(&app, &[]).await;
    assert!(set_cookies(&before).is_empty());
    assert_eq!(body_text(before).await, "analytics off");

    let accepted = consent_cookie(&policy, &[Category::Statistical], &[], &[], 10);
    let after = get_with(&app, &[("cookie", &accepted)]).await;
    assert_eq!(names(&set_cookies(&after)), ["_ga"]);
    assert_eq!(body_text(after).await, "analytics on");
}
