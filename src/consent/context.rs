//! What every [`Consent`](crate::Consent) of one layer shares.

use crate::consent::decision::NECESSARY;
use crate::consent::read_flag::ReadFlags;
use crate::consent::settings::Settings;
use crate::cookie::signing::Signer;
use crate::{Policy, UnknownCookies};

/// The policy and settings a decision is made against, the signer the
/// endpoints write the consent cookie with, and whether each request in
/// flight read its consent.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) policy: Policy,
    pub(crate) settings: Settings,
    /// Signs the consent cookie the endpoints write.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) signer: Signer,
    pub(crate) read_flags: ReadFlags,
    /// The optional categories in use, as a bit set (see
    /// [`used_categories`]).
    pub(crate) used: u64,
}

impl Context {
    pub(crate) fn new(policy: Policy, settings: Settings) -> Self {
        Context {
            signer: settings.signing.signer(&settings.cookie_name),
            read_flags: ReadFlags::new(),
            used: used_categories(&policy),
            policy,
            settings,
        }
    }
}

/// The optional categories a cookie can be in: those some rule names, and
/// the one unknown names are counted in. No cookie can be in any other, so
/// a visitor is never asked about it and no choice records it.
fn used_categories(policy: &Policy) -> u64 {
    let ruled = (0..policy.rules().len() as u32)
        .fold(0u64, |mask, rule| mask | 1 << policy.target(rule).category);
    let unknown = match policy.unknown() {
        UnknownCookies::As(category) => {
            policy.category_index(category.name()).map_or(0, |i| 1 << i)
        }
        _ => 0,
    };
    (ruled | unknown) & !NECESSARY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, CookieRule, PolicyBuilder};

    fn used(policy: PolicyBuilder) -> Vec<String> {
        let policy = policy.build().unwrap();
        let mask = used_categories(&policy);
        policy
            .categories()
            .filter(|c| {
                policy
                    .category_index(c.name())
                    .is_some_and(|i| mask & 1 << i != 0)
            })
            .map(|c| c.name().to_owned())
            .collect()
    }

    #[test]
    fn a_category_is_used_when_a_rule_or_the_unknown_names_are_in_it() {
        let stats = || Policy::builder().rule(CookieRule::exact("_pk", Category::Statistical));
        assert_eq!(used(stats()), ["statistical"]);
        assert_eq!(
            used(stats().unknown(UnknownCookies::As(Category::Internal))),
            ["statistical", "internal"]
        );
        assert!(
            used(Policy::builder().rule(CookieRule::exact("sid", Category::Necessary))).is_empty()
        );
    }
}
