//! Global Privacy Control: the browser sends `Sec-GPC: 1` on every request
//! (DevTools extra headers), as a browser or extension with GPC on does.

use super::{BANNER, BANNER_ACCEPT, EVERYTHING, NECESSARY, Outcome};
use crate::harness::{Browser, expect_eq};

/// What the example's page says when it honoured the signal.
const HONOURED: &str = "your opt-out request was honoured";

/// The policy page's note about the signal.
const PAGE_NOTE: &str = "#tcc-choice p.tcc-gpc";

/// The advertising cookies GPC refuses.
const ADVERTISING: [&str; 2] = ["_fbp", "ads_id"];

/// Runs `steps` with `Sec-GPC: 1` on every request, then stops sending it
/// whether the steps passed or not.
async fn with_gpc<'a>(b: &'a Browser, steps: Outcome<'a>) -> Result<(), String> {
    b.send_extra_headers(&[("Sec-GPC", "1")]).await?;
    let outcome = steps.await;
    let cleared = b.send_extra_headers(&[]).await;
    outcome.and(cleared)
}

/// Undecided, with GPC: no advertising cookie on any page, and both pages
/// say the opt-out was honoured.
pub fn gpc_undecided(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        let steps = Box::pin(async move {
            for path in ["/", "/cookies", "/"] {
                b.open(path).await?;
                b.expect_jar(&format!("jar after {path}"), &NECESSARY)
                    .await?;
            }
            let page = b.text("body").await?;
            expect_eq("page says so", page.contains(HONOURED), true)?;
            expect_eq("banner still asks", b.shows(BANNER).await?, true)?;
            b.open("/cookies").await?;
            expect_eq("policy page says so", b.shows(PAGE_NOTE).await?, true)
        });
        with_gpc(b, steps).await
    })
}

/// Accepted all without GPC, then GPC turned on: the next response expires
/// the advertising cookies and keeps the rest.
pub fn gpc_overrides(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.submit(BANNER_ACCEPT, "/").await?;
        b.expect_jar("jar after accept all", &EVERYTHING).await?;
        let without_advertising: Vec<&str> = EVERYTHING
            .into_iter()
            .filter(|name| !ADVERTISING.contains(name))
            .collect();
        let steps = Box::pin(async move {
            b.reload().await?;
            b.expect_jar("jar once GPC is on", &without_advertising)
                .await?;
            let page = b.text("body").await?;
            expect_eq("page says so", page.contains(HONOURED), true)
        });
        with_gpc(b, steps).await
    })
}

/// With GPC on, "Accept all" is an explicit grant made with the signal
/// on: the advertising cookies come in, and the policy page says why.
pub fn gpc_explicit_grant(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        let steps = Box::pin(async move {
            b.open("/").await?;
            b.submit(BANNER_ACCEPT, "/").await?;
            b.expect_jar("jar after accept all with GPC", &EVERYTHING)
                .await?;
            let page = b.text("body").await?;
            expect_eq("page says honoured", page.contains(HONOURED), false)?;
            b.open("/cookies").await?;
            let note = b.text(PAGE_NOTE).await?;
            expect_eq(
                "policy page names the explicit grant",
                note.contains("explicitly accepted"),
                true,
            )
        });
        with_gpc(b, steps).await
    })
}
