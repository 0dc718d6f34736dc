//! The policy page's per-category tables, generated from the registry.

use std::fmt::{self, Write};

use crate::ui::html::Escaped;
use crate::ui::texts::{Texts, category_description, category_title};
use crate::{Category, CookieRule, Lang, NameMatch, Policy};

/// For each category: its title, what it is for, and a table of its
/// cookies (provider, function and location, names, purposes, lifetime).
/// Rules that say the same thing share a row, their names listed together.
pub(crate) fn write_categories(
    out: &mut String,
    policy: &Policy,
    lang: Lang,
    t: &Texts,
) -> fmt::Result {
    for category in policy.categories() {
        let name = Escaped(category.name());
        write!(
            out,
            "<section id=\"tcc-category-{name}\" aria-labelledby=\"tcc-category-{name}-title\">\
             <h3 id=\"tcc-category-{name}-title\">{}</h3><p>{}</p>",
            Escaped(&category_title(lang, category)),
            category_description(lang, category),
        )?;
        let rows = rows(policy, category);
        if rows.is_empty() {
            write!(out, "<p>{}</p></section>", t.no_cookie)?;
            continue;
        }
        write!(
            out,
            "<div class=\"tcc-scroll\"><table aria-labelledby=\"tcc-category-{name}-title\">\
             <thead><tr>"
        )?;
        for column in t.columns {
            write!(out, "<th scope=\"col\">{column}</th>")?;
        }
        out.push_str("</tr></thead><tbody>");
        for row in rows {
            write_row(out, &row, t)?;
        }
        out.push_str("</tbody></table></div></section>");
    }
    if policy
        .rules()
        .iter()
        .any(|r| matches!(r.name_match(), NameMatch::Pattern(_)))
    {
        write!(out, "<p>{}</p>", t.pattern_note)?;
    }
    Ok(())
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

fn write_row(out: &mut String, row: &[&CookieRule], t: &Texts) -> fmt::Result {
    let first = row[0];
    let text = |value: Option<&str>| Escaped(value.unwrap_or("—")).to_string();
    write!(
        out,
        "<tr><td>{}</td><td>{}",
        text(first.provider_name()),
        text(first.function_text())
    )?;
    if let Some(service) = first.service_name() {
        write!(
            out,
            "<br><small>{}: {}</small>",
            t.service,
            Escaped(service)
        )?;
    }
    if !first.domains().is_empty() {
        write!(out, "<br><small>{}: ", t.domains)?;
        for (i, domain) in first.domains().iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            write!(out, "{separator}{}", Escaped(domain))?;
        }
        out.push_str("</small>");
    }
    out.push_str("</td><td>");
    for (i, rule) in row.iter().enumerate() {
        let separator = if i == 0 { "" } else { "<br>" };
        write!(out, "{separator}<code>{}</code>", Escaped(rule.name()))?;
    }
    write!(
        out,
        "</td><td>{}</td><td>{}</td></tr>",
        text(first.purpose_text()),
        text(first.lifetime_text())
    )
}
