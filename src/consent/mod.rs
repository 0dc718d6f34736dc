//! `Consent`: what this visitor allows, decided once per request.

pub(crate) mod choice;
pub(crate) mod clock;
pub(crate) mod context;
pub(crate) mod decision;
pub(crate) mod read_flag;
pub(crate) mod settings;
pub(crate) mod signals;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::consent::choice::{Choice, ServiceSet};
use crate::consent::context::Context;
use crate::consent::decision::{Decision, NECESSARY, Signals};
use crate::consent::read_flag::ReadFlag;
use crate::cookie::decoded_name;
#[cfg(feature = "axum")]
use crate::cookie::signing::Signer;
use crate::policy::RuleTarget;
use crate::{Category, ConsentId, Policy, UnknownCookies};

/// What one visitor allows on this request: the stored choice, the policy's
/// current revisions, the privacy signals and the layer's defaults, combined.
///
/// [`ConsentLayer`](crate::ConsentLayer) puts it in the request extensions;
/// with the `axum` feature it is an extractor. Cloning is cheap.
///
/// ```
/// use axum::{Router, routing::get};
/// use tower_cookie_consent::{Category, Consent, ConsentLayer, Policy};
///
/// async fn page(consent: Consent) -> String {
///     if consent.allows(&Category::Statistical) {
///         "<script src=/analytics.js></script>".into()
///     } else {
///         String::new()
///     }
/// }
///
/// let app: Router = Router::new()
///     .route("/", get(page))
///     .layer(ConsentLayer::new(Policy::builder().build()?));
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Consent {
    context: Arc<Context>,
    decision: Decision,
    /// Raised when the handler takes the extractor: the response then
    /// depends on consent.
    read: ReadFlag,
}

/// Where a visitor stands on one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CategoryState {
    /// Accepted at the category's current revision.
    Accepted,
    /// Refused.
    Refused,
    /// Never decided (no valid choice, or a category added since).
    Undecided,
    /// Accepted at an older revision: the visitor must be asked again.
    Lapsed,
}

impl Consent {
    pub(crate) fn new(context: Arc<Context>, choice: Option<Choice>, signals: Signals) -> Self {
        let settings = &context.settings;
        let decision = Decision::new(
            choice,
            signals,
            &context.policy,
            settings.default,
            settings.honor_gpc,
            settings.honor_dnt,
        );
        Consent {
            context,
            decision,
            read: ReadFlag::Unused,
        }
    }

    /// The same visitor under another stored choice (a response that sets a
    /// new consent cookie).
    pub(crate) fn with_choice(&self, choice: Option<Choice>) -> Self {
        Consent::new(self.context.clone(), choice, self.decision.signals)
    }

    /// The policy this consent was decided against.
    pub fn policy(&self) -> &Policy {
        &self.context.policy
    }

    /// The consent cookie's name.
    pub(crate) fn cookie_name(&self) -> &str {
        &self.context.settings.cookie_name
    }

    /// Whether cookies of this category may be set and read. Necessary
    /// cookies always may; a category the policy does not know never may.
    pub fn allows(&self, category: &Category) -> bool {
        if category.is_necessary() {
            return true;
        }
        self.context
            .policy
            .category_index(category.name())
            .is_some_and(|i| self.decision.allows_index(i))
    }

    /// Whether a cookie of this name may be set and read, by the policy's
    /// rules, the visitor's category and service choices, and the unknown
    /// cookie setting. The consent cookie always may. A percent-encoded
    /// name (`%5Ffbp`) may only when its decoded reading (`_fbp`, what
    /// tower-cookies and axum-extra read) may too; the same holds for a
    /// name with Unicode white space around it, which tower-cookies trims.
    pub fn allows_cookie(&self, name: &str) -> bool {
        self.allows_cookie_bytes(name.as_bytes())
    }

    /// [`Consent::allows_cookie`] for a name read from header bytes: both
    /// readings of the name must be allowed.
    pub(crate) fn allows_cookie_bytes(&self, name: &[u8]) -> bool {
        self.allows_reading(name)
            && decoded_name::with_decoded(name, |decoded| self.allows_reading(decoded))
                .unwrap_or(true)
    }

