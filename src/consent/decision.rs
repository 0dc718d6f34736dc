//! The per-request decision: the stored choice, the privacy signals and
//! the layer's default, combined into bit sets over the policy's
//! categories, so that judging a cookie is a lookup and a mask.

use crate::consent::choice::Choice;
use crate::policy::{CategoryIndex, RuleTarget};
use crate::{ConsentDefault, Policy};

/// The privacy signals a request carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Signals {
    pub(crate) gpc: bool,
    pub(crate) dnt: bool,
}

/// The per-request decision, as bit sets over the policy's category indices.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    pub(crate) choice: Option<Choice>,
    pub(crate) signals: Signals,
    /// Categories whose cookies may be set and read.
    allowed: u64,
    /// Services in categories restricted by GPC: their explicit grants count
    /// only when the choice was made with the signal.
    gpc_restricted: u64,
    /// Global Privacy Control denies a category or service that the
    /// choice or the default would otherwise allow: a response that
    /// depends on consent then also varies with `Sec-GPC`.
    pub(crate) gpc_denies: bool,
}

/// The bit of the necessary category, always allowed.
pub(crate) const NECESSARY: u64 = 1;

impl Decision {
    pub(crate) fn new(
        choice: Option<Choice>,
        signals: Signals,
        policy: &Policy,
        default: ConsentDefault,
        honor_gpc: bool,
        honor_dnt: bool,
    ) -> Self {
        let all = policy.all_categories_mask();
        let (accepted, refused) = choice.map_or((0, 0), |c| (c.accepted, c.refused));
        let undecided = all & !NECESSARY & !accepted & !refused;
        let default_allows = default == ConsentDefault::OptOut && !(honor_dnt && signals.dnt);
        let mut allowed = NECESSARY | accepted | if default_allows { undecided } else { 0 };

        let restricted = if honor_gpc && signals.gpc {
            policy.sale_or_sharing_mask()
        } else {
            0
        };
        let exempt = match choice {
            Some(c) if c.gpc => c.accepted,
            _ => 0,
        };
        let gpc_restricted = restricted & !exempt;
        let gpc_denies = gpc_restricted != 0
            && (allowed & gpc_restricted != 0
                || choice.is_some_and(|c| {
                    // A service granted with the signal on stands (see `allows_target`).
                    !c.gpc
                        && c.services_granted.any(|s| {
                            !c.services_denied.contains(s)
                                && policy.service_categories(s) & gpc_restricted != 0
                        })
                }));
        allowed &= !gpc_restricted;
        Decision {
            choice,
            signals,
            allowed,
            gpc_restricted,
            gpc_denies,
        }
    }

    pub(crate) fn allows_index(&self, category: CategoryIndex) -> bool {
        category == 0 || self.allowed & (1 << category) != 0
    }

    /// Whether a cookie of this rule may be set or read.
    pub(crate) fn allows_target(&self, target: RuleTarget) -> bool {
        if target.category == 0 {
            return true;
        }
        if let (Some(service), Some(choice)) = (target.service, self.choice) {
            if choice.services_denied.contains(service) {
                return false;
            }
            // A grant made while the browser sent the signal is explicit.
            if choice.services_granted.contains(service) {
                return choice.gpc || self.gpc_restricted & (1 << target.category) == 0;
            }
        }
        self.allows_index(target.category)
    }
}
