//! Full-page screenshots of the banner (`GET /`, undecided) and of the
//! policy page, at a desktop and a phone width, into `docs/screenshots/`.

use std::path::PathBuf;

use super::{BANNER, Outcome};
use crate::harness::page::Context;
use crate::harness::{Browser, expect_eq};

/// Width and height of each viewport, in CSS pixels.
const VIEWPORTS: [(u32, u32); 2] = [(1280, 800), (390, 844)];

/// File stem and path of each page.
const PAGES: [(&str, &str); 2] = [("banner", "/"), ("policy", "/cookies")];

fn directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots")
}

pub fn take(b: &Browser) -> Outcome<'_> {
    Box::pin(async move {
        std::fs::create_dir_all(directory()).map_err(|e| format!("docs/screenshots: {e}"))?;
        let outcome = take_all(b).await;
        let restored = b.clear_viewport().await;
        outcome.and(restored)
    })
}

async fn take_all(b: &Browser) -> Result<(), String> {
    for (width, height) in VIEWPORTS {
        for (stem, path) in PAGES {
            let file = directory().join(format!("{stem}-{width}x{height}.png"));
            let png = full_page(b, path, width, height).await?;
            std::fs::write(&file, &png).map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    Ok(())
}

/// Opens `path` in a `width`×`height` viewport, then grows the viewport to
/// the page's whole height and takes the screenshot.
async fn full_page(b: &Browser, path: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mobile = width < 600;
    b.emulate_viewport(width, height, mobile).await?;
    b.open(path).await?;
    if path == "/" {
        expect_eq("banner shown", b.shows(BANNER).await?, true)?;
    }
    expect_eq(
        &format!("viewport width at {width}x{height}"),
        script_number(b, "return window.innerWidth").await?,
        u64::from(width),
    )?;
    let page_height = script_number(
        b,
        "return Math.ceil(document.documentElement.getBoundingClientRect().height)",
    )
    .await?;
    let full = u32::try_from(page_height).unwrap_or(u32::MAX).max(height);
    b.emulate_viewport(width, full, mobile).await?;
    let png = b.client.screenshot().await.context("screenshot")?;
    expect_eq(
        &format!("{path} screenshot size"),
        png_size(&png),
        Some((width, full)),
    )?;
    Ok(png)
}

async fn script_number(b: &Browser, script: &str) -> Result<u64, String> {
    let value = b.client.execute(script, vec![]).await.context(script)?;
    value
        .as_u64()
        .ok_or_else(|| format!("{script}: not a whole number: {value}"))
}

/// Width and height from a PNG's header chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.get(..8)? != b"\x89PNG\r\n\x1a\n" || png.get(12..16)? != b"IHDR" {
        return None;
    }
    let number = |at: usize| Some(u32::from_be_bytes(png.get(at..at + 4)?.try_into().ok()?));
    Some((number(16)?, number(20)?))
}
