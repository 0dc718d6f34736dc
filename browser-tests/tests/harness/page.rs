//! What a visitor does on a page: open it, look for an element, click,
//! press keys; and what the scenarios check afterwards.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::key::Key;

use super::Browser;

/// How long a form post and its redirect may take before a scenario fails.
const NAVIGATION_TIMEOUT: Duration = Duration::from_secs(10);

/// Turns a WebDriver error into the scenario's failure message.
pub trait Context<T> {
    /// The error, prefixed with what was being done.
    fn context(self, doing: &str) -> Result<T, String>;
}

impl<T> Context<T> for Result<T, CmdError> {
    fn context(self, doing: &str) -> Result<T, String> {
        self.map_err(|e| format!("{doing}: {e}"))
    }
}

impl Browser {
    /// Opens a path of the app, as typing it in the address bar.
    pub async fn open(&self, path: &str) -> Result<(), String> {
        self.client
            .goto(&self.url(path))
            .await
            .context(&format!("open {path}"))
    }

    /// Reloads the current page.
    pub async fn reload(&self) -> Result<(), String> {
        self.client.refresh().await.context("reload")
    }

    /// Clicks the element the CSS selector finds.
    pub async fn click(&self, selector: &str) -> Result<(), String> {
        self.client
            .find(Locator::Css(selector))
            .await
            .context(&format!("find {selector}"))?
            .click()
            .await
            .context(&format!("click {selector}"))
    }

    /// Waits until the browser shows `path` (after a form post and its
    /// `303 See Other`), failing after ten seconds.
    pub async fn wait_for_path(&self, path: &str) -> Result<(), String> {
        let want = url::Url::parse(&self.url(path)).map_err(|e| format!("url {path}: {e}"))?;
        match self
            .client
            .wait()
            .at_most(NAVIGATION_TIMEOUT)
            .for_url(&want)
            .await
        {
            Ok(()) => Ok(()),
            Err(e) => {
                let now = self.client.current_url().await.context("current url")?;
                Err(format!("expected to land on {want}, still on {now}: {e}"))
            }
        }
    }

    /// Clicks a submit button and waits for the redirect back to `path`.
    pub async fn submit(&self, button: &str, path: &str) -> Result<(), String> {
        let element = self
            .client
            .find(Locator::Css(button))
            .await
            .context(&format!("find {button}"))?;
        element.click().await.context(&format!("click {button}"))?;
        self.wait_for_new_page(&element).await?;
        self.wait_for_path(path).await
    }

    /// Waits until the page that held `element` has been replaced: the post
    /// may come back to the very URL it left, so the URL alone cannot tell.
    /// While the old document is being torn down chromedriver may answer
    /// with other errors ("node does not belong to the document"); those
    /// are polled through until the element is reported stale.
    pub async fn wait_for_new_page(&self, element: &Element) -> Result<(), String> {
        let deadline = Instant::now() + NAVIGATION_TIMEOUT;
        let mut last = String::from("the element is still on the page");
        loop {
            match element.tag_name().await {
                Err(e) if e.is_stale_element_reference() => return Ok(()),
                Err(e) => last = e.to_string(),
                Ok(_) => {}
            }
            if Instant::now() > deadline {
                return Err(format!("the form post did not lead to a new page: {last}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether an element the selector finds is on the page and visible.
    pub async fn shows(&self, selector: &str) -> Result<bool, String> {
        match self.client.find(Locator::Css(selector)).await {
            Ok(element) => element
                .is_displayed()
                .await
                .context(&format!("is {selector} displayed")),
            Err(e) if e.is_no_such_element() => Ok(false),
            Err(e) => Err(format!("find {selector}: {e}")),
        }
    }

    /// The visible text of the element the selector finds.
    pub async fn text(&self, selector: &str) -> Result<String, String> {
        self.client
            .find(Locator::Css(selector))
            .await
            .context(&format!("find {selector}"))?
            .text()
            .await
            .context(&format!("text of {selector}"))
    }

    /// Whether a checkbox is ticked.
    pub async fn is_ticked(&self, selector: &str) -> Result<bool, String> {
        let element = self
            .client
            .find(Locator::Css(selector))
            .await
            .context(&format!("find {selector}"))?;
        let checked = element
            .prop("checked")
            .await
            .context(&format!("checked of {selector}"))?;
        Ok(checked.as_deref() == Some("true"))
    }

    /// Presses and releases one key, as the keyboard does, on whatever
    /// has the focus. `shift` holds Shift down around it.
    pub async fn press(&self, key: Key, shift: bool) -> Result<(), String> {
        let code = |k: Key| k.chars().next().unwrap_or_default();
        let mut keys = KeyActions::new("keyboard".into());
        if shift {
            keys = keys.then(KeyAction::Down {
                value: code(Key::Shift),
            });
        }
        keys = keys
            .then(KeyAction::Down { value: code(key) })
            .then(KeyAction::Up { value: code(key) });
        if shift {
            keys = keys.then(KeyAction::Up {
                value: code(Key::Shift),
            });
        }
        self.client
            .perform_actions(keys)
            .await
            .context("press a key")
    }

    /// The text of the element that has the keyboard focus (empty for the
    /// page itself).
    pub async fn focused_text(&self) -> Result<String, String> {
        let element = self
            .client
            .active_element()
            .await
            .context("focused element")?;
        let tag = element.tag_name().await.context("focused element's tag")?;
        if tag.eq_ignore_ascii_case("body") {
            return Ok(String::new());
        }
        element.text().await.context("focused element's text")
    }
}
