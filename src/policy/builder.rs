//! `PolicyBuilder`: collects rules and checks them into a `Policy`.

use std::collections::HashMap;
use std::sync::Arc;

use super::matcher::glob::GlobIndex;
use super::names::check_revision;
use super::validate::{check_agree, check_rule, ensure_consent_cookie_rule};
use super::{
    CategoryEntry, CategoryIndex, CookieRule, MAX_CATEGORIES, MAX_SERVICES, NameMatch, Policy,
    PolicyInner, RuleTarget, ServiceIndex, UnknownCookies, revision,
};
use crate::{Category, ConfigError};

/// Builds a [`Policy`]; every mistake is a [`ConfigError`] from [`PolicyBuilder::build`].
///
/// ```
/// use tower_cookie_consent::{Category, CookieRule, Policy, UnknownCookies};
///
/// let marketing = Category::custom("marketing")?;
/// let policy = Policy::builder()
///     .rule(CookieRule::exact("sessionid", Category::Necessary))
///     .rule(CookieRule::exact("promo", marketing.clone()))
///     .sale_or_sharing(marketing.clone())
///     .unknown(UnknownCookies::Strip)
///     .build()?;
/// assert!(policy.is_sale_or_sharing(&marketing));
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Default, Clone)]
#[must_use]
pub struct PolicyBuilder {
    rules: Vec<CookieRule>,
    unknown: UnknownCookies,
    revisions: Vec<(Category, String)>,
    sale_or_sharing: Vec<Category>,
    categories: Vec<Category>,
}

