//! What the fuzz targets share: the policy they judge against.

use std::sync::OnceLock;

use tower_cookie_consent::{Category, CookieRule, Policy};

/// A policy with every built-in category, exact names, globs, services,
/// domains, paths and a `__Host-` name, built once.
pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        Policy::builder()
            .rule(CookieRule::exact("sessionid", Category::Necessary))
            .rule(CookieRule::exact("csrftoken", Category::Necessary))
            .rule(CookieRule::exact("__Host-sid", Category::Necessary))
            .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
            .rule(
                CookieRule::pattern("_ga_*", Category::Statistical)
                    .service("google-analytics")
                    .domain(".example.com"),
            )
            .rule(
                CookieRule::pattern("_pk_id.*", Category::Statistical)
                    .service("matomo")
                    .path("/app"),
            )
            .rule(CookieRule::exact("recently_viewed", Category::Internal))
            .rule(CookieRule::pattern("pref_*", Category::Internal))
            .rule(CookieRule::exact("__Secure-pref", Category::Internal).domain("example.com"))
            .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
            .rule(
                CookieRule::exact("ads_id", Category::ThirdParty)
                    .domain(".example.com")
                    .domain("ads.example.com"),
            )
            .build()
            .expect("the fuzz policy is valid")
    })
}

/// Whether `part` lies inside `whole` (both borrowed from the same input).
pub fn is_within(part: &[u8], whole: &[u8]) -> bool {
    let whole = whole.as_ptr_range();
    let part = part.as_ptr_range();
    whole.start <= part.start && part.end <= whole.end
}
