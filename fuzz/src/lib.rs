//! What the fuzz targets share: the policy they judge against, the same
//! one the hostile-input tests use, and the tests' own reading of cookie
//! headers, which shares no code with the layer's.

use std::sync::OnceLock;

use tower_cookie_consent::Policy;

/// The policy, stored choices and oracle shared with the integration tests.
#[path = "../../tests/common/fixture_policy.rs"]
pub mod fixture;

/// The tests' reading of `Set-Cookie` lines and cookie dates, written
/// from RFC 6265bis (and Chromium's and Firefox's expiry readings).
#[path = "../../tests/common/wire.rs"]
pub mod wire;

/// The shared test policy, built once.
pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(fixture::policy)
}

/// Whether `part` lies inside `whole` (both borrowed from the same input).
pub fn is_within(part: &[u8], whole: &[u8]) -> bool {
    let whole = whole.as_ptr_range();
    let part = part.as_ptr_range();
    whole.start <= part.start && part.end <= whole.end
}
