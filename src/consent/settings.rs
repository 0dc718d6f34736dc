//! The layer's settings, in one private place with their secure defaults.

use std::time::Duration;

use crate::cookie::signing::SigningKeys;
use crate::policy::DEFAULT_COOKIE_NAME;

/// What an undecided visitor is taken to have chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConsentDefault {
    /// Everything but necessary cookies is denied until the visitor accepts
    /// (EU law: silence is refusal). This is the default.
    #[default]
    OptIn,
    /// Everything is allowed until the visitor refuses (US-style). Global
    /// Privacy Control, and `DNT` when enabled, still deny.
    OptOut,
}

/// How many decoded consent cookies a layer keeps unless configured
/// otherwise.
pub(crate) const DEFAULT_CHOICE_CACHE_ENTRIES: usize = 256;

/// Defaults: 182 days (about six months, CNIL recommendation 2020-092).
pub(crate) const DEFAULT_LIFETIME: Duration = Duration::from_secs(182 * 24 * 60 * 60);
/// How far in the future a stored `at` may be before it is distrusted.
pub(crate) const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);
/// Browsers cap cookie lifetimes at 400 days.
pub(crate) const MAX_LIFETIME: Duration = Duration::from_secs(400 * 24 * 60 * 60);

#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) cookie_name: String,
    pub(crate) lifetime: Duration,
    pub(crate) clock_skew: Duration,
    pub(crate) secure_cookie: bool,
    pub(crate) default: ConsentDefault,
    pub(crate) honor_gpc: bool,
    pub(crate) honor_dnt: bool,
    pub(crate) withdrawal_cleanup: bool,
    pub(crate) request_scrubbing: bool,
    pub(crate) cache_protection: bool,
    pub(crate) report_only: bool,
    pub(crate) unknown_names_limit: usize,
    pub(crate) choice_cache_entries: usize,
    pub(crate) signing: SigningKeys,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cookie_name: DEFAULT_COOKIE_NAME.to_owned(),
            lifetime: DEFAULT_LIFETIME,
            clock_skew: DEFAULT_CLOCK_SKEW,
            secure_cookie: true,
            default: ConsentDefault::OptIn,
            honor_gpc: true,
            honor_dnt: false,
            withdrawal_cleanup: true,
            request_scrubbing: true,
            cache_protection: true,
            report_only: false,
            unknown_names_limit: 256,
            choice_cache_entries: DEFAULT_CHOICE_CACHE_ENTRIES,
            signing: SigningKeys::default(),
        }
    }
}
