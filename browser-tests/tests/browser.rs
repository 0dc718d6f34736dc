//! What the visitor's browser actually keeps: scenarios in a real headless
//! Chromium against the example server's `app()`.
//!
//! One browser session is shared; each scenario starts by forgetting every
//! cookie. Ends with the line `N passed, M failed`; exits non-zero on any
//! failure or if the browser cannot start.

#[allow(dead_code)]
#[path = "../../examples/server.rs"]
mod server;

mod harness;

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use harness::{Browser, expect_eq};

type Outcome<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>;
type Scenario = for<'a> fn(&'a Browser) -> Outcome<'a>;

fn first_visit(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.client.goto(&b.url("/")).await.map_err(|e| e.to_string())?;
        expect_eq(
            "jar after the first visit",
            b.jar().await?,
            vec!["csrftoken".into(), "django_language".into(), "sessionid".into()],
        )
    })
}

const SCENARIOS: &[(&str, Scenario)] = &[("first visit keeps necessary cookies only", first_visit)];

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let base = harness::serve(server::app()).await;
    let browser = match Browser::start(base).await {
        Ok(browser) => browser,
        Err(e) => {
            eprintln!("browser suite cannot run: {e}");
            std::process::exit(2);
        }
    };
    let (mut passed, mut failed) = (0, 0);
    for (name, scenario) in SCENARIOS {
        let outcome = match browser.forget().await {
            Ok(()) => scenario(&browser).await,
            Err(e) => Err(format!("could not reset the browser: {e}")),
        };
        match outcome {
            Ok(()) => {
                passed += 1;
                println!("scenario {name} ... ok");
            }
            Err(e) => {
                failed += 1;
                println!("scenario {name} ... FAILED: {e}");
            }
        }
    }
    browser.stop().await;
    println!("browser suite took {:.1} s", started.elapsed().as_secs_f64());
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
