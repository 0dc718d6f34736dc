//! Prints the `Cookie` headers the soak test's visitors send to the demo
//! server (`scripts/soak`), one per line: an acceptance of every category
//! and a refusal of every category, both made now, at the demo policy's
//! current revisions, followed by every cookie the demo page sets.
//!
//! ```sh
//! cargo run --example soak_visitors
//! ```

#[allow(dead_code)]
#[path = "server.rs"]
mod server;

use tower_cookie_consent::{ConsentId, DEFAULT_COOKIE_NAME, Grant, Preferences};

fn main() {
    let policy = server::policy();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let demo_cookies: Vec<String> = server::DEMO_COOKIES
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    for accept in [true, false] {
        let mut choice = Preferences::new(ConsentId::random(), now);
        for category in policy.categories().skip(1) {
            let grant = match policy.revision(category) {
                Some(revision) if accept => Grant::Accepted(revision.to_owned()),
                _ => Grant::Refused,
            };
            choice.categories.insert(category.name().to_owned(), grant);
        }
        println!(
            "{DEFAULT_COOKIE_NAME}={}; {}",
            choice.encode(),
            demo_cookies.join("; ")
        );
    }
}
