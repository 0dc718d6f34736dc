//! The policy page's form to change or withdraw a choice.

use std::fmt::{self, Write};

use crate::ui::html::Escaped;
use crate::ui::routes::choice_boxes::category_boxes;
use crate::ui::texts::{Texts, category_title};
use crate::{Category, CategoryState, Consent, Lang};

/// The form: a fieldset per optional category with a box per service and,
/// for the category's cookies outside any service, a box of its own (see
/// `choice_boxes`); then "Save", "Accept all" and "Reject all"; then a
/// separate "Withdraw" form. A box is ticked only when the visitor already
/// accepted what it stands for.
pub(crate) fn write_forms(
    out: &mut String,
    consent: &Consent,
    lang: Lang,
    t: &Texts,
    base: &str,
    return_to: &str,
) -> fmt::Result {
    let policy = consent.policy();
    let action = format!("{}/consent", Escaped(base));
    let return_to = Escaped(return_to);
    write!(
        out,
        "<section id=\"tcc-change\" aria-labelledby=\"tcc-change-title\">\
         <h2 id=\"tcc-change-title\">{}</h2><p>{}</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"return_to\" value=\"{return_to}\">\
         <fieldset><legend>{}</legend><p>{}</p></fieldset>",
        t.change_title,
        t.change_help,
        Escaped(&category_title(lang, &Category::Necessary)),
        t.always_active,
    )?;
    for boxes in category_boxes(policy) {
        let category = boxes.category;
        let accepted = consent.state(category) == CategoryState::Accepted;
        write!(
            out,
            "<fieldset><legend>{}</legend>",
            Escaped(&category_title(lang, category)),
        )?;
        if boxes.own_box {
            let label = if boxes.services.is_empty() {
                t.allow_category
            } else {
                t.allow_own_cookies
            };
            write!(
                out,
                "<label><input type=\"checkbox\" name=\"category\" value=\"{}\"{}> {label}</label>",
                Escaped(category.name()),
                checked(accepted),
            )?;
        }
        if !boxes.services.is_empty() {
            write!(out, "<p>{}</p><ul>", t.services_of)?;
            for service in boxes.services {
                let ticked = consent.service_choice(service).unwrap_or(accepted);
                let provider = policy
                    .rules()
                    .iter()
                    .find(|r| r.service_name() == Some(service))
                    .and_then(|r| r.provider_name());
                write!(
                    out,
                    "<li><label><input type=\"checkbox\" name=\"service\" value=\"{}\"{}> {}",
                    Escaped(service),
                    checked(ticked),
                    Escaped(service),
                )?;
                if let Some(provider) = provider {
                    write!(out, " ({})", Escaped(provider))?;
                }
                out.push_str("</label></li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</fieldset>");
    }
    out.push_str("<div class=\"tcc-actions\">");
    for (value, label) in [
        ("save", t.save),
        ("accept_all", t.accept_all),
        ("reject_all", t.reject_all),
    ] {
        write!(
            out,
            "<button class=\"tcc-button\" type=\"submit\" name=\"action\" value=\"{value}\">{label}</button>"
        )?;
    }
    write!(
        out,
        "</div></form></section>\
         <section id=\"tcc-withdraw\" aria-labelledby=\"tcc-withdraw-title\">\
         <h2 id=\"tcc-withdraw-title\">{}</h2><p>{}</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"return_to\" value=\"{return_to}\">\
         <button class=\"tcc-button\" type=\"submit\" name=\"action\" value=\"withdraw\">{}</button>\
         </form></section>",
        t.withdraw_title, t.withdraw_text, t.withdraw,
    )
}

fn checked(on: bool) -> &'static str {
    if on { " checked" } else { "" }
}
