//! `GET /cookies`: the cookie policy page, generated from the registry.

use std::fmt::{self, Write};
use std::time::UNIX_EPOCH;

use axum::extract::NestedPath;
use axum::extract::rejection::NestedPathRejection;
use axum::response::Response;
use http::{HeaderMap, StatusCode, Uri};

use crate::ui::html::Escaped;
use crate::ui::routes::choice_boxes::category_boxes;
use crate::ui::routes::choice_form::write_forms;
use crate::ui::routes::policy_tables::write_categories;
use crate::ui::routes::response::html_response;
use crate::ui::style::page_css;
use crate::ui::texts::{Texts, category_title, state_label, texts};
use crate::{CategoryState, Consent, Lang};

/// The handler: the language from `?lang=` then `Accept-Language`; the
/// links and forms point under the prefix the routes are nested at.
pub(crate) async fn policy_page(
    consent: Consent,
    headers: HeaderMap,
    uri: Uri,
    nested: Result<NestedPath, NestedPathRejection>,
) -> Response {
    let lang = Lang::negotiate(uri.query(), &headers);
    let base = nested
        .as_ref()
        .map(|n| n.as_str().trim_end_matches('/'))
        .unwrap_or("");
    match render(&consent, lang, base) {
        Ok(html) => html_response(StatusCode::OK, html),
        Err(fmt::Error) => html_response(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// The whole page.
pub(crate) fn render(consent: &Consent, lang: Lang, base: &str) -> Result<String, fmt::Error> {
    let t = texts(lang);
    let other = if lang == Lang::Fr { Lang::En } else { Lang::Fr };
    let mut out = String::with_capacity(16 * 1024);
    write!(
        out,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{css}</style></head><body><main class=\"tcc-page\">\
         <p><a href=\"?lang={other}\" hreflang=\"{other}\" lang=\"{other}\">{other_name}</a></p>\
         <h1>{title}</h1>\
         <section aria-labelledby=\"tcc-what\"><h2 id=\"tcc-what\">{what}</h2><p>{what_text}</p></section>\
         <section aria-labelledby=\"tcc-kinds\"><h2 id=\"tcc-kinds\">{kinds}</h2><p>{kinds_intro}</p>",
        title = t.page_title,
        css = page_css(),
        other_name = t.other_language,
        what = t.what_is_a_cookie,
        what_text = t.what_is_a_cookie_text,
        kinds = t.kinds_title,
        kinds_intro = t.kinds_intro,
    )?;
    write_categories(&mut out, consent.policy(), lang, t)?;
    out.push_str("</section>");
    write_current_choice(&mut out, consent, lang, t)?;
    let return_to = format!("{base}/cookies?lang={lang}");
    write_forms(&mut out, consent, lang, t, base, &return_to)?;
    out.push_str("</main></body></html>");
    Ok(out)
}

/// The visitor's choice: when, its reference, each category's state, and
/// whether Global Privacy Control was honoured.
fn write_current_choice(out: &mut String, consent: &Consent, lang: Lang, t: &Texts) -> fmt::Result {
    write!(
        out,
        "<section id=\"tcc-choice\" aria-labelledby=\"tcc-choice-title\">\
         <h2 id=\"tcc-choice-title\">{}</h2>",
        t.choice_title
    )?;
    if consent.gpc_honored() {
        write!(out, "<p class=\"tcc-gpc\">{}</p>", t.gpc_honoured)?;
    } else if consent.gpc() && consent.choice_made_with_gpc() {
        write!(out, "<p class=\"tcc-gpc\">{}</p>", t.gpc_granted)?;
    }
    match (consent.id(), consent.decided_at()) {
        (Some(id), Some(at)) => {
            let secs = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            write!(
                out,
                "<p>{} {}. {}: <code>{id}</code>.</p>",
                t.choice_made_on,
                utc_minute(secs as i64),
                t.choice_reference
            )?;
        }
        _ => write!(out, "<p>{}</p>", t.no_choice_yet)?,
    }
    out.push_str("<ul>");
    for boxes in category_boxes(consent.policy()) {
        let state = consent.state(boxes.category);
        write!(
            out,
            "<li>{}: {}",
            Escaped(&category_title(lang, boxes.category)),
            state_label(lang, state)
        )?;
        // Services the visitor decided apart from their category.
        let accepted = state == CategoryState::Accepted;
        let mut exceptions = boxes
            .services
            .iter()
            .filter(|s| consent.service_choice(s).is_some_and(|c| c != accepted))
            .peekable();
        if exceptions.peek().is_some() {
            write!(out, ", {} ", t.except)?;
            for (i, service) in exceptions.enumerate() {
                let separator = if i == 0 { "" } else { ", " };
                write!(out, "{separator}{}", Escaped(service))?;
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
    Ok(())
}

/// `2025-11-29 04:21 UTC`.
fn utc_minute(unix_seconds: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
        Err(_) => unix_seconds.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_utc() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_764_380_000), "2025-11-29 01:33 UTC");
    }
}
