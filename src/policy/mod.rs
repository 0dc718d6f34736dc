//! The cookie registry: which category every cookie name belongs to.

mod builder;
mod explain;
mod json;
pub(crate) mod matcher;
pub(crate) mod names;
mod revision;
mod rule;
mod unregistered;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// The consent cookie's name unless the layer is told otherwise. Every
/// policy registers it as a necessary cookie.
pub const DEFAULT_COOKIE_NAME: &str = "cookies_preferences";

pub use builder::PolicyBuilder;
pub use explain::Explanation;
pub use rule::{CookieRule, NameMatch};
pub use unregistered::UnregisteredNames;

use crate::{Category, ConfigError};
use matcher::BuildNameHasher;
use matcher::glob::GlobIndex;

/// What happens to a cookie whose name no rule matches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum UnknownCookies {
    /// Stripped from responses and hidden from the application (fail closed).
    /// This is the default.
    #[default]
    Strip,
    /// Let through as if necessary.
    Allow,
    /// Treated as belonging to this category.
    As(Category),
}

/// The most categories a policy may have (a [`Consent`](crate::Consent)
/// keeps them in a 64-bit set).
pub const MAX_CATEGORIES: usize = 64;
/// The most services a policy may name.
pub const MAX_SERVICES: usize = 256;

/// Index of a category in the policy; the built-ins come first.
pub(crate) type CategoryIndex = u8;
/// Index of a service in the policy.
pub(crate) type ServiceIndex = u16;

/// Where a rule's category and service sit in the policy's tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleTarget {
    pub(crate) category: CategoryIndex,
    pub(crate) service: Option<ServiceIndex>,
    /// The rule names one cookie and its name holds no `%`: a name it
    /// matches reads the same decoded (registered names are tokens, so
    /// ASCII), so it needs no closer look.
    pub(crate) literal: bool,
}

impl RuleTarget {
    /// The necessary category, no service.
    pub(crate) const NECESSARY: RuleTarget = RuleTarget {
        category: 0,
        service: None,
        literal: false,
    };
}

#[derive(Debug)]
pub(crate) struct CategoryEntry {
    pub(crate) category: Category,
    pub(crate) revision: String,
    pub(crate) sale_or_sharing: bool,
}

pub(crate) struct PolicyInner {
    pub(crate) rules: Vec<CookieRule>,
    pub(crate) targets: Vec<RuleTarget>,
    pub(crate) exact: HashMap<Box<[u8]>, u32, BuildNameHasher>,
    pub(crate) globs: GlobIndex,
    pub(crate) categories: Vec<CategoryEntry>,
    pub(crate) services: Vec<String>,
    /// Per service index: the revision a grant of it must carry.
    pub(crate) service_revisions: Vec<String>,
    pub(crate) service_index: HashMap<String, ServiceIndex, BuildNameHasher>,
    /// Per service, the bit set of the categories its rules use.
    pub(crate) service_categories: Vec<u64>,
    pub(crate) unknown: UnknownCookies,
    /// One bit per category.
    pub(crate) all_categories: u64,
    /// The categories Global Privacy Control denies.
    pub(crate) sale_or_sharing_mask: u64,
}

/// The cookie registry: rules that sort every cookie name into a category.
///
/// Built once with [`Policy::builder`] or [`Policy::from_json`] and shared
/// (it is an `Arc` inside, cheap to clone). The same policy feeds the layer,
/// the banner and the policy page, so they cannot disagree.
///
/// ```
/// use tower_cookie_consent::{Category, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .rule(CookieRule::exact("sessionid", Category::Necessary))
///     .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
///     .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
///     .build()?;
///
/// assert_eq!(policy.classify("_ga_ABC123").unwrap().category(), &Category::Statistical);
/// assert!(policy.classify("unknown").is_none());
/// // The consent cookie is always necessary.
/// assert_eq!(policy.classify("cookies_preferences").unwrap().category(), &Category::Necessary);
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Policy {
    pub(crate) inner: Arc<PolicyInner>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("rules", &self.inner.rules.len())
            .field("categories", &self.inner.categories)
            .field("unknown", &self.inner.unknown)
            .finish()
    }
}

impl Policy {
    /// Starts a policy. See [`PolicyBuilder`].
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// Reads a policy from JSON:
    ///
    /// ```
    /// use tower_cookie_consent::{Category, Policy};
    ///
    /// let policy = Policy::from_json(r#"{
    ///   "unknown": "strip",
    ///   "rules": [
    ///     {"name": "sessionid", "category": "necessary", "provider": "Opendatasoft"},
    ///     {"pattern": "_ga_*", "category": "statistical", "service": "google-analytics",
    ///      "domains": [".example.com"], "path": "/"}
    ///   ]
    /// }"#)?;
    /// assert_eq!(policy.classify("_ga_X").unwrap().category(), &Category::Statistical);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    ///
    /// Each rule has exactly one of `name` and `pattern`. `unknown` is
    /// `"strip"` (the default), `"allow"` or a category name. Optional
    /// `revisions` maps category names to fixed revision strings and
    /// `sale_or_sharing` lists categories that Global Privacy Control denies
    /// (besides `third_party`). Unknown fields are an error, so a typo never
    /// silently weakens the policy; the error gives line and column.
    pub fn from_json(json: &str) -> Result<Policy, ConfigError> {
        json::from_json(json)
    }

