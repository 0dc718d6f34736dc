//! The visitor's choices, made by clicking the banner and the policy page,
//! and what each leaves in the jar.

use serde_json::json;

use super::{
    BANNER, BANNER_ACCEPT, BANNER_REJECT, EVERYTHING, NECESSARY, Outcome, PAGE_RETURN, PAGE_SAVE,
    PAGE_WITHDRAW, REFUSED, category_box, service_box,
};
use crate::harness::page::Context;
use crate::harness::{Browser, expect_eq};

/// A new visitor sees the banner and gets the necessary cookies only, on
/// the first response and the next.
pub fn first_visit(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        expect_eq("banner shown", b.shows(BANNER).await?, true)?;
        b.expect_jar("jar after the first visit", &NECESSARY)
            .await?;
        b.reload().await?;
        expect_eq("banner shown again", b.shows(BANNER).await?, true)?;
        b.expect_jar("jar after a reload", &NECESSARY).await
    })
}

/// "Reject all" stores the refusal; reloads bring no optional cookie.
pub fn reject_all(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.submit(BANNER_REJECT, "/").await?;
        expect_eq(
            "banner shown after rejecting",
            b.shows(BANNER).await?,
            false,
        )?;
        b.expect_jar("jar after reject all", &REFUSED).await?;
        for round in 1..=2 {
            b.reload().await?;
            b.expect_jar(&format!("jar after reload {round}"), &REFUSED)
                .await?;
        }
        expect_eq("banner shown after reloads", b.shows(BANNER).await?, false)
    })
}

/// "Accept all" lets every cookie of the page in.
pub fn accept_all(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.submit(BANNER_ACCEPT, "/").await?;
        expect_eq(
            "banner shown after accepting",
            b.shows(BANNER).await?,
            false,
        )?;
        b.expect_jar("jar after accept all", &EVERYTHING).await
    })
}

/// On `/cookies`: statistics ticked, Google Analytics ticked, Matomo left
/// unticked, saved. Google Analytics' cookies come in, Matomo's and the
/// advertising ones stay out.
pub fn customise(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/cookies").await?;
        for selector in [
            category_box("statistical"),
            category_box("internal"),
            category_box("third_party"),
            service_box("google-analytics"),
            service_box("matomo"),
        ] {
            expect_eq(
                &format!("{selector} ticked before choosing"),
                b.is_ticked(&selector).await?,
                false,
            )?;
        }
        b.click(&category_box("statistical")).await?;
        b.click(&service_box("google-analytics")).await?;
        b.submit(PAGE_SAVE, PAGE_RETURN).await?;
        expect_eq(
            "statistics ticked after saving",
            b.is_ticked(&category_box("statistical")).await?,
            true,
        )?;
        expect_eq(
            "Matomo ticked after saving",
            b.is_ticked(&service_box("matomo")).await?,
            false,
        )?;
        b.open("/").await?;
        expect_eq("banner shown after saving", b.shows(BANNER).await?, false)?;
        b.expect_jar(
            "jar with statistics but not Matomo",
            &["_ga", "_ga_DEMO123", "cookies_preferences"]
                .into_iter()
                .chain(NECESSARY)
                .collect::<Vec<_>>(),
        )
        .await
    })
}

/// After accepting all, "Withdraw my consent" on `/cookies`: the post and
/// the redirect it answers with leave only the necessary cookies.
pub fn withdraw(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.submit(BANNER_ACCEPT, "/").await?;
        b.expect_jar("jar after accept all", &EVERYTHING).await?;
        b.open("/cookies").await?;
        b.submit(PAGE_WITHDRAW, PAGE_RETURN).await?;
        b.expect_jar("jar right after withdrawing", &REFUSED)
            .await?;
        b.open("/").await?;
        expect_eq(
            "banner shown after withdrawing",
            b.shows(BANNER).await?,
            false,
        )?;
        b.expect_jar("jar on the next page", &REFUSED).await
    })
}

/// Statistics refused, then page JavaScript writes statistical cookies
/// itself: the browser keeps them until the next response, which expires
/// them. `_pk_ses.1.a1b2` is never set by the server, so only the
/// withdrawal can remove it.
pub fn script_cookie(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.submit(BANNER_REJECT, "/").await?;
        b.client
            .execute(
                "document.cookie = arguments[0]; document.cookie = arguments[1];",
                vec![json!("_ga=js; path=/"), json!("_pk_ses.1.a1b2=js; path=/")],
            )
            .await
            .context("write cookies from the page")?;
        b.expect_jar(
            "jar after the script wrote its cookies",
            &["_ga", "_pk_ses.1.a1b2"]
                .into_iter()
                .chain(REFUSED)
                .collect::<Vec<_>>(),
        )
        .await?;
        b.reload().await?;
        b.expect_jar("jar after the next request", &REFUSED).await
    })
}
