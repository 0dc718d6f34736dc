//! The policy and stored choices the hostile-input tests and the fuzz
//! targets share (fuzz/ includes this file by path), with the oracle that
//! says what the layer must let through. No axum here, so the fuzz crate
//! needs none.

use tower_cookie_consent::{
    Category, ConsentId, CookieRule, DEFAULT_COOKIE_NAME, Grant, Policy, PolicyBuilder,
    Preferences, UnknownCookies,
};

/// Every built-in category, exact names, globs, services, domains, a path,
/// `__Host-` and `__Secure-` names.
pub fn policy() -> Policy {
    rules().build().expect("the test policy is valid")
}

/// [`policy`] letting unknown names through.
pub fn policy_allowing_unknown() -> Policy {
    rules()
        .unknown(UnknownCookies::Allow)
        .build()
        .expect("the test policy is valid")
}

fn rules() -> PolicyBuilder {
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
}

/// What a visitor has stored in the consent cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// No consent cookie.
    Nothing,
    /// Every category accepted at its current revision.
    AcceptAll,
    /// Every category refused.
    RefuseAll,
    /// Statistical accepted but the `matomo` service refused, internal
    /// refused, third party undecided.
    Mixed,
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// The stored choice as `Preferences`, made at `at`.
pub fn preferences(stored: Stored, policy: &Policy, at: i64) -> Option<Preferences> {
    let mut prefs = Preferences::new(ConsentId::from_bytes([7; 16]), at);
    let grant = |c: &Category| Grant::Accepted(policy.revision(c).expect("known").to_owned());
    for category in policy.categories().skip(1) {
        let value = match stored {
            Stored::Nothing => return None,
            Stored::AcceptAll => grant(category),
            Stored::RefuseAll => Grant::Refused,
            Stored::Mixed => match category {
                Category::Statistical => grant(category),
                Category::Internal => Grant::Refused,
                _ => continue,
            },
        };
        prefs.categories.insert(category.name().to_owned(), value);
    }
    if stored == Stored::Mixed {
        prefs.services.insert("matomo".to_owned(), Grant::Refused);
    }
    Some(prefs)
}

/// The consent cookie as a `Cookie` pair (`cookies_preferences=…`), made now.
pub fn consent_pair(stored: Stored, policy: &Policy) -> Option<String> {
    preferences(stored, policy, now()).map(|p| format!("{DEFAULT_COOKIE_NAME}={}", p.encode()))
}

/// Whether the rules of DESIGN.md let a cookie of this name through for
/// this stored choice under the default (opt-in, strip unknown) layer,
/// worked out from the policy's public classification alone.
pub fn allowed(policy: &Policy, stored: Stored, gpc: bool, name: &[u8]) -> bool {
    if name == DEFAULT_COOKIE_NAME.as_bytes() {
        return true;
    }
    let Some(rule) = policy.classify_bytes(name) else {
        return false;
    };
    let category = rule.category();
    if category.is_necessary() {
        return true;
    }
    if gpc && *category == Category::ThirdParty {
        return false;
    }
    match stored {
        Stored::Nothing | Stored::RefuseAll => false,
        Stored::AcceptAll => true,
        Stored::Mixed => {
            *category == Category::Statistical && rule.service_name() != Some("matomo")
        }
    }
}
