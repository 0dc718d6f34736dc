//! The crate's internal readers, opened to the fuzz targets (`fuzz/`) and
//! to the raw-byte property tests. Compiled only with the non-default
//! `fuzzing` feature; hidden from the docs and outside any semver promise.
//!
//! Each function calls the reader the layer itself runs, unchanged, and
//! copies its answer into a plain public struct.

use crate::consent::choice;
use crate::{ConsentId, Policy, PreferencesError};

/// The layer's limit on name + value of a `Set-Cookie` line.
pub const MAX_NAME_VALUE: usize = crate::cookie::set_cookie::MAX_NAME_VALUE;

/// What the `Set-Cookie` reader found in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetCookieView<'a> {
    /// The text before the first `=` of the name-value pair, trimmed.
    pub name: &'a [u8],
    /// The text after that `=`, trimmed.
    pub value: &'a [u8],
    /// The name the server reads the cookie back as: `name`, or for a
    /// nameless line the value's text before its first `=`, trimmed.
    pub read_back: &'a [u8],
    /// False when a browser would ignore the line.
    pub valid: bool,
    /// Every reading a browser may make expires the cookie at once.
    pub deletion: bool,
    /// The last `Domain` attribute's value.
    pub domain: Option<&'a [u8]>,
    /// The last `Path` attribute's value.
    pub path: Option<&'a [u8]>,
    /// Whether `Secure` is present.
    pub secure: bool,
}

/// Runs the layer's `Set-Cookie` reader on raw bytes; `now` is Unix seconds.
pub fn read_set_cookie(line: &[u8], now: i64) -> SetCookieView<'_> {
    let line = crate::cookie::set_cookie::read(line, now);
    SetCookieView {
        name: line.name,
        value: line.value,
        read_back: line.read_back,
        valid: line.valid,
        deletion: line.deletion,
        domain: line.domain,
        path: line.path,
        secure: line.secure,
    }
}

/// Runs the layer's cookie-date reader (RFC 6265bis §5.1.1) on raw bytes:
/// Unix seconds, or `None` where the algorithm fails.
pub fn parse_cookie_date(value: &[u8]) -> Option<i64> {
    crate::cookie::set_cookie::date::parse(value)
}

/// What the layer's consent cookie decoder read, as bit sets over the
/// policy's category indices (in [`Policy::categories`] order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceView {
    /// The choice's identifier.
    pub id: ConsentId,
    /// When it was made, Unix seconds.
    pub at: i64,
    /// Made while the browser sent Global Privacy Control.
    pub gpc: bool,
    /// Categories accepted at their current revision.
    pub accepted: u64,
    /// Categories refused.
    pub refused: u64,
    /// Categories accepted at another revision.
    pub lapsed: u64,
}

/// Runs the layer's allocation-free consent cookie decoder on raw bytes.
pub fn decode_consent_cookie(
    value: &[u8],
    policy: &Policy,
) -> Result<ChoiceView, PreferencesError> {
    choice::decode(value, policy).map(|c| ChoiceView {
        id: c.id,
        at: c.at,
        gpc: c.gpc,
        accepted: c.accepted,
        refused: c.refused,
        lapsed: c.lapsed,
    })
}

/// Runs the layer's reader of one `Cookie` field: its (name, value) pairs.
pub fn cookie_pairs(field: &[u8]) -> Vec<(&[u8], &[u8])> {
    crate::cookie::cookie_header::pairs(field)
        .map(|p| (p.name, p.value))
        .collect()
}

/// What `POST /consent` makes of one body: the choice it would store.
#[cfg(feature = "axum")]
#[derive(Debug, Clone)]
pub struct ConsentPostView {
    /// The action read, by its form name (`accept_all`, ...).
    pub action: &'static str,
    /// The `scope` entries read.
    pub scope: Vec<String>,
    /// The new choice, as the handler builds it.
    pub prefs: crate::Preferences,
    /// The `Set-Cookie` line the handler would send; `None` makes it
    /// answer 500.
    pub set_cookie: Option<http::HeaderValue>,
    /// Where the handler would redirect: the validated `return_to`.
    pub location: String,
}

/// Runs `POST /consent`'s body reader on `body` (with this `Content-Type`)
/// and, when it reads, the handler's own steps after it: the new choice for
/// the visitor `consent` describes, its `Set-Cookie` line and the
/// redirect target. `Err` carries the reader's refusal (the handler's 415
/// or 400).
#[cfg(feature = "axum")]
pub fn consent_post(
    consent: &crate::Consent,
    content_type: Option<&http::HeaderValue>,
    body: &[u8],
    now: i64,
) -> Result<ConsentPostView, String> {
    use crate::ui::routes::{new_preferences, post_body, return_to, set_cookie_line};
    let request = post_body::parse(content_type, body).map_err(|e| format!("{e:?}"))?;
    let prefs = new_preferences::preferences_for(&request, consent, now);
    Ok(ConsentPostView {
        action: request.action.name(),
        scope: request.scope.clone(),
        set_cookie: set_cookie_line::set_cookie_line(consent, &prefs),
        location: return_to::local_path_or_root(request.return_to.as_deref()).to_owned(),
        prefs,
    })
}
