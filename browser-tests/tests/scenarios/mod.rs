//! The scenarios, in the order they run. Each starts as a new visitor (the
//! runner forgets every cookie first) and asserts on the browser's jar.

mod choices;
mod keyboard;
mod no_javascript;
mod screenshots;
mod signals;

use std::future::Future;
use std::pin::Pin;

use crate::harness::Browser;

/// A scenario's run: `Err` holds what went wrong.
pub type Outcome<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>;

/// One scenario, given the shared browser.
pub type Scenario = for<'a> fn(&'a Browser) -> Outcome<'a>;

/// The banner the example's `GET /` shows while the visitor is undecided.
pub const BANNER: &str = "section.tcc-banner[role=region]";
/// The banner's "Accept all" button.
pub const BANNER_ACCEPT: &str = "section.tcc-banner button[name=action][value=accept_all]";
/// The banner's "Reject all" button.
pub const BANNER_REJECT: &str = "section.tcc-banner button[name=action][value=reject_all]";
/// The policy page's "Save my choices" button.
pub const PAGE_SAVE: &str = "#tcc-change button[name=action][value=save]";
/// The policy page's "Withdraw my consent" button.
pub const PAGE_WITHDRAW: &str = "#tcc-withdraw button[name=action][value=withdraw]";
/// Where the policy page's forms come back to.
pub const PAGE_RETURN: &str = "/cookies?lang=en";

/// The policy page's checkbox for a category.
pub fn category_box(name: &str) -> String {
    format!("#tcc-change input[type=checkbox][name=category][value={name}]")
}

/// The policy page's checkbox for a service.
pub fn service_box(name: &str) -> String {
    format!("#tcc-change input[type=checkbox][name=service][value={name}]")
}

/// Always in the jar: the demo's necessary cookies.
pub const NECESSARY: [&str; 3] = ["csrftoken", "django_language", "sessionid"];

/// The necessary cookies and the consent cookie: the jar of a visitor who
/// refused everything.
pub const REFUSED: [&str; 4] = [
    "cookies_preferences",
    "csrftoken",
    "django_language",
    "sessionid",
];

/// Every cookie the example's page sets, and the consent cookie: the jar of
/// a visitor who accepted everything.
pub const EVERYTHING: [&str; 10] = [
    "_fbp",
    "_ga",
    "_ga_DEMO123",
    "_pk_id.1.a1b2",
    "ads_id",
    "cookies_preferences",
    "csrftoken",
    "django_language",
    "recently_viewed",
    "sessionid",
];

/// Every scenario, with the name the report prints.
pub const SCENARIOS: &[(&str, Scenario)] = &[
    // First, while no link of the pages has been visited yet.
    (
        "screenshots of the banner and the policy page",
        screenshots::take,
    ),
    (
        "first visit keeps necessary cookies only",
        choices::first_visit,
    ),
    (
        "reject all keeps optional cookies away",
        choices::reject_all,
    ),
    ("accept all lets every cookie in", choices::accept_all),
    (
        "customise: every combination of the statistics services",
        choices::every_box_combination,
    ),
    (
        "withdraw empties the jar of optional cookies",
        choices::withdraw,
    ),
    (
        "a script-set cookie of a refused category is expired",
        choices::script_cookie,
    ),
    (
        "GPC: an undecided visitor never gets advertising cookies",
        signals::gpc_undecided,
    ),
    (
        "GPC: it overrides an earlier acceptance of advertising",
        signals::gpc_overrides,
    ),
    (
        "GPC: accepting all while it is on is explicit",
        signals::gpc_explicit_grant,
    ),
    (
        "keyboard: Tab reaches both buttons, Enter rejects",
        keyboard::reject_by_keyboard,
    ),
    (
        "keyboard: Shift+Tab back, Enter accepts",
        keyboard::accept_by_keyboard,
    ),
    (
        "JavaScript off: forms post and come back",
        no_javascript::forms_work,
    ),
];