    /// Whether the cookie one reading of a name names may be set and read.
    fn allows_reading(&self, name: &[u8]) -> bool {
        if name == self.cookie_name().as_bytes() {
            return true;
        }
        match self.context.policy.rule_index(name) {
            Some(rule) => self
                .decision
                .allows_target(self.context.policy.target(rule)),
            None => self.allows_unknown(),
        }
    }

    pub(crate) fn allows_unknown(&self) -> bool {
        match self.context.policy.unknown() {
            UnknownCookies::Strip => false,
            UnknownCookies::Allow => true,
            UnknownCookies::As(category) => self.allows(category),
        }
    }

    /// Whether the cookies of one service may be set: `false` if the visitor
    /// refused the service; `true` if they granted it (unless Global Privacy
    /// Control overrides the grant); otherwise whether every category the
    /// service's rules use is allowed. An unknown service never may.
    pub fn allows_service(&self, service: &str) -> bool {
        let policy = &self.context.policy;
        let mut rules = policy
            .rules()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.service_name() == Some(service))
            .peekable();
        if rules.peek().is_none() {
            return false;
        }
        rules.all(|(i, _)| self.decision.allows_target(policy.target(i as u32)))
    }

    /// Where the visitor stands on one category. Necessary is always
    /// accepted; a category the policy does not know is undecided.
    pub fn state(&self, category: &Category) -> CategoryState {
        if category.is_necessary() {
            return CategoryState::Accepted;
        }
        let (Some(choice), Some(i)) = (
            self.decision.choice,
            self.context.policy.category_index(category.name()),
        ) else {
            return CategoryState::Undecided;
        };
        let bit = 1u64 << i;
        if choice.accepted & bit != 0 {
            CategoryState::Accepted
        } else if choice.refused & bit != 0 {
            CategoryState::Refused
        } else if choice.lapsed & bit != 0 {
            CategoryState::Lapsed
        } else {
            CategoryState::Undecided
        }
    }

    /// The visitor's explicit, current choice for one service, if any. A
    /// grant made at another revision of the service has lapsed: `None`.
    pub fn service_choice(&self, service: &str) -> Option<bool> {
        let choice = self.decision.choice?;
        let i = self.context.policy.service_index(service)?;
        if choice.services_granted.contains(i) {
            Some(true)
        } else if choice.services_denied.contains(i) {
            Some(false)
        } else {
            None
        }
    }

    /// True when a valid, current choice is present, even if one category's
    /// grant has since lapsed.
    pub fn is_decided(&self) -> bool {
        self.decision.choice.is_some()
    }

    /// The categories the visitor must still be asked about: every
    /// optional category in use that is undecided or whose grant lapsed, or
    /// that holds a service whose grant lapsed.
    ///
    /// A category is in use when a rule of the policy is in it, or unknown
    /// cookies are counted in it ([`UnknownCookies::As`]). No cookie can be
    /// in any other, so it never needs a decision: it is not listed here,
    /// and stays undecided (denied, unless the default is opt-out).
    pub fn undecided(&self) -> Vec<Category> {
        let lapsed = self.lapsed_service_categories();
        self.context
            .policy
            .categories()
            .enumerate()
            .filter(|&(i, c)| {
                lapsed & (1 << i) != 0
                    || (self.context.used & (1 << i) != 0
                        && matches!(
                            self.state(c),
                            CategoryState::Undecided | CategoryState::Lapsed
                        ))
            })
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// Whether the page should show the consent banner: some optional
    /// category in use is undecided or lapsed (all of them, with no valid
    /// choice), or some service grant lapsed. A category no cookie can be
    /// in is never asked about (see [`Consent::undecided`]), so a policy
    /// with only necessary cookies needs no banner.
    pub fn needs_banner(&self) -> bool {
        let used = self.context.used;
        let Some(choice) = self.decision.choice else {
            return used != 0;
        };
        used & !(choice.accepted | choice.refused) != 0 || self.lapsed_service_categories() != 0
    }

    /// Whether a cookie can be in this optional category (see
    /// [`Consent::undecided`]): what the banner speaks of and a choice
    /// records. `false` for necessary and for a category the policy does
    /// not know.
    #[cfg(feature = "axum")]
    pub(crate) fn uses(&self, category: &Category) -> bool {
        self.context
            .policy
            .category_index(category.name())
            .is_some_and(|i| self.context.used & (1 << i) != 0)
    }

    /// The categories holding a rule of a service whose grant lapsed.
    fn lapsed_service_categories(&self) -> u64 {
        let Some(choice) = self.decision.choice else {
            return 0;
        };
        if choice.services_lapsed == ServiceSet::default() {
            return 0;
        }
        let policy = &self.context.policy;
        (0..policy.rules().len() as u32)
            .map(|rule| policy.target(rule))
            .filter(|t| {
                t.service
                    .is_some_and(|s| choice.services_lapsed.contains(s))
            })
            .fold(0, |mask, t| mask | 1 << t.category)
            & !NECESSARY
    }

    /// Whether the request carries Global Privacy Control (`Sec-GPC: 1`).
    pub fn gpc(&self) -> bool {
        self.decision.signals.gpc
    }

    /// Whether the request carries Global Privacy Control and it is honoured:
    /// every sale-or-sharing category is denied on this request. A page can
    /// say "opt-out request honoured".
    pub fn gpc_honored(&self) -> bool {
        let policy = &self.context.policy;
        self.gpc()
            && self.context.settings.honor_gpc
            && policy
                .categories()
                .filter(|c| policy.is_sale_or_sharing(c))
                .all(|c| !self.allows(c))
    }

    /// Whether the request carries `DNT: 1` (only acted on when the layer
    /// honours it).
    pub fn dnt(&self) -> bool {
        self.decision.signals.dnt
    }

    /// The stored choice's identifier: the key of its proof-of-consent record.
    pub fn id(&self) -> Option<ConsentId> {
        self.decision.choice.map(|c| c.id)
    }

    /// When the stored choice was made.
    pub fn decided_at(&self) -> Option<SystemTime> {
        let at = self.decision.choice?.at;
        Some(if at >= 0 {
            SystemTime::UNIX_EPOCH + Duration::from_secs(at as u64)
        } else {
            SystemTime::UNIX_EPOCH - Duration::from_secs(at.unsigned_abs())
        })
    }

    /// Whether the stored choice was made while the browser sent Global
    /// Privacy Control.
    pub fn choice_made_with_gpc(&self) -> bool {
        self.decision.choice.is_some_and(|c| c.gpc)
    }

    /// Whether the consent cookie is written with `Secure`.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn secure_cookie(&self) -> bool {
        self.context.settings.secure_cookie
    }

    /// How long a choice is kept before the visitor is asked again.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn lifetime(&self) -> Duration {
        self.context.settings.lifetime
    }
}