    /// The policy as JSON, in the form [`Policy::from_json`] reads, with
    /// every category's revision.
    pub fn to_json(&self) -> String {
        json::to_json(self)
    }

    /// The rule that governs a cookie name: an exact rule if there is one,
    /// else the best pattern. `None` means the name is unknown.
    pub fn classify(&self, name: &str) -> Option<&CookieRule> {
        self.classify_bytes(name.as_bytes())
    }

    /// [`Policy::classify`] for a name read from header bytes.
    pub fn classify_bytes(&self, name: &[u8]) -> Option<&CookieRule> {
        self.rule_index(name).map(|i| &self.inner.rules[i as usize])
    }

    pub(crate) fn rule_index(&self, name: &[u8]) -> Option<u32> {
        if let Some(&i) = self.inner.exact.get(name) {
            return Some(i);
        }
        self.inner.globs.find(name)
    }

    pub(crate) fn target(&self, rule: u32) -> RuleTarget {
        self.inner.targets[rule as usize]
    }

    /// The revision of a category, or `None` if the policy does not know it.
    pub fn revision(&self, category: &Category) -> Option<&str> {
        self.category_index(category.name())
            .map(|i| self.inner.categories[i as usize].revision.as_str())
    }

    /// Every category, built-ins first, then custom ones in the order they
    /// were first used.
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.inner.categories.iter().map(|c| &c.category)
    }

    /// Whether Global Privacy Control denies this category (`third_party`
    /// always, and those marked with [`PolicyBuilder::sale_or_sharing`]).
    pub fn is_sale_or_sharing(&self, category: &Category) -> bool {
        self.category_index(category.name())
            .is_some_and(|i| self.inner.categories[i as usize].sale_or_sharing)
    }

    /// Every rule, in the order they were added.
    pub fn rules(&self) -> &[CookieRule] {
        &self.inner.rules
    }

    /// The services the rules name, in the order they were first used.
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.inner.services.iter().map(String::as_str)
    }

    /// The revision of a service: a grant of it made at another revision
    /// has lapsed. It changes whenever the revision of a category holding
    /// one of the service's rules changes. `None` for a service no rule
    /// names.
    ///
    /// ```
    /// use tower_cookie_consent::{Category, CookieRule, Policy};
    /// let policy = Policy::builder()
    ///     .rule(CookieRule::pattern("_pk_id.*", Category::Statistical).service("matomo"))
    ///     .build()?;
    /// assert_eq!(policy.service_revision("matomo").map(str::len), Some(8));
    /// assert_eq!(policy.service_revision("unknown"), None);
    /// # Ok::<(), tower_cookie_consent::ConfigError>(())
    /// ```
    pub fn service_revision(&self, service: &str) -> Option<&str> {
        self.service_index(service)
            .map(|i| self.service_revision_at(i))
    }

    pub(crate) fn service_revision_at(&self, index: ServiceIndex) -> &str {
        &self.inner.service_revisions[index as usize]
    }

    /// What happens to names no rule matches.
    pub fn unknown(&self) -> &UnknownCookies {
        &self.inner.unknown
    }

    pub(crate) fn category_index(&self, name: &str) -> Option<CategoryIndex> {
        self.inner
            .categories
            .iter()
            .position(|c| c.category.name() == name)
            .map(|i| i as CategoryIndex)
    }

    pub(crate) fn service_index(&self, name: &str) -> Option<ServiceIndex> {
        self.inner.service_index.get(name).copied()
    }

    pub(crate) fn category_at(&self, index: CategoryIndex) -> &CategoryEntry {
        &self.inner.categories[index as usize]
    }

    pub(crate) fn category_count(&self) -> usize {
        self.inner.categories.len()
    }

    /// Bit set of the categories Global Privacy Control denies.
    pub(crate) fn sale_or_sharing_mask(&self) -> u64 {
        self.inner.sale_or_sharing_mask
    }

    /// Bit set of the categories the rules of a service use.
    pub(crate) fn service_categories(&self, service: ServiceIndex) -> u64 {
        self.inner
            .service_categories
            .get(usize::from(service))
            .copied()
            .unwrap_or(0)
    }

    /// Bit set of every category of the policy.
    pub(crate) fn all_categories_mask(&self) -> u64 {
        self.inner.all_categories
    }
}
