//! The time a choice is judged at, and the window a stored choice must
//! fall in.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::consent::choice::Window;
use crate::consent::settings::Settings;

/// Unix seconds now.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub(crate) fn window(settings: &Settings, now: i64) -> Window {
    Window {
        now,
        lifetime: settings.lifetime.as_secs() as i64,
        skew: settings.clock_skew.as_secs() as i64,
    }
}
