//! `GET /cookies`: the cookie policy page, generated from the registry.

use std::time::UNIX_EPOCH;

use askama::Template;
use axum::extract::NestedPath;
use axum::extract::rejection::NestedPathRejection;
use axum::response::Response;
use http::{HeaderMap, StatusCode, Uri};

use crate::ui::html::filters;
use crate::ui::routes::choice_boxes::used_category_boxes;
use crate::ui::routes::choice_form::{Fieldset, fieldsets};
use crate::ui::routes::policy_tables::{CategorySection, category_sections};
use crate::ui::routes::response::html_response;
use crate::ui::style::stylesheet;
use crate::ui::texts::{Texts, category_title, state_label, texts};
use crate::{Category, CategoryState, Consent, Lang};

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
        Err(_) => html_response(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// What `templates/policy_page.html` and its partials show.
#[derive(Template)]
#[template(path = "policy_page.html")]
struct PolicyPage<'p> {
    t: &'static Texts,
    lang: Lang,
    /// The language the page links to.
    other: Lang,
    /// The `?v=` of the stylesheet link (see `GET /consent.css`).
    css_version: &'static str,
    /// The prefix the consent routes are nested under.
    base: &'p str,
    /// Where the forms come back to: this page, in this language.
    return_to: String,
    categories: Vec<CategorySection<'p>>,
    /// Whether a rule is a glob, which the page then explains.
    has_patterns: bool,
    gpc_note: Option<&'static str>,
    made: Option<ChoiceMade>,
    states: Vec<StateLine<'p>>,
    necessary_title: String,
    fieldsets: Vec<Fieldset<'p>>,
}

/// When the visitor chose, and the reference of that choice.
struct ChoiceMade {
    on: String,
    id: String,
}

/// One optional category's state, and the services the visitor decided
/// apart from it.
struct StateLine<'p> {
    title: String,
    state: &'static str,
    exceptions: Vec<&'p str>,
}

/// The whole page.
fn render(consent: &Consent, lang: Lang, base: &str) -> askama::Result<String> {
    let t = texts(lang);
    let policy = consent.policy();
    let (categories, has_patterns) = category_sections(policy, lang);
    let page = PolicyPage {
        t,
        lang,
        other: if lang == Lang::Fr { Lang::En } else { Lang::Fr },
        css_version: &stylesheet().version,
        base,
        return_to: format!("{base}/cookies?lang={lang}"),
        categories,
        has_patterns,
        gpc_note: gpc_note(consent, t),
        made: choice_made(consent),
        states: state_lines(consent, lang),
        necessary_title: category_title(lang, &Category::Necessary),
        fieldsets: fieldsets(consent, lang, t),
    };
    page.render()
}

/// Whether Global Privacy Control was honoured, or overridden by a grant
/// the visitor made while sending it.
fn gpc_note(consent: &Consent, t: &'static Texts) -> Option<&'static str> {
    if consent.gpc_honored() {
        Some(&t.choice.gpc_honoured)
    } else if consent.gpc() && consent.choice_made_with_gpc() {
        Some(&t.choice.gpc_granted)
    } else {
        None
    }
}

fn choice_made(consent: &Consent) -> Option<ChoiceMade> {
    let (id, at) = (consent.id()?, consent.decided_at()?);
    let secs = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Some(ChoiceMade {
        on: utc_minute(secs as i64),
        id: id.to_string(),
    })
}

fn state_lines<'p>(consent: &'p Consent, lang: Lang) -> Vec<StateLine<'p>> {
    used_category_boxes(consent)
        .into_iter()
        .map(|boxes| {
            let state = consent.state(boxes.category);
            let accepted = state == CategoryState::Accepted;
            StateLine {
                title: category_title(lang, boxes.category),
                state: state_label(lang, state),
                exceptions: boxes
                    .services
                    .into_iter()
                    .filter(|s| consent.service_choice(s).is_some_and(|c| c != accepted))
                    .collect(),
            }
        })
        .collect()
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
