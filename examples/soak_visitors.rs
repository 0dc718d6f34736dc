//! Prints the `Cookie` headers the soak test's visitors send to the demo
//! server (`scripts/soak`), one per line: an acceptance of every category
//! and a refusal of every category, both made now through the demo's own
//! `POST /consent` and so signed with the key the server holds (from
//! `COOKIE_CONSENT_KEY`, as the server reads it), followed by every cookie
//! the demo page sets.
//!
//! ```sh
//! COOKIE_CONSENT_KEY="$(openssl rand -base64 64 | tr -d '\n')" cargo run --example soak_visitors
//! ```

#[allow(dead_code)]
#[path = "server/main.rs"]
mod server;

use axum::body::Body;
use axum::http::{Request, header};
use tower::ServiceExt;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let keys = server::signing_key::from_env().unwrap_or_else(|e| panic!("{e}"));
    let app = server::signed_app(keys.current, keys.previous);
    let demo_cookies: Vec<String> = server::DEMO_COOKIES
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    for action in ["accept_all", "reject_all"] {
        let request = Request::post("/consent")
            .header(header::HOST, "127.0.0.1")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("action={action}")))
            .expect("a valid request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        let pair = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|line| line.to_str().ok()?.split(';').next())
            .find(|pair| pair.starts_with("cookies_preferences="))
            .expect("POST /consent writes the consent cookie")
            .to_owned();
        println!("{pair}; {}", demo_cookies.join("; "));
    }
}
