//! The policy page's form to change a choice, worked out for
//! `templates/policy_page/choice_form.html`.

use crate::ui::routes::choice_boxes::used_category_boxes;
use crate::ui::texts::{Texts, category_title};
use crate::{CategoryState, Consent, Lang};

/// One optional category's fieldset: a box per service and, for the
/// category's cookies outside any service, a box of its own (see
/// `choice_boxes`). A box is ticked only when the visitor already accepted
/// what it stands for.
pub(crate) struct Fieldset<'p> {
    pub(crate) title: String,
    pub(crate) name: &'p str,
    pub(crate) own_box: Option<OwnBox>,
    pub(crate) services: Vec<ServiceBox<'p>>,
}

/// The box for a category's own cookies.
pub(crate) struct OwnBox {
    pub(crate) label: &'static str,
    pub(crate) checked: bool,
}

/// The box for one service, named with its provider.
pub(crate) struct ServiceBox<'p> {
    pub(crate) name: &'p str,
    pub(crate) provider: Option<&'p str>,
    pub(crate) checked: bool,
}

/// The fieldsets of every optional category, in the policy's order.
pub(crate) fn fieldsets<'p>(
    consent: &'p Consent,
    lang: Lang,
    t: &'static Texts,
) -> Vec<Fieldset<'p>> {
    let policy = consent.policy();
    used_category_boxes(consent)
        .into_iter()
        .map(|boxes| {
            let category = boxes.category;
            let accepted = consent.state(category) == CategoryState::Accepted;
            let own_box = boxes.own_box.then_some(OwnBox {
                label: if boxes.services.is_empty() {
                    &t.form.accept_category
                } else {
                    &t.form.accept_own_cookies
                },
                checked: accepted,
            });
            let services = boxes
                .services
                .into_iter()
                .map(|service| ServiceBox {
                    name: service,
                    provider: policy
                        .rules()
                        .iter()
                        .find(|r| r.service_name() == Some(service))
                        .and_then(|r| r.provider_name()),
                    checked: consent.service_choice(service).unwrap_or(accepted),
                })
                .collect();
            Fieldset {
                title: category_title(lang, category),
                name: category.name(),
                own_box,
                services,
            }
        })
        .collect()
}
