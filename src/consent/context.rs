//! What every [`Consent`](crate::Consent) of one layer shares.

use crate::Policy;
use crate::consent::read_flag::ReadFlags;
use crate::consent::settings::Settings;
use crate::cookie::signing::Signer;

/// The policy and settings a decision is made against, the signer the
/// endpoints write the consent cookie with, and whether each request in
/// flight read its consent.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) policy: Policy,
    pub(crate) settings: Settings,
    /// Signs the consent cookie the endpoints write.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) signer: Signer,
    pub(crate) read_flags: ReadFlags,
}

impl Context {
    pub(crate) fn new(policy: Policy, settings: Settings) -> Self {
        Context {
            signer: settings.signing.signer(&settings.cookie_name),
            read_flags: ReadFlags::new(),
            policy,
            settings,
        }
    }
}
