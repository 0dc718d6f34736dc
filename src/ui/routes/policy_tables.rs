//! The policy page's per-category tables, worked out from the registry for
//! `templates/policy_page/categories.html`.

use crate::ui::texts::{category_description, category_title};
use crate::{Category, CookieRule, Lang, NameMatch, Policy};

/// One category: its title, what it is for, and the rows of its table.
pub(crate) struct CategorySection<'p> {
    pub(crate) name: &'p str,
    pub(crate) title: String,
    pub(crate) description: &'static str,
    pub(crate) rows: Vec<Row<'p>>,
}

/// Rules that say the same thing, their names listed together. A field
/// the registry leaves out reads "—".
pub(crate) struct Row<'p> {
    pub(crate) provider: &'p str,
    pub(crate) function: &'p str,
    pub(crate) service: Option<&'p str>,
    pub(crate) domains: &'p [String],
    pub(crate) names: Vec<&'p str>,
    pub(crate) purpose: &'p str,
    pub(crate) lifetime: &'p str,
}

/// Every category of the policy, in its order; and whether any rule is a
/// glob, which the page then explains.
pub(crate) fn category_sections(policy: &Policy, lang: Lang) -> (Vec<CategorySection<'_>>, bool) {
    let sections = policy
        .categories()
        .map(|category| CategorySection {
            name: category.name(),
            title: category_title(lang, category),
            description: category_description(lang, category),
            rows: rows(policy, category)
                .iter()
                .map(|row| to_row(row))
                .collect(),
        })
        .collect();
    let has_patterns = policy
        .rules()
        .iter()
        .any(|r| matches!(r.name_match(), NameMatch::Pattern(_)));
    (sections, has_patterns)
}

/// Rules of one category grouped by what the page says about them, in the
/// order they were added.
fn rows<'p>(policy: &'p Policy, category: &Category) -> Vec<Vec<&'p CookieRule>> {
    let mut rows: Vec<Vec<&CookieRule>> = Vec::new();
    for rule in policy.rules().iter().filter(|r| r.category() == category) {
        match rows.iter_mut().find(|row| same_description(row[0], rule)) {
            Some(row) => row.push(rule),
            None => rows.push(vec![rule]),
        }
    }
    rows
}

fn same_description(a: &CookieRule, b: &CookieRule) -> bool {
    a.provider_name() == b.provider_name()
        && a.function_text() == b.function_text()
        && a.purpose_text() == b.purpose_text()
        && a.lifetime_text() == b.lifetime_text()
        && a.service_name() == b.service_name()
        && a.domains() == b.domains()
}

fn to_row<'p>(rules: &[&'p CookieRule]) -> Row<'p> {
    let first = rules[0];
    let text = |value: Option<&'p str>| value.unwrap_or("—");
    Row {
        provider: text(first.provider_name()),
        function: text(first.function_text()),
        service: first.service_name(),
        domains: first.domains(),
        names: rules.iter().map(|rule| rule.name()).collect(),
        purpose: text(first.purpose_text()),
        lifetime: text(first.lifetime_text()),
    }
}
