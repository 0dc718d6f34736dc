//! Helpers shared by the integration tests. Each test file uses part of
//! them, so unused ones are not warnings.
#![allow(dead_code)]

pub mod echo_app;
pub mod wire;