impl PolicyBuilder {
    /// Adds a rule.
    pub fn rule(mut self, rule: CookieRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Adds several rules.
    pub fn rules(mut self, rules: impl IntoIterator<Item = CookieRule>) -> Self {
        self.rules.extend(rules);
        self
    }

    /// What happens to cookies no rule names. The default is
    /// [`UnknownCookies::Strip`]: fail closed.
    pub fn unknown(mut self, unknown: UnknownCookies) -> Self {
        self.unknown = unknown;
        self
    }

    /// Sets a category's revision by hand instead of the digest of its rules
    /// (see the [`revision` algorithm](crate::Policy::revision)). Visitors who
    /// accepted another revision are asked again for this category.
    /// The default is the digest.
    pub fn revision(mut self, category: Category, revision: impl Into<String>) -> Self {
        self.revisions.retain(|(c, _)| c != &category);
        self.revisions.push((category, revision.into()));
        self
    }

    /// Marks a category as "sale or sharing": Global Privacy Control denies it
    /// unless the visitor granted it while sending the signal. `third_party`
    /// is always such a category.
    pub fn sale_or_sharing(mut self, category: Category) -> Self {
        self.sale_or_sharing.push(category);
        self
    }

    /// Declares a custom category even if no rule uses it yet, so the banner
    /// and the policy page list it.
    pub fn category(mut self, category: Category) -> Self {
        self.categories.push(category);
        self
    }

    /// Checks the rules and builds the policy.
    ///
    /// Errors: an empty or invalid name, pattern, service, domain, path or
    /// revision; two rules for the same exact name, or two patterns that can
    /// match the same name with the same precedence, that disagree on
    /// category or service; a consent cookie rule that is not necessary;
    /// more than 64 categories or 256 services.
    pub fn build(self) -> Result<Policy, ConfigError> {
        let PolicyBuilder {
            mut rules,
            unknown,
            revisions,
            sale_or_sharing,
            categories: declared,
        } = self;

        for (index, rule) in rules.iter().enumerate() {
            check_rule(index, rule)?;
        }
        ensure_consent_cookie_rule(&mut rules)?;

        let mut categories: Vec<Category> = Category::BUILT_IN.to_vec();
        let mut note_category = |c: &Category| {
            if !categories.contains(c) {
                categories.push(c.clone());
            }
        };
        declared.iter().for_each(&mut note_category);
        rules.iter().for_each(|r| note_category(&r.category));
        sale_or_sharing.iter().for_each(&mut note_category);
        revisions.iter().for_each(|(c, _)| note_category(c));
        if let UnknownCookies::As(c) = &unknown {
            note_category(c);
        }
        if categories.len() > MAX_CATEGORIES {
            return Err(ConfigError::TooMany {
                what: "categories",
                limit: MAX_CATEGORIES,
            });
        }

        let mut services: Vec<String> = Vec::new();
        let mut service_index: HashMap<String, ServiceIndex, _> = HashMap::default();
        let mut targets = Vec::with_capacity(rules.len());
        for rule in &rules {
            let service = match &rule.service {
                None => None,
                Some(name) => Some(match service_index.get(name) {
                    Some(&i) => i,
                    None => {
                        if services.len() == MAX_SERVICES {
                            return Err(ConfigError::TooMany {
                                what: "services",
                                limit: MAX_SERVICES,
                            });
                        }
                        let i = services.len() as ServiceIndex;
                        services.push(name.clone());
                        service_index.insert(name.clone(), i);
                        i
                    }
                }),
            };
            let category = categories
                .iter()
                .position(|c| c == &rule.category)
                .expect("every rule's category was noted")
                as CategoryIndex;
            let literal = match &rule.matcher {
                NameMatch::Exact(name) => !name.contains('%'),
                NameMatch::Pattern(p) => !p.contains('*') && !p.contains('%'),
            };
            targets.push(RuleTarget {
                category,
                service,
                literal,
            });
        }
        let mut service_categories = vec![0u64; services.len()];
        for target in &targets {
            if let Some(service) = target.service {
                service_categories[usize::from(service)] |= 1 << target.category;
            }
        }

        let mut exact: HashMap<Box<[u8]>, u32, _> = HashMap::default();
        let mut globs = GlobIndex::default();
        for (i, rule) in rules.iter().enumerate() {
            match &rule.matcher {
                NameMatch::Exact(name) => {
                    if let Some(&other) = exact.get(name.as_bytes()) {
                        check_agree(&rules, other as usize, i)?;
                    } else {
                        exact.insert(name.as_bytes().into(), i as u32);
                    }
                }
                NameMatch::Pattern(p) if p.contains('*') => globs.insert(p.as_bytes(), i as u32),
                // A pattern without `*` can only match itself.
                NameMatch::Pattern(p) => {
                    if let Some(&other) = exact.get(p.as_bytes()) {
                        check_agree(&rules, other as usize, i)?;
                    } else {
                        exact.insert(p.as_bytes().into(), i as u32);
                    }
                }
            }
        }
        for (a, b) in globs.ties() {
            check_agree(&rules, a as usize, b as usize)?;
        }

        for (category, rev) in &revisions {
            check_revision(rev).map_err(|reason| ConfigError::InvalidSetting {
                setting: "revision",
                reason: format!("{category}: {reason}"),
            })?;
        }
        let categories: Vec<CategoryEntry> = categories
            .into_iter()
            .map(|category| {
                let revision = revisions
                    .iter()
                    .find(|(c, _)| c == &category)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_else(|| {
                        revision::digest(rules.iter().filter(|r| r.category == category))
                    });
                let sale_or_sharing =
                    category == Category::ThirdParty || sale_or_sharing.contains(&category);
                CategoryEntry {
                    category,
                    revision,
                    sale_or_sharing,
                }
            })
            .collect();
        let service_revisions = services
            .iter()
            .enumerate()
            .map(|(i, service)| {
                let mut in_categories: Vec<CategoryIndex> = targets
                    .iter()
                    .filter(|t| t.service == Some(i as ServiceIndex))
                    .map(|t| t.category)
                    .collect();
                in_categories.sort_unstable();
                in_categories.dedup();
                revision::service_digest(
                    service,
                    in_categories
                        .iter()
                        .map(|&c| categories[c as usize].revision.as_str()),
                )
            })
            .collect();
        // Bit sets the layer needs on every request, worked out once here.
        let all_categories = match categories.len() {
            MAX_CATEGORIES => u64::MAX,
            n => (1u64 << n) - 1,
        };
        let sale_or_sharing_mask = categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.sale_or_sharing)
            .fold(0, |mask, (i, _)| mask | 1 << i);

        Ok(Policy {
            inner: Arc::new(PolicyInner {
                rules,
                targets,
                exact,
                globs,
                categories,
                services,
                service_revisions,
                service_index,
                service_categories,
                unknown,
                all_categories,
                sale_or_sharing_mask,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_beats_glob_and_longest_prefix_wins() {
        let policy = Policy::builder()
            .rule(CookieRule::pattern("_*", Category::Internal))
            .rule(CookieRule::pattern("_ga*", Category::Statistical))
            .rule(CookieRule::exact("_gat", Category::ThirdParty))
            .build()
            .unwrap();
        assert_eq!(
            policy.classify("_gat").unwrap().category(),
            &Category::ThirdParty
        );
        assert_eq!(
            policy.classify("_ga_1").unwrap().category(),
            &Category::Statistical
        );
        assert_eq!(
            policy.classify("_x").unwrap().category(),
            &Category::Internal
        );
    }

    #[test]
    fn ties_are_errors_only_when_they_disagree() {
        let same = Policy::builder()
            .rule(CookieRule::pattern("a*", Category::Internal))
            .rule(CookieRule::pattern("a*", Category::Internal))
            .build();
        assert!(same.is_ok());
        let tie = Policy::builder()
            .rule(CookieRule::pattern("a*x", Category::Internal))
            .rule(CookieRule::pattern("a*y*", Category::Statistical))
            .build();
        assert!(matches!(tie, Err(ConfigError::Ambiguous { .. })), "{tie:?}");
        let disjoint = Policy::builder()
            .rule(CookieRule::pattern("_pk_*.id", Category::Internal))
            .rule(CookieRule::pattern("_pk_*.se", Category::Statistical))
            .build();
        assert!(disjoint.is_ok());
        let service = Policy::builder()
            .rule(CookieRule::exact("x", Category::Internal).service("a"))
            .rule(CookieRule::exact("x", Category::Internal).service("b"))
            .build();
        assert!(matches!(service, Err(ConfigError::Ambiguous { .. })));
    }

    #[test]
    fn bad_names_are_errors() {
        let empty = Policy::builder()
            .rule(CookieRule::exact("", Category::Internal))
            .build();
        assert_eq!(empty.unwrap_err(), ConfigError::EmptyName { index: 0 });
        for bad in ["a b", "a;b", "a=b", "é", "a\nb", "(x)"] {
            let err = Policy::builder()
                .rule(CookieRule::exact(bad, Category::Internal))
                .build()
                .unwrap_err();
            assert!(matches!(err, ConfigError::InvalidName { .. }), "{bad:?}");
            assert!(err.to_string().contains(&format!("{bad:?}")));
        }
        let domain = Policy::builder()
            .rule(CookieRule::exact("a", Category::Internal).domain("x; Secure"))
            .build();
        assert!(domain.is_err());
        let consent = Policy::builder()
            .rule(CookieRule::exact(
                "cookies_preferences",
                Category::Statistical,
            ))
            .build();
        assert!(consent.is_err());
    }
}
