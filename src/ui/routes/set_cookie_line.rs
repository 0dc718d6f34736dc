//! The `Set-Cookie` line that stores a choice.

use http::HeaderValue;

use crate::{Consent, Preferences};

/// `<name>=<value>; Path=/; Max-Age=<lifetime>; SameSite=Lax; HttpOnly`,
/// the value signed when the layer has a signing key, plus `; Secure`
/// unless the layer was built with
/// `with_secure_cookie(false)`. The cookie is necessary (it holds the
/// choice itself) and only the server reads it, hence `HttpOnly`; pages
/// that need the state from a script ask `GET /consent`.
pub(crate) fn set_cookie_line(consent: &Consent, prefs: &Preferences) -> Option<HeaderValue> {
    let mut line = format!(
        "{}={}; Path=/; Max-Age={}; SameSite=Lax; HttpOnly",
        consent.cookie_name(),
        consent.signer().sign(prefs.encode()),
        consent.lifetime().as_secs()
    );
    if consent.secure_cookie() {
        line.push_str("; Secure");
    }
    // The name was checked when the layer was built and the value is
    // percent-encoded to cookie-safe ASCII (the MAC is base64), so this
    // does not fail.
    HeaderValue::try_from(line).ok()
}
