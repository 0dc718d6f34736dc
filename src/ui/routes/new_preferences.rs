//! From a visitor's request to the `Preferences` the consent cookie stores.

use crate::ui::routes::choice_boxes::{home_category, used_category_boxes};
use crate::ui::routes::post_body::{Action, ConsentRequest, Selection};
use crate::{Category, CategoryState, Consent, ConsentId, Grant, Policy, Preferences};

/// The new choice: a fresh random id, `at` = `now`, the policy's current
/// revisions for what is accepted, and `gpc` when the request carries
/// Global Privacy Control (so its grants of sale-or-sharing categories and
/// their services are explicit). Names the policy does not know are
/// ignored, and so are the categories no cookie can be in (see
/// [`Consent::undecided`]): no choice records them, so the day the site
/// starts using one the visitor is asked about it.
pub(crate) fn preferences_for(
    request: &ConsentRequest,
    consent: &Consent,
    now: i64,
) -> Preferences {
    let policy = consent.policy();
    let mut prefs = Preferences::new(ConsentId::random(), now);
    prefs.gpc = consent.gpc();
    let optional = || policy.categories().filter(|c| consent.uses(c));
    let accepted =
        |c: &Category| Grant::Accepted(policy.revision(c).unwrap_or_default().to_owned());
    let mut set = |c: &Category, grant: Grant| {
        prefs.categories.insert(c.name().to_owned(), grant);
    };

    match (request.action, &request.selection) {
        (Action::Withdraw, _) => optional().for_each(|c| set(c, Grant::Refused)),
        (Action::AcceptAll | Action::RejectAll, _) => {
            let in_scope = |c: &Category| {
                request.scope.is_empty() || request.scope.iter().any(|s| s == c.name())
            };
            for category in optional() {
                if !in_scope(category) {
                    if let Some(grant) = current_grant(consent, category) {
                        set(category, grant);
                    }
                } else if request.action == Action::AcceptAll {
                    set(category, accepted(category));
                } else {
                    set(category, Grant::Refused);
                }
            }
            // Outside the scope, the visitor's service choices stand.
            for service in policy.services() {
                let kept = home_category(policy, service).is_some_and(|home| !in_scope(home));
                if let (true, Some(choice)) = (kept, consent.service_choice(service)) {
                    prefs
                        .services
                        .insert(service.to_owned(), service_grant(policy, service, choice));
                }
            }
        }
        (
            Action::Save,
            Selection::Ticked {
                categories,
                services,
            },
        ) => {
            // Each box covers cookies no other box covers (see
            // `choice_boxes`): what is ticked is granted, the rest refused.
            let service_ticked = |s: &str| services.iter().any(|t| t == s);
            for boxes in used_category_boxes(consent) {
                let category_accepted = if boxes.own_box {
                    categories.iter().any(|t| t == boxes.category.name())
                } else {
                    boxes.services.iter().all(|s| service_ticked(s))
                };
                set(
                    boxes.category,
                    if category_accepted {
                        accepted(boxes.category)
                    } else {
                        Grant::Refused
                    },
                );
                // A service that agrees with its category follows it.
                for service in boxes.services {
                    let ticked = service_ticked(service);
                    if ticked != category_accepted {
                        prefs
                            .services
                            .insert(service.to_owned(), service_grant(policy, service, ticked));
                    }
                }
            }
        }
        (
            Action::Save,
            Selection::Explicit {
                categories,
                services,
            },
        ) => {
            for category in optional() {
                let grant = match categories.get(category.name()) {
                    Some(true) => accepted(category),
                    _ => Grant::Refused,
                };
                set(category, grant);
            }
            for (service, &allowed) in services {
                if policy.services().any(|s| s == service) {
                    prefs
                        .services
                        .insert(service.clone(), service_grant(policy, service, allowed));
                }
            }
        }
    }
    prefs
}

/// The visitor's current decision on a category, to keep it unchanged.
fn current_grant(consent: &Consent, category: &Category) -> Option<Grant> {
    match consent.state(category) {
        CategoryState::Accepted => Some(Grant::Accepted(
            consent.policy().revision(category)?.to_owned(),
        )),
        CategoryState::Refused => Some(Grant::Refused),
        _ => None,
    }
}

/// A service granted at its current revision, or refused.
fn service_grant(policy: &Policy, service: &str, granted: bool) -> Grant {
    match policy.service_revision(service) {
        Some(revision) if granted => Grant::Accepted(revision.to_owned()),
        _ => Grant::Refused,
    }
}
