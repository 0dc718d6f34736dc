//! Properties of the layer and the consent cookie, checked on generated
//! input through a real axum `Router`.
//!
//! Each property runs `PROPTEST_CASES` cases (`scripts/properties` sets
//! 10 000, as CI does); plain `cargo test` runs [`DEFAULT_CASES`].
//! The raw-byte reader properties need the `fuzzing` feature, which opens
//! the layer's internal readers; `scripts/properties` turns it on.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tower_cookie_consent::{
    Category, ConsentId, ConsentLayer, DEFAULT_COOKIE_NAME, Grant, MAX_ENCODED_LEN, Preferences,
    PreferencesError,
};

use common::echo_app::{
    self, DECIDED, SEEN_COOKIE, SET_COOKIE_REQUEST, Stored, allowed, consent_pair, now, policy,
    send,
};
use common::wire;

/// Cases per property in a plain `cargo test`.
pub(crate) const DEFAULT_CASES: u32 = 1_000;

pub(crate) fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
}

#[path = "properties/consent_cookie.rs"]
mod consent_cookie;
#[path = "properties/generators.rs"]
mod generators;
#[path = "properties/layer.rs"]
mod layer;
#[cfg(feature = "fuzzing")]
#[path = "properties/raw_bytes.rs"]
mod raw_bytes;

use generators::*;
