//! An application as people write them, behind the consent layer:
//! `cargo run --example integration`, then open <http://127.0.0.1:3000>
//! (`PORT` changes the port).
//!
//! - a login kept by tower-sessions, whose cookie is named `id`;
//! - a theme the visitor picks, kept by axum-extra's `CookieJar` in a
//!   `theme` cookie for the browsing session;
//! - Google Analytics' `_ga`, which the page sets on every view as a
//!   server-side tag would, without asking.
//!
//! The registry makes `id` and `theme` necessary and `_ga` statistical, so
//! the layer strips `_ga` until the visitor accepts statistics.
//! `tests/example_integration.rs` drives `app()` through its `Router`.

#[path = "server/serving.rs"]
mod serving;

use axum::Form;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use tower_cookie_consent::{Category, Consent, ConsentLayer, ConsentRoutes, CookieRule, Policy};
use tower_sessions::{MemoryStore, Session, SessionManagerLayer};

/// Every cookie the application writes; `main` and the tests check that
/// the registry has a rule for each.
pub const COOKIES_WRITTEN: [&str; 3] = ["id", "theme", "_ga"];

/// The session key holding the logged-in user's name.
const USER: &str = "user";

/// What the page writes for Google Analytics: 13 months, as gtag.js does.
const GA_LINE: &str = "_ga=GA1.1.1234567890.1700000000; Path=/; Max-Age=34190000; SameSite=Lax";

/// The registry: what the cookies above are, for the layer and the policy page.
pub fn policy() -> Policy {
    Policy::builder()
        .rule(
            // tower-sessions' default name (`SessionManagerLayer::with_name`).
            CookieRule::exact("id", Category::Necessary)
                .provider("This site (tower-sessions)")
                .function("Login")
                .purpose("To keep you logged in from one page to the next")
                .lifetime("Session"),
        )
        .rule(
            // Necessary because the visitor asked for it and it lasts the
            // browsing session only: the "user-interface customisation"
            // exemption. Kept longer, or set unasked, it would be internal.
            CookieRule::exact("theme", Category::Necessary)
                .provider("This site")
                .function("Display theme")
                .purpose("To show the site in the theme you picked")
                .lifetime("Session"),
        )
        .rule(
            CookieRule::exact("_ga", Category::Statistical)
                .service("google-analytics")
                .provider("Google")
                .function("Audience measurement (Google Analytics)")
                .purpose("To distinguish visitors and count visits")
                .lifetime("13 months"),
        )
        .build()
        .expect("the example's policy is valid")
}

/// The application with its layers. `ConsentLayer` is added last, so it is
/// the outermost: it sees the `id` line that `SessionManagerLayer` writes
/// on the way out.
pub fn app() -> Router {
    // Plain http in development: both cookies go without `Secure` (README,
    // "Developing on plain http"). In production, leave both at `true`.
    let sessions = SessionManagerLayer::new(MemoryStore::default()).with_secure(false);
    let consent = ConsentLayer::builder(policy())
        .with_secure_cookie(false)
        .build()
        .expect("the example's settings are valid");
    Router::new()
        .route("/", get(index))
        .route("/login", post(login))
        .route("/theme", post(theme))
        .merge(ConsentRoutes::new().into_router())
        .layer(sessions)
        .layer(consent)
}

async fn index(consent: Consent, session: Session, jar: CookieJar) -> Response {
    let user = match session.get::<String>(USER).await {
        Ok(user) => user,
        Err(e) => return failed(e),
    };
    // Only the values `theme` accepts, so the attribute below needs no escaping.
    let theme = match jar.get("theme").map(Cookie::value) {
        Some("dark") => "dark",
        _ => "light",
    };
    let greeting = match user {
        // `login` accepts letters and digits only, so the name needs no escaping.
        Some(name) => format!("<p>Logged in as <strong>{name}</strong>.</p>"),
        None => "<p><form method=post action=/login>\
                 <input name=name placeholder=\"your name\" pattern=\"[A-Za-z0-9]{1,32}\" required> \
                 <button>Log in</button></form></p>"
            .to_owned(),
    };
    let analytics = if consent.allows_service("google-analytics") {
        "Audience measurement is on."
    } else {
        "Audience measurement is off until you accept it."
    };
    let page = Html(format!(
        "<!doctype html><html lang=en data-theme={theme}><meta charset=utf-8>\
         <title>tower-cookie-consent integration</title>\
         <body style=\"font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem\">\
         {banner}<h1>Integration example</h1>{greeting}\
         <form method=post action=/theme>Theme: {theme} \
         <button name=theme value=light>Light</button> \
         <button name=theme value=dark>Dark</button></form>\
         <p>{analytics} <a href=/cookies>Cookie policy and your choices</a></p>",
        banner = consent.banner().return_to("/"),
    ));
    // Sent every time; the layer decides whether it leaves. Appended, so it
    // joins any line a layer adds.
    (AppendHeaders([(SET_COOKIE, GA_LINE)]), page).into_response()
}

#[derive(Deserialize)]
struct Login {
    name: String,
}

/// Logs in whoever asks: a real login checks a password. A new session id
/// at login keeps an id planted before it from being used after it.
async fn login(session: Session, Form(login): Form<Login>) -> Response {
    let name = login.name;
    if name.is_empty() || name.len() > 32 || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return (StatusCode::BAD_REQUEST, "a name is 1-32 letters or digits").into_response();
    }
    if let Err(e) = session.cycle_id().await {
        return failed(e);
    }
    match session.insert(USER, name).await {
        Ok(()) => Redirect::to("/").into_response(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct Theme {
    theme: String,
}

/// Keeps the theme the visitor picked, for the browsing session: no
/// `Max-Age`, which is what lets the registry call it necessary.
async fn theme(
    jar: CookieJar,
    Form(choice): Form<Theme>,
) -> response::Result<(CookieJar, Redirect)> {
    let theme = match choice.theme.as_str() {
        "light" | "dark" => choice.theme,
        _ => return Err((StatusCode::BAD_REQUEST, "the theme is light or dark").into()),
    };
    let cookie = Cookie::build(("theme", theme))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax);
    Ok((jar.add(cookie), Redirect::to("/")))
}

fn failed(error: tower_sessions::session::Error) -> Response {
    eprintln!("session store: {error}");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The startup check: refuse to serve with a cookie the layer would strip.
    if let Err(missing) = policy().check_names(COOKIES_WRITTEN) {
        eprintln!("cannot start: {missing}");
        return std::process::ExitCode::FAILURE;
    }
    let (listener, address) = match serving::bind_from_env().await {
        Ok(bound) => bound,
        Err(reason) => {
            eprintln!("{reason}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("tower-cookie-consent integration example on http://{address}");
    for name in COOKIES_WRITTEN {
        println!("  {}", policy().explain(name));
    }
    serving::serve(
        listener,
        app(),
        serving::Timeouts::PRODUCTION,
        serving::ctrl_c(),
    )
    .await;
    std::process::ExitCode::SUCCESS
}
