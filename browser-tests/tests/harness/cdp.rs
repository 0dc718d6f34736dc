//! Chrome DevTools Protocol commands through chromedriver's passthrough
//! endpoint (`POST /session/{id}/goog/cdp/execute`), for what WebDriver
//! itself cannot do: extra request headers such as `Sec-GPC`, and a
//! viewport of any size for full-page screenshots.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use super::Browser;
use super::page::Context;

/// One DevTools command and its parameters.
#[derive(Debug)]
struct DevTools {
    command: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// Runs one DevTools command in the current tab.
    async fn devtools(&self, command: &'static str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(DevTools { command, params })
            .await
            .context(&format!("DevTools {command}"))
    }

    /// Sends these headers with every request from now on, in addition to
    /// the browser's own; an empty list stops sending them.
    pub async fn send_extra_headers(&self, headers: &[(&str, &str)]) -> Result<(), String> {
        self.devtools("Network.enable", json!({})).await?;
        let headers: serde_json::Map<String, Value> = headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), Value::from(*value)))
            .collect();
        self.devtools("Network.setExtraHTTPHeaders", json!({ "headers": headers }))
            .await
            .map(drop)
    }

    /// Lays the page out in a `width`×`height` viewport of CSS pixels at
    /// one device pixel each, whatever the window's size (a headless window
    /// cannot grow past its screen). `mobile` also applies the page's
    /// `<meta name=viewport>`, as a phone does.
    pub async fn emulate_viewport(
        &self,
        width: u32,
        height: u32,
        mobile: bool,
    ) -> Result<(), String> {
        let params = json!({
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": mobile,
        });
        self.devtools("Emulation.setDeviceMetricsOverride", params)
            .await
            .map(drop)
    }

    /// Back to the window's own viewport.
    pub async fn clear_viewport(&self) -> Result<(), String> {
        self.devtools("Emulation.clearDeviceMetricsOverride", json!({}))
            .await
            .map(drop)
    }
}
