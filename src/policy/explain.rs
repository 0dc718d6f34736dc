//! `Policy::explain`: what the policy says about one cookie name, in words
//! a developer can read at startup or in a test.

use std::fmt;

use super::{CookieRule, DEFAULT_COOKIE_NAME, NameMatch, Policy, UnknownCookies};
use crate::Category;

/// What a [`Policy`] does with one cookie name: the rule that matches it
/// (exact or pattern) with its category and service, or that no rule does
/// and what then happens to it. Made by [`Policy::explain`]; its `Display`
/// is one line for a log or an assertion message.
///
/// ```
/// use tower_cookie_consent::{Category, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
///     .build()?;
/// let ga = policy.explain("_ga_X1");
/// assert!(ga.is_registered());
/// assert_eq!(ga.category(), Some(&Category::Statistical));
/// assert_eq!(ga.service(), Some("google-analytics"));
/// assert_eq!(ga.rule().unwrap().name(), "_ga_*");
/// assert!(!ga.is_necessary());
/// assert_eq!(
///     ga.to_string(),
///     r#""_ga_X1": statistical, service google-analytics (pattern "_ga_*"): set and read only with the visitor's consent"#,
/// );
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    name: String,
    rule: Option<CookieRule>,
    unknown: UnknownCookies,
}

impl Explanation {
    /// The name explained, as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The rule that governs the name, `None` when it is unregistered.
    pub fn rule(&self) -> Option<&CookieRule> {
        self.rule.as_ref()
    }

    /// Whether a rule governs the name.
    pub fn is_registered(&self) -> bool {
        self.rule.is_some()
    }

    /// Whether the name is the consent cookie's default name, which every
    /// policy registers as necessary. The policy does not know a name
    /// given to `with_cookie_name`: the layer lets its own cookie through
    /// either way, and a necessary rule for that name makes `explain` and
    /// [`Policy::check_names`] call it necessary too.
    pub fn is_consent_cookie(&self) -> bool {
        self.name == DEFAULT_COOKIE_NAME
    }

    /// The category of the rule that governs the name, `None` when it is
    /// unregistered (see [`Policy::unknown`] for what then happens).
    pub fn category(&self) -> Option<&Category> {
        self.rule.as_ref().map(CookieRule::category)
    }

    /// The service of the rule that governs the name, if it names one.
    pub fn service(&self) -> Option<&str> {
        self.rule.as_ref().and_then(CookieRule::service_name)
    }

    /// Whether the layer sets and reads the cookie whatever the visitor
    /// chose: its rule is necessary, or it is unregistered and the policy
    /// lets unknown names through ([`UnknownCookies::Allow`]).
    pub fn is_necessary(&self) -> bool {
        match &self.rule {
            Some(rule) => rule.category().is_necessary(),
            None => self.unknown == UnknownCookies::Allow,
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        let Some(rule) = &self.rule else {
            return write!(
                f,
                "{name:?}: unregistered: {}",
                unknown_outcome(&self.unknown)
            );
        };
        if self.is_consent_cookie() {
            return write!(
                f,
                "{name:?}: the consent cookie, necessary: always set and read"
            );
        }
        write!(f, "{name:?}: {}", rule.category())?;
        if let Some(service) = rule.service_name() {
            write!(f, ", service {service}")?;
        }
        let kind = match rule.name_match() {
            NameMatch::Exact(_) => "exact rule",
            NameMatch::Pattern(_) => "pattern",
        };
        write!(f, " ({kind} {:?}): ", rule.name())?;
        f.write_str(if rule.category().is_necessary() {
            "always set and read"
        } else {
            "set and read only with the visitor's consent"
        })
    }
}

/// What the layer does with a name no rule matches, as the end of a sentence.
pub(super) fn unknown_outcome(unknown: &UnknownCookies) -> String {
    match unknown {
        UnknownCookies::Strip => "stripped from responses and hidden from the application \
                                  (UnknownCookies::Strip, the default)"
            .to_owned(),
        UnknownCookies::Allow => {
            "let through as if necessary, whatever the visitor chose (UnknownCookies::Allow)"
                .to_owned()
        }
        UnknownCookies::As(category) => {
            format!("treated as {category} (UnknownCookies::As)")
        }
    }
}

impl Policy {
    /// What the policy does with a cookie name: the rule that governs it
    /// (exact or pattern, as [`Policy::classify`] finds it), its category
    /// and service, or that it is unregistered. The consent cookie's default
    /// name is always registered, as necessary.
    ///
    /// ```
    /// use tower_cookie_consent::{Category, CookieRule, Policy};
    ///
    /// let policy = Policy::builder()
    ///     .rule(CookieRule::exact("id", Category::Necessary))
    ///     .build()?;
    /// assert_eq!(
    ///     policy.explain("id").to_string(),
    ///     r#""id": necessary (exact rule "id"): always set and read"#,
    /// );
    /// assert_eq!(
    ///     policy.explain("theme").to_string(),
    ///     r#""theme": unregistered: stripped from responses and hidden from the application (UnknownCookies::Strip, the default)"#,
    /// );
    /// let consent = policy.explain("cookies_preferences");
    /// assert!(consent.is_consent_cookie() && consent.is_necessary());
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn explain(&self, name: &str) -> Explanation {
        Explanation {
            name: name.to_owned(),
            rule: self.classify(name).cloned(),
            unknown: self.unknown().clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_follow_the_policy() {
        let allow = Policy::builder()
            .unknown(UnknownCookies::Allow)
            .build()
            .unwrap();
        let theme = allow.explain("theme");
        assert!(!theme.is_registered() && theme.is_necessary());
        assert!(theme.to_string().contains("UnknownCookies::Allow"));

        let as_internal = Policy::builder()
            .unknown(UnknownCookies::As(Category::Internal))
            .build()
            .unwrap();
        let theme = as_internal.explain("theme");
        assert!(!theme.is_necessary());
        assert_eq!(theme.category(), None);
        assert!(theme.to_string().contains("treated as internal"), "{theme}");
    }

    #[test]
    fn a_registered_consent_cookie_is_still_the_consent_cookie() {
        let policy = Policy::builder()
            .rule(CookieRule::exact(DEFAULT_COOKIE_NAME, Category::Necessary).provider("Us"))
            .build()
            .unwrap();
        let explained = policy.explain(DEFAULT_COOKIE_NAME);
        assert!(explained.is_consent_cookie());
        assert_eq!(explained.rule().unwrap().provider_name(), Some("Us"));
        assert!(explained.to_string().contains("the consent cookie"));
    }
}
