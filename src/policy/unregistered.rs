//! `Policy::check_names`: the startup check that every cookie the
//! application writes is in the registry.

use std::fmt;

use super::names::check_cookie_name;
use super::{Policy, UnknownCookies};

/// The cookie names [`Policy::check_names`] found no rule for, in the order
/// given, each once. Its `Display` says what the layer does with them and
/// how to register each, so a failing test or a refused start names the
/// cookie to add.
///
/// ```
/// use tower_cookie_consent::{Category, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .rule(CookieRule::exact("id", Category::Necessary))
///     .build()?;
/// let missing = policy.check_names(["id", "theme", "_ga", "theme"]).unwrap_err();
/// assert_eq!(missing.names(), ["theme", "_ga"]);
/// let message = missing.to_string();
/// assert!(message.contains(r#".rule(CookieRule::exact("theme", Category::…))"#), "{message}");
/// assert!(message.contains(r#"{"name": "_ga", "category": "…"}"#), "{message}");
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnregisteredNames {
    names: Vec<String>,
    unknown: UnknownCookies,
}

impl UnregisteredNames {
    /// The unregistered names, in the order given, without repeats.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

impl fmt::Display for UnregisteredNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.names.len();
        let (noun, them) = if count == 1 {
            ("cookie name is", "it")
        } else {
            ("cookie names are", "them")
        };
        write!(f, "{count} {noun} not in the cookie policy; the layer ")?;
        match &self.unknown {
            UnknownCookies::Strip => write!(
                f,
                "strips {them} from responses and hides {them} from the application"
            )?,
            UnknownCookies::Allow => write!(
                f,
                "lets {them} through whatever the visitor chose (UnknownCookies::Allow), \
                 and the policy page does not list {them}"
            )?,
            UnknownCookies::As(category) => write!(
                f,
                "treats {them} as {category} (UnknownCookies::As), \
                 and the policy page does not list {them}"
            )?,
        }
        f.write_str(":")?;
        for name in &self.names {
            match check_cookie_name(name) {
                Ok(()) => write!(
                    f,
                    "\n  - {name:?}: register it with `.rule(CookieRule::exact({name:?}, \
                     Category::…))`, or in JSON `{{\"name\": {name:?}, \"category\": \"…\"}}`"
                )?,
                // The builder would refuse a rule for it: the cookie itself is wrong.
                Err(reason) => write!(
                    f,
                    "\n  - {name:?}: not a cookie name ({reason}); rename the cookie"
                )?,
            }
        }
        f.write_str(
            "\nEach one's category: `necessary` if the site cannot do what the visitor asked \
             without it (a login session, a CSRF token, a theme or language the visitor just \
             picked, kept for the session); `internal` for other first-party cookies; \
             `statistical` for audience measurement; `third_party` for another company's; \
             or a custom category. Names that vary (`_ga_ABC123`) take \
             `CookieRule::pattern(\"_ga_*\", …)`.",
        )
    }
}

impl std::error::Error for UnregisteredNames {}

impl Policy {
    /// Checks that a rule governs every cookie name the application writes,
    /// for a test or `main`: `Err` lists each unregistered name (in the
    /// order given, once) with how to register it. It checks the names
    /// alone, whatever [`Policy::unknown`] does with unregistered ones.
    ///
    /// ```
    /// use tower_cookie_consent::{Category, CookieRule, Policy};
    ///
    /// // Every cookie the application writes.
    /// const COOKIES: [&str; 3] = ["id", "theme", "_ga"];
    ///
    /// let policy = Policy::builder()
    ///     .rule(CookieRule::exact("id", Category::Necessary).provider("tower-sessions"))
    ///     .rule(CookieRule::exact("theme", Category::Necessary))
    ///     .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
    ///     .build()?;
    /// // In `main`, before serving: refuse to start with a cookie the layer would strip.
    /// if let Err(missing) = policy.check_names(COOKIES) {
    ///     panic!("{missing}");
    /// }
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn check_names<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), UnregisteredNames> {
        let mut missing: Vec<String> = Vec::new();
        for name in names {
            if self.classify(name).is_none() && !missing.iter().any(|m| m == name) {
                missing.push(name.to_owned());
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        Err(UnregisteredNames {
            names: missing,
            unknown: self.unknown().clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Category;

    #[test]
    fn the_message_names_each_missing_cookie_once_and_says_how_to_fix_it() {
        let policy = Policy::builder().build().unwrap();
        let err = policy
            .check_names(["theme", "cookies_preferences", "a b", "theme"])
            .unwrap_err();
        assert_eq!(err.names(), ["theme", "a b"]);
        let message = err.to_string();
        assert!(
            message
                .starts_with("2 cookie names are not in the cookie policy; the layer strips them")
        );
        assert!(message.contains(r#"CookieRule::exact("theme", Category::…)"#));
        assert!(
            message.contains(r#""a b": not a cookie name (contains a space"#),
            "{message}"
        );
    }

    #[test]
    fn the_message_says_what_the_policy_does_with_unknown_names() {
        let policy = Policy::builder()
            .unknown(UnknownCookies::As(Category::Internal))
            .build()
            .unwrap();
        let message = policy.check_names(["theme"]).unwrap_err().to_string();
        assert!(
            message.starts_with(
                "1 cookie name is not in the cookie policy; the layer treats it as internal"
            ),
            "{message}"
        );
        assert!(policy.check_names([]).is_ok());
    }
}
