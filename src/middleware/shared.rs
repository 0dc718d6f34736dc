//! What every clone of one [`ConsentLayer`](crate::ConsentLayer) shares.

use std::sync::Arc;

use crate::Policy;
use crate::consent::context::Context;
use crate::consent::settings::Settings;
use crate::middleware::choice_cache::ChoiceCache;
use crate::middleware::report::Counters;

/// The context every request's `Consent` holds, the report's counters and
/// the cache of decoded consent cookies.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) context: Arc<Context>,
    pub(crate) counters: Counters,
    /// Decoded consent cookies of recent visitors.
    pub(crate) choices: ChoiceCache,
}

impl Shared {
    /// Fresh counters and an empty cache for these settings.
    pub(crate) fn new(policy: Policy, settings: Settings) -> Self {
        let context = Context::new(policy, settings);
        let settings = &context.settings;
        Shared {
            counters: Counters::new(
                context.policy.category_count(),
                settings.unknown_names_limit,
            ),
            choices: ChoiceCache::new(settings.choice_cache_entries, context.signer.clone()),
            context: Arc::new(context),
        }
    }
}
