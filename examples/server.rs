//! The demo server: `cargo run --example server`, then open
//! <http://127.0.0.1:3000>. `PORT` changes the port.
//!
//! Its page tries to set every cookie of the registry on every request, so
//! what the consent layer strips is visible in the browser's cookie jar.

use axum::{Router, response::Html, routing::get};
use tower_cookie_consent::{Category, Consent, ConsentLayer, CookieRule, Policy};
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

async fn index(consent: Consent, cookies: Cookies) -> Html<String> {
    for (name, value) in DEMO_COOKIES {
        let mut cookie = Cookie::new(name, value);
        cookie.set_path("/");
        cookies.add(cookie);
    }
    let mut rows = String::new();
    for category in consent.policy().categories() {
        rows.push_str(&format!(
            "<li>{}: {}</li>",
            category,
            if consent.allows(category) {
                "allowed"
            } else {
                "denied"
            }
        ));
    }
    Html(format!(
        "<!doctype html><html lang=en><meta charset=utf-8>\
         <title>tower-cookie-consent demo</title>\
         <h1>tower-cookie-consent demo</h1>\
         <p>Decided: {}</p><ul>{rows}</ul>",
        consent.is_decided()
    ))
}

/// The demo application.
pub fn app() -> Router {
    Router::new()
        .route("/", get(index))
        .layer(CookieManagerLayer::new())
        // Plain http in development: the consent cookie goes without `Secure`.
        .layer(ConsentLayer::new(policy()).with_secure_cookie(false))
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let address = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .unwrap_or_else(|e| panic!("cannot listen on {address}: {e}"));
    println!("tower-cookie-consent demo on http://{address}");
    println!("try: curl -si http://{address}/ | grep -i set-cookie");
    axum::serve(listener, app()).await.expect("server failed");
}
