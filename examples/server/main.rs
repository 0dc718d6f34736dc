//! The demo server: `cargo run --example server`, then open
//! <http://127.0.0.1:3000>. `PORT` changes the port.
//!
//! Its page tries to set every cookie of the registry on every request, so
//! what the consent layer strips is visible in the browser's cookie jar. It
//! shows the consent banner while the visitor is undecided, and merges the
//! consent endpoints: `POST /consent`, `GET /consent`, the policy page at
//! `/cookies`, `/cookies.json` and `/.well-known/gpc.json`.
//!
//! It signs the consent cookie (see `signing_key.rs` for where the key
//! comes from) and serves with timeouts (`serving.rs`), as production
//! should.

pub mod serving;
pub mod signing_key;

use axum::http::{HeaderMap, Uri};
use axum::{Router, response::Html, routing::get};
use tower_cookie_consent::{
    Category, Consent, ConsentLayer, ConsentLayerBuilder, ConsentRoutes, CookieRule, Key, Lang,
    Policy,
};
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

/// The demo's cookie registry, shared by the handlers and the tests.
pub fn policy() -> Policy {
    Policy::builder()
        .rule(
            CookieRule::exact("sessionid", Category::Necessary)
                .provider("Opendatasoft")
                .function("Authentication (front and back office)")
                .purpose("To remember the user from one page to another")
                .lifetime("Session"),
        )
        .rule(
            CookieRule::exact("django_language", Category::Necessary)
                .provider("Opendatasoft")
                .function("Language selection (front and back office)")
                .purpose("To remember the visitor's language")
                .lifetime("Session"),
        )
        .rule(
            CookieRule::exact("csrftoken", Category::Necessary)
                .provider("Opendatasoft")
                .function("API (CSRF) (front and back office)")
                .purpose("To retrieve data via API calls")
                .lifetime("1 year"),
        )
        .rule(
            CookieRule::exact("cookies_preferences", Category::Necessary)
                .provider("Opendatasoft")
                .function("Choices related to your cookie preferences")
                .purpose("To remember the visitor's cookie preferences")
                .lifetime("6 months"),
        )
        .rule(
            CookieRule::exact("_ga", Category::Statistical)
                .service("google-analytics")
                .provider("Google")
                .function("Audience measurement (Google Analytics)")
                .purpose("To distinguish visitors and count visits")
                .lifetime("13 months"),
        )
        .rule(
            CookieRule::pattern("_ga_*", Category::Statistical)
                .service("google-analytics")
                .provider("Google")
                .function("Audience measurement (Google Analytics)")
                .purpose("To keep the state of a measured session")
                .lifetime("13 months"),
        )
        .rule(
            CookieRule::pattern("_pk_id.*", Category::Statistical)
                .service("matomo")
                .provider("Matomo")
                .function("Audience measurement (Matomo)")
                .purpose("To distinguish visitors")
                .lifetime("13 months"),
        )
        .rule(
            CookieRule::pattern("_pk_ses.*", Category::Statistical)
                .service("matomo")
                .provider("Matomo")
                .function("Audience measurement (Matomo)")
                .purpose("To group the pages of one visit")
                .lifetime("30 minutes"),
        )
        .rule(
            CookieRule::exact("recently_viewed", Category::Internal)
                .provider("This site")
                .function("History of viewed datasets")
                .purpose("To show the datasets you looked at recently")
                .lifetime("30 days"),
        )
        .rule(
            CookieRule::exact("_fbp", Category::ThirdParty)
                .service("meta-pixel")
                .provider("Meta")
                .function("Advertising (Meta Pixel)")
                .purpose("To measure and target advertising")
                .lifetime("3 months"),
        )
        .rule(
            CookieRule::exact("ads_id", Category::ThirdParty)
                .service("ad-partner")
                .provider("Ad partner")
                .function("Advertising")
                .purpose("To show advertising based on your visits")
                .lifetime("13 months"),
        )
        .build()
        .expect("the demo policy is valid")
}

/// Every cookie the page tries to set, with a demo value.
pub const DEMO_COOKIES: [(&str, &str); 9] = [
    ("sessionid", "s3ss10n"),
    ("csrftoken", "t0k3n"),
    ("django_language", "en"),
    ("_ga", "GA1.1.123.456"),
    ("_ga_DEMO123", "GS1.1.789"),
    ("_pk_id.1.a1b2", "abc.123"),
    ("recently_viewed", "dataset-42"),
    ("_fbp", "fb.1.123.456"),
    ("ads_id", "ad-789"),
];

