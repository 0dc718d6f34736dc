//! Starts the example app on a free loopback port and one headless
//! Chromium through chromedriver, shared by every scenario.

pub mod cdp;
pub mod page;

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

/// The flags the suite runs Chromium with: headless, and no background
/// traffic (this machine's network is closed).
pub const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Whether the browser runs page scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Javascript {
    /// Scripts run, as in most browsers.
    On,
    /// Scripts are blocked by the content-settings preference, as when a
    /// visitor turns JavaScript off.
    Off,
}

/// The running browser and the app it visits.
pub struct Browser {
    pub client: Client,
    pub base: String,
    driver: Child,
    profile: PathBuf,
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Serves `app` on a free loopback port as the example's `main` does (its
/// timeouts included); returns its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the app");
    let address = listener.local_addr().expect("app address");
    tokio::spawn(crate::server::serving::serve(
        listener,
        app,
        crate::server::serving::Timeouts::PRODUCTION,
        std::future::pending(),
    ));
    format!("http://{address}")
}

impl Browser {
    /// Starts chromedriver and one Chromium session with a fresh profile.
    /// Fails loudly (with chromedriver's own words) if either cannot start.
    pub async fn start(base: String, javascript: Javascript) -> Result<Browser, String> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let profile =
            std::env::temp_dir().join(format!("tcc-browser-profile-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile).map_err(|e| format!("profile dir: {e}"))?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {chromedriver}: {e}"))?;

        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--window-size=1280,800".into());
        let mut options = serde_json::json!({ "binary": chromium, "args": args });
        if javascript == Javascript::Off {
            options["prefs"] =
                serde_json::json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut capabilities = Capabilities::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match attempt {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => {
                    return Err(format!(
                        "Chromium did not start through {chromedriver}: {e}"
                    ));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Ok(Browser {
            client,
            base,
            driver,
            profile,
        })
    }

    /// The URL of a path on the app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Names of the cookies in the browser's jar for the app, sorted.
    /// WebDriver's "get all cookies" includes HttpOnly cookies.
    pub async fn jar(&self) -> Result<Vec<String>, String> {
        let mut names: Vec<String> = self
            .client
            .get_all_cookies()
            .await
            .map_err(|e| format!("get all cookies: {e}"))?
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    /// Fails unless the jar holds exactly these cookie names.
    pub async fn expect_jar(&self, what: &str, want: &[&str]) -> Result<(), String> {
        let mut want: Vec<String> = want.iter().map(|name| (*name).to_owned()).collect();
        want.sort();
        expect_eq(what, self.jar().await?, want)
    }

    /// Forgets every cookie: each scenario starts as a new visitor.
    pub async fn forget(&self) -> Result<(), String> {
        self.client
            .goto(&self.url("/"))
            .await
            .map_err(|e| e.to_string())?;
        self.client
            .delete_all_cookies()
            .await
            .map_err(|e| format!("delete all cookies: {e}"))
    }

    /// Ends the session, stops chromedriver, removes the profile.
    pub async fn stop(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Fails with both sides shown when they differ.
pub fn expect_eq<T: PartialEq + std::fmt::Debug>(
    what: &str,
    got: T,
    want: T,
) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}
