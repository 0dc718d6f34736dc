//! The boxes of the choice form, worked out from the policy once for both
//! the page that shows them and the endpoint that reads them back.
//!
//! Every box stands for a set of cookies no other box covers, so a ticked
//! box grants exactly what is listed under it and an unticked one refuses
//! exactly that:
//!
//! - one box per service, listed under the category of its first optional
//!   rule (its *home*);
//! - one box for a category's own cookies, those of its rules that name no
//!   service, shown when it has such rules or no service at all.
//!
//! Only the categories in use get boxes (see [`Consent::undecided`]): a
//! box for a category no cookie can be in would record a choice about
//! nothing, and pre-decide it for the day the site starts using it.

use crate::{Category, Consent, Policy};

/// One optional category as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CategoryBoxes<'p> {
    pub(crate) category: &'p Category,
    /// Whether the category has a box for its own cookies.
    pub(crate) own_box: bool,
    /// The services listed under this category, each with a box.
    pub(crate) services: Vec<&'p str>,
}

/// The boxes of every optional category in use, in the policy's order.
pub(crate) fn used_category_boxes(consent: &Consent) -> Vec<CategoryBoxes<'_>> {
    category_boxes(consent.policy(), |c| consent.uses(c))
}

/// The boxes of the optional categories `used` picks, in the policy's
/// order.
fn category_boxes(policy: &Policy, used: impl Fn(&Category) -> bool) -> Vec<CategoryBoxes<'_>> {
    policy
        .categories()
        .filter(|c| !c.is_necessary() && used(c))
        .map(|category| {
            let services: Vec<&str> = policy
                .services()
                .filter(|s| home_category(policy, s) == Some(category))
                .collect();
            let own_rules = policy
                .rules()
                .iter()
                .any(|r| r.category() == category && r.service_name().is_none());
            CategoryBoxes {
                category,
                own_box: own_rules || services.is_empty(),
                services,
            }
        })
        .collect()
}

/// The optional category a service's cookies belong to (its first rule's):
/// the one the policy page lists it under. `None` for a service whose
/// cookies are all necessary.
pub(crate) fn home_category<'p>(policy: &'p Policy, service: &str) -> Option<&'p Category> {
    policy
        .rules()
        .iter()
        .filter(|r| r.service_name() == Some(service))
        .map(|r| r.category())
        .find(|c| !c.is_necessary())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CookieRule;

    #[test]
    fn a_category_gets_its_own_box_only_for_cookies_outside_services() {
        let policy = Policy::builder()
            .rule(CookieRule::exact("_ga", Category::Statistical).service("ga"))
            .rule(CookieRule::exact("_pk", Category::Statistical).service("matomo"))
            .rule(CookieRule::exact("pref", Category::Internal))
            .rule(CookieRule::exact("ads", Category::ThirdParty).service("ads"))
            .rule(CookieRule::exact("own", Category::ThirdParty))
            .build()
            .unwrap();
        let boxes = category_boxes(&policy, |_| true);
        let find = |c: &Category| boxes.iter().find(|b| b.category == c).unwrap();
        let statistical = find(&Category::Statistical);
        assert!(!statistical.own_box);
        assert_eq!(statistical.services, ["ga", "matomo"]);
        let internal = find(&Category::Internal);
        assert!(internal.own_box);
        assert!(internal.services.is_empty());
        let third = find(&Category::ThirdParty);
        assert!(third.own_box);
        assert_eq!(third.services, ["ads"]);
    }
}