async fn index(consent: Consent, cookies: Cookies, headers: HeaderMap, uri: Uri) -> Html<String> {
    for (name, value) in DEMO_COOKIES {
        let mut cookie = Cookie::new(name, value);
        cookie.set_path("/");
        cookies.add(cookie);
    }
    let lang = Lang::negotiate(uri.query(), &headers);
    let here = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut rows = String::new();
    for category in consent.policy().categories() {
        let state = if consent.allows(category) {
            "allowed"
        } else {
            "denied"
        };
        rows.push_str(&format!("<li><code>{category}</code>: {state}</li>"));
    }
    let mut cookies_set = String::new();
    for (name, _) in DEMO_COOKIES {
        let fate = if consent.allows_cookie(name) {
            "kept"
        } else {
            "stripped by the layer"
        };
        cookies_set.push_str(&format!("<li><code>{name}</code>: {fate}</li>"));
    }
    let gpc = if consent.gpc_honored() {
        "<p><strong>Global Privacy Control detected: your opt-out request was honoured.</strong> \
         Third-party cookies are refused.</p>"
    } else if consent.gpc() {
        "<p>Global Privacy Control detected; you explicitly accepted third-party cookies \
         while sending it.</p>"
    } else {
        ""
    };
    let decided = match consent.id() {
        Some(id) => format!("You decided; the reference of your choice is <code>{id}</code>."),
        None => "You have not decided yet: only necessary cookies are set.".to_owned(),
    };
    Html(format!(
        "<!doctype html><html lang=en><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width, initial-scale=1\">\
         <title>tower-cookie-consent demo</title>\
         <body style=\"font:1rem/1.5 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem\">\
         {banner}\
         <h1>tower-cookie-consent demo</h1>{gpc}<p>{decided}</p>\
         <h2>Your consent</h2><ul>{rows}</ul>\
         <h2>Cookies this page tried to set</h2><ul>{cookies_set}</ul>\
         <p><a href=\"/cookies\">Cookie policy and your choices</a> · \
         <a href=\"/consent\">your consent as JSON</a> · \
         <a href=\"/cookies.json\">the policy as JSON</a></p>",
        banner = consent.banner().lang(lang).return_to(here),
    ))
}

/// The demo application: the page, the consent endpoints, the layers,
/// with unsigned consent cookies (the tests write theirs by hand).
pub fn app() -> Router {
    with_layer(
        consent_layer()
            .build()
            .expect("the demo's settings are valid"),
    )
}

/// The demo application as `main` serves it: its consent cookies signed
/// with `key`, and values that `previous` keys signed still honoured.
pub fn signed_app(key: Key, previous: Vec<Key>) -> Router {
    let layer = consent_layer()
        .with_signing_key(key)
        .with_previous_signing_keys(previous)
        .build()
        .unwrap_or_else(|e| panic!("the demo's previous keys: {e}"));
    with_layer(layer)
}

fn consent_layer() -> ConsentLayerBuilder {
    // Plain http in development: the consent cookie goes without `Secure`.
    ConsentLayer::builder(policy()).with_secure_cookie(false)
}

fn with_layer(layer: ConsentLayer) -> Router {
    let routes = ConsentRoutes::new()
        .with_gpc_last_update(GPC_LAST_UPDATE)
        .expect("the demo's gpc.json date is valid");
    Router::new()
        .route("/", get(index))
        .merge(routes.into_router())
        .layer(CookieManagerLayer::new())
        .layer(layer)
}

/// The `lastUpdate` of the demo's `/.well-known/gpc.json`.
pub const GPC_LAST_UPDATE: &str = "2025-11-29";

#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let keys = match signing_key::from_env() {
        Ok(keys) => keys,
        Err(reason) => {
            eprintln!("cannot start: {reason}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let (listener, address) = match serving::bind_from_env().await {
        Ok(bound) => bound,
        Err(reason) => {
            eprintln!("{reason}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let base = format!("http://{address}");
    println!("tower-cookie-consent demo on {base}");
    println!(
        "consent cookies signed with the key from {} ({} previous)",
        keys.source,
        keys.previous.len()
    );
    println!();
    println!("Open {base}/ in a browser, or try:");
    println!("  # no consent yet: only the necessary cookies leave");
    println!("  curl -si {base}/ | grep -i set-cookie");
    println!("  # accept everything (a same-origin form post), keep the consent cookie");
    println!("  curl -si -c jar.txt -H 'Origin: {base}' -d action=accept_all {base}/consent");
    println!("  # now every registered cookie leaves");
    println!("  curl -si -b jar.txt -c jar.txt {base}/ | grep -i set-cookie");
    println!("  # withdraw: the statistical and other optional cookies are deleted");
    println!(
        "  curl -si -b jar.txt -c jar.txt -H 'Origin: {base}' -d action=withdraw {base}/consent"
    );
    println!("  # a cross-site post is refused");
    println!("  curl -si -H 'Origin: https://evil.example' -d action=accept_all {base}/consent");
    println!("  # the policy page, in French; the state as JSON; Global Privacy Control");
    println!("  curl -s '{base}/cookies?lang=fr' | head -c 600");
    println!("  curl -s -b jar.txt {base}/consent");
    println!("  curl -s -H 'Sec-GPC: 1' {base}/ | grep -i 'opt-out'");
    println!("  curl -s {base}/.well-known/gpc.json");
    let app = signed_app(keys.current, keys.previous);
    serving::serve(
        listener,
        app,
        serving::Timeouts::PRODUCTION,
        serving::ctrl_c(),
    )
    .await;
    std::process::ExitCode::SUCCESS
}
