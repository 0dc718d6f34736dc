//! With JavaScript off, the banner and the policy page still work: their
//! forms post to `/consent`, which answers `303 See Other` back to the page.
//!
//! The setting is per browser profile, so this scenario starts a second
//! Chromium (and chromedriver) with scripts blocked, and stops it at the end.

use super::{
    BANNER, BANNER_REJECT, NECESSARY, Outcome, PAGE_RETURN, PAGE_SAVE, PAGE_WITHDRAW, REFUSED,
    category_box,
};
use crate::harness::page::Context;
use crate::harness::{Browser, Javascript, expect_eq};

/// A page whose script would retitle it: the title says whether scripts run.
const SCRIPT_PROBE: &str =
    "data:text/html,<title>scripts off</title><script>document.title='scripts on'</script>";

pub fn forms_work(shared: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        let b = Browser::start(shared.base.clone(), Javascript::Off).await?;
        let outcome = steps(&b).await;
        b.stop().await;
        outcome
    })
}

async fn steps(b: &Browser) -> Result<(), String> {
    b.client
        .goto(SCRIPT_PROBE)
        .await
        .context("open the probe")?;
    let title = b.client.title().await.context("probe title")?;
    expect_eq("page scripts blocked", title.as_str(), "scripts off")?;

    b.open("/").await?;
    expect_eq("banner shown", b.shows(BANNER).await?, true)?;
    b.expect_jar("jar on the first visit", &NECESSARY).await?;
    b.submit(BANNER_REJECT, "/").await?;
    expect_eq(
        "banner shown after rejecting",
        b.shows(BANNER).await?,
        false,
    )?;
    b.expect_jar("jar after reject all", &REFUSED).await?;

    b.open("/cookies").await?;
    b.click(&category_box("internal")).await?;
    b.submit(PAGE_SAVE, PAGE_RETURN).await?;
    b.open("/").await?;
    let mut internal = vec!["recently_viewed"];
    internal.extend(REFUSED);
    b.expect_jar("jar with internal cookies allowed", &internal)
        .await?;

    b.open("/cookies").await?;
    b.submit(PAGE_WITHDRAW, PAGE_RETURN).await?;
    b.expect_jar("jar after withdrawing", &REFUSED).await
}
