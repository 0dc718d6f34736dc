//! What the visitor's browser actually keeps: scenarios in a real headless
//! Chromium against the example server's app, signing its consent cookies
//! with a fresh key and served with its timeouts, as `main` serves it.
//!
//! One browser session is shared; each scenario starts by forgetting every
//! cookie. Only the JavaScript-off scenario starts a second Chromium, since
//! that setting belongs to the profile. Ends with the line
//! `N passed, M failed`; exits non-zero on any failure or if the browser
//! cannot start.

#[allow(dead_code)]
#[path = "../../examples/server/main.rs"]
mod server;

mod harness;
mod scenarios;

use std::time::Instant;

use harness::{Browser, Javascript};
use scenarios::SCENARIOS;

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let key = tower_cookie_consent::Key::generate();
    let base = harness::serve(server::signed_app(key, Vec::new())).await;
    let browser = match Browser::start(base, Javascript::On).await {
        Ok(browser) => browser,
        Err(e) => {
            eprintln!("browser suite cannot run: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "browser started in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (mut passed, mut failed) = (0, 0);
    for (name, scenario) in SCENARIOS {
        let begun = Instant::now();
        let outcome = match browser.forget().await {
            Ok(()) => scenario(&browser).await,
            Err(e) => Err(format!("could not reset the browser: {e}")),
        };
        let took = begun.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => {
                passed += 1;
                println!("scenario {name} ... ok ({took:.1} s)");
            }
            Err(e) => {
                failed += 1;
                println!("scenario {name} ... FAILED ({took:.1} s): {e}");
            }
        }
    }
    browser.stop().await;
    println!(
        "browser suite took {:.1} s, browser start included",
        started.elapsed().as_secs_f64()
    );
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
