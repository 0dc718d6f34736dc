//! The tower layer: its configuration, service and response future; the
//! request side (reading and scrubbing the `Cookie` header), the response
//! side (judging `Set-Cookie` lines, withdrawal, cache headers) and the
//! report.

pub(crate) mod cache_control;
pub(crate) mod choice_cache;
pub(crate) mod config;
pub(crate) mod future;
pub(crate) mod layer;
#[cfg(feature = "tower-cookies")]
mod layer_order;
pub(crate) mod report;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod scrub;
pub(crate) mod service;
pub(crate) mod shared;
#[cfg(feature = "signed")]
mod signing;
pub(crate) mod withdrawal;
