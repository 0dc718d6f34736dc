//! The banner by keyboard alone: Tab moves the focus to its buttons, Enter
//! presses the focused one.

use fantoccini::key::Key;

use super::{BANNER, EVERYTHING, NECESSARY, Outcome, REFUSED};
use crate::harness::page::Context;
use crate::harness::{Browser, expect_eq};

/// More Tab presses than the page has controls before the banner's buttons
/// (it has none): a banner that traps or skips the focus fails.
const MAX_TABS: usize = 8;

/// Presses Tab from the top of the page until the focus is on `label`;
/// returns how many presses it took.
async fn tab_to(b: &Browser, label: &str) -> Result<usize, String> {
    let mut seen = Vec::new();
    for presses in 1..=MAX_TABS {
        b.press(Key::Tab, false).await?;
        let text = b.focused_text().await?;
        if text == label {
            return Ok(presses);
        }
        seen.push(text);
    }
    Err(format!(
        "{MAX_TABS} Tab presses never reached {label:?}; the focus went through {seen:?}"
    ))
}

/// Presses Enter on the focused button and waits for the redirect.
async fn press_enter(b: &Browser) -> Result<(), String> {
    let focused = b.client.active_element().await.context("focused element")?;
    b.press(Key::Enter, false).await?;
    b.wait_for_new_page(&focused).await?;
    b.wait_for_path("/").await
}

/// Tab reaches "Accept all", the next Tab "Reject all"; Enter there
/// refuses everything.
pub fn reject_by_keyboard(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.expect_jar("jar before choosing", &NECESSARY).await?;
        tab_to(b, "Accept all").await?;
        b.press(Key::Tab, false).await?;
        expect_eq(
            "focus after one more Tab",
            b.focused_text().await?,
            "Reject all".into(),
        )?;
        press_enter(b).await?;
        expect_eq("banner shown after Enter", b.shows(BANNER).await?, false)?;
        b.expect_jar("jar after Enter on Reject all", &REFUSED)
            .await
    })
}

/// Tab to "Reject all", Shift+Tab back to "Accept all", Enter accepts.
pub fn accept_by_keyboard(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        tab_to(b, "Reject all").await?;
        b.press(Key::Tab, true).await?;
        expect_eq(
            "focus after Shift+Tab",
            b.focused_text().await?,
            "Accept all".into(),
        )?;
        press_enter(b).await?;
        expect_eq("banner shown after Enter", b.shows(BANNER).await?, false)?;
        b.expect_jar("jar after Enter on Accept all", &EVERYTHING)
            .await
    })
}
