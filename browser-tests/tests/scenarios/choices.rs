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

/// On `/cookies`, every combination of the two statistics services'
/// boxes (the category has no box of its own: all its cookies belong to a
/// service), saved one after the other by one visitor: the boxes come back
/// as saved, and the jar holds exactly the ticked services' cookies.
pub fn every_box_combination(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        b.open("/").await?;
        b.submit(BANNER_REJECT, "/").await?;
        b.open("/cookies").await?;
        expect_eq(
            "a statistics box over its services",
            b.shows(&category_box("statistical")).await?,
            false,
        )?;
        let ga = service_box("google-analytics");
        let matomo = service_box("matomo");
        for (want_ga, want_matomo) in [(true, true), (true, false), (false, true), (false, false)] {
            let what = format!("Google Analytics {want_ga}, Matomo {want_matomo}");
            b.open("/cookies").await?;
            for (selector, want) in [(&ga, want_ga), (&matomo, want_matomo)] {
                if b.is_ticked(selector).await? != want {
                    b.click(selector).await?;
                }
            }
            b.submit(PAGE_SAVE, PAGE_RETURN).await?;
            expect_eq(
                &format!("{what}: Google Analytics ticked after saving"),
                b.is_ticked(&ga).await?,
                want_ga,
            )?;
            expect_eq(
                &format!("{what}: Matomo ticked after saving"),
                b.is_ticked(&matomo).await?,
                want_matomo,
            )?;
            b.open("/").await?;
            let mut jar: Vec<&str> = REFUSED.to_vec();
            if want_ga {
                jar.extend(["_ga", "_ga_DEMO123"]);
            }
            if want_matomo {
                jar.push("_pk_id.1.a1b2");
            }
            b.expect_jar(&format!("{what}: jar"), &jar).await?;
        }
        Ok(())
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
