//! `CookieRule`: what the policy knows about one cookie name or pattern.

use crate::Category;

/// How a rule matches cookie names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameMatch {
    /// The cookie name, byte for byte (names are case-sensitive).
    Exact(String),
    /// A glob where `*` stands for any run of characters, such as `_ga_*`.
    Pattern(String),
}

impl NameMatch {
    /// The name or the pattern, as written.
    pub fn as_str(&self) -> &str {
        match self {
            NameMatch::Exact(s) | NameMatch::Pattern(s) => s,
        }
    }
}

/// One entry of the cookie registry: a cookie name (or glob), its category,
/// and what the policy page says about it.
///
/// ```
/// use tower_cookie_consent::{Category, CookieRule};
///
/// let rule = CookieRule::pattern("_ga_*", Category::Statistical)
///     .service("google-analytics")
///     .provider("Google")
///     .purpose("Distinguishes visitors for audience measurement")
///     .lifetime("13 months")
///     .domain(".example.com");
/// assert_eq!(rule.category(), &Category::Statistical);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieRule {
    pub(crate) matcher: NameMatch,
    pub(crate) category: Category,
    pub(crate) service: Option<String>,
    pub(crate) provider: Option<String>,
    pub(crate) function: Option<String>,
    pub(crate) purpose: Option<String>,
    pub(crate) lifetime: Option<String>,
    pub(crate) domains: Vec<String>,
    pub(crate) path: Option<String>,
}

impl CookieRule {
    fn new(matcher: NameMatch, category: Category) -> Self {
        CookieRule {
            matcher,
            category,
            service: None,
            provider: None,
            function: None,
            purpose: None,
            lifetime: None,
            domains: Vec::new(),
            path: None,
        }
    }

    /// A rule for exactly one cookie name (case-sensitive).
    pub fn exact(name: impl Into<String>, category: Category) -> Self {
        Self::new(NameMatch::Exact(name.into()), category)
    }

    /// A rule for every name matching a glob, where `*` stands for any run of
    /// characters: `_ga_*`, `_pk_id.*`.
    ///
    /// An exact rule always beats a pattern; among patterns, the longest
    /// literal prefix (the text before the first `*`) wins, then the longest
    /// literal text.
    pub fn pattern(pattern: impl Into<String>, category: Category) -> Self {
        Self::new(NameMatch::Pattern(pattern.into()), category)
    }

    /// The service the cookie belongs to (`google-analytics`, `matomo`), so a
    /// visitor can refuse or grant that service alone. The default is none.
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    /// Who sets the cookie, for the policy page. The default is none.
    pub fn provider(mut self, provider: impl Into<String>) -> Self {
        self.provider = Some(provider.into());
        self
    }

    /// What the cookie does and where, for the policy page. The default is none.
    pub fn function(mut self, function: impl Into<String>) -> Self {
        self.function = Some(function.into());
        self
    }

    /// Why the cookie is stored, for the policy page. The default is none.
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = Some(purpose.into());
        self
    }

    /// How long the cookie lives, as text for the policy page (`"13 months"`,
    /// `"Session"`). The default is none.
    pub fn lifetime(mut self, lifetime: impl Into<String>) -> Self {
        self.lifetime = Some(lifetime.into());
        self
    }

    /// Adds a `Domain` attribute the cookie may carry (`.example.com`). A
    /// withdrawal deletes the cookie on each listed domain and host-only.
    /// The default is none: a host-only cookie.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domains.push(domain.into());
        self
    }

    /// The cookie's `Path` attribute, used when deleting it. The default is `/`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// How the rule matches names.
    pub fn name_match(&self) -> &NameMatch {
        &self.matcher
    }

    /// The rule's name or pattern, as written.
    pub fn name(&self) -> &str {
        self.matcher.as_str()
    }

    /// The rule's category.
    pub fn category(&self) -> &Category {
        &self.category
    }

    /// The rule's service, if any.
    pub fn service_name(&self) -> Option<&str> {
        self.service.as_deref()
    }

    /// The provider, if given.
    pub fn provider_name(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    /// The function text, if given.
    pub fn function_text(&self) -> Option<&str> {
        self.function.as_deref()
    }

    /// The purpose text, if given.
    pub fn purpose_text(&self) -> Option<&str> {
        self.purpose.as_deref()
    }

    /// The lifetime text, if given.
    pub fn lifetime_text(&self) -> Option<&str> {
        self.lifetime.as_deref()
    }

    /// The `Domain` attributes the cookie may carry.
    pub fn domains(&self) -> &[String] {
        &self.domains
    }

    /// The cookie's path: the one given, or `/`.
    pub fn cookie_path(&self) -> &str {
        self.path.as_deref().unwrap_or("/")
    }
}