/// What the rest of the crate asks of a `Consent` beyond the public
/// questions: the decision on one rule, and the read flag.
impl Consent {
    /// Whether a cookie of this rule may be set or read.
    pub(crate) fn allows_target(&self, target: RuleTarget) -> bool {
        self.decision.allows_target(target)
    }

    /// Whether Global Privacy Control denied something the choice or the
    /// default allowed: the response then varies with `Sec-GPC`.
    pub(crate) fn gpc_denies(&self) -> bool {
        self.decision.gpc_denies
    }

    /// Tracks whether the handler reads this consent, in the slot of the
    /// request with this ticket.
    pub(crate) fn track_read(&mut self, ticket: u64) {
        self.read = self.context.read_flags.claim(ticket);
    }

    /// Notes that the handler read this consent.
    #[cfg(feature = "axum")]
    pub(crate) fn mark_read(&self) {
        self.read.raise(&self.context.read_flags);
    }

    /// Whether the handler read this consent; frees the request's slot.
    /// Only the response future calls it, once.
    pub(crate) fn finish_read(&mut self) -> bool {
        self.read.finish(&self.context.read_flags)
    }

    /// Signs consent cookie values for this layer.
    #[cfg(feature = "axum")]
    pub(crate) fn signer(&self) -> &Signer {
        &self.context.signer
    }
}

impl fmt::Debug for Consent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let states: Vec<(String, CategoryState)> = self
            .context
            .policy
            .categories()
            .map(|c| (c.name().to_owned(), self.state(c)))
            .collect();
        f.debug_struct("Consent")
            .field("decided", &self.is_decided())
            .field("states", &states)
            .field("gpc", &self.gpc())
            .finish()
    }
}
