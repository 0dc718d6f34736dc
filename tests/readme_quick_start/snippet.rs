use axum::{Router, routing::get};
use tower_cookie_consent::{Category, ConfigError, Consent, ConsentLayer, CookieRule, Policy};
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

fn policy() -> Result<Policy, ConfigError> {
    Policy::builder()
        // tower-sessions' session cookie (Django's is `sessionid`).
        .rule(
            CookieRule::exact("id", Category::Necessary)
                .provider("This site")
                .function("Login")
                .purpose("To keep you logged in from one page to the next"),
        )
        .rule(CookieRule::exact("_ga", Category::Statistical).service("google-analytics"))
        .rule(CookieRule::pattern("_ga_*", Category::Statistical).service("google-analytics"))
        .rule(CookieRule::pattern("_pk_id.*", Category::Statistical).service("matomo"))
        .rule(CookieRule::exact("_fbp", Category::ThirdParty).service("meta-pixel"))
        .build()
}

fn app(policy: Policy) -> Router {
    Router::new()
        .route("/", get(page))
        .layer(CookieManagerLayer::new()) // writes Set-Cookie at the end…
        .layer(ConsentLayer::new(policy)) // …so the consent layer sits outside it
}

async fn page(consent: Consent, cookies: Cookies) -> &'static str {
    // Set unasked: the layer strips it until the visitor accepts statistics.
    cookies.add(Cookie::new("_ga", "GA1.1.123.456"));
    if consent.allows(&Category::Statistical) {
        "analytics on"
    } else {
        "analytics off"
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    // For production, add timeouts: see "Serving in production".
    axum::serve(listener, app(policy()?)).await?;
    Ok(())
}
