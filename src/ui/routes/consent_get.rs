//! `GET /consent`: the visitor's current state as JSON.

use std::time::UNIX_EPOCH;

use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::ui::routes::response::json_response;
use crate::{CategoryState, Consent};

/// The handler.
pub(crate) async fn consent_state(consent: Consent) -> Response {
    json_response(http::StatusCode::OK, &state(&consent))
}

/// A consent as JSON:
///
/// ```json
/// {"decided": true, "needs_banner": false, "id": "…", "decided_at": 1764380000,
///  "gpc": false, "gpc_honored": false, "choice_made_with_gpc": false,
///  "categories": {"statistical": {"state": "accepted", "allowed": true, "revision": "a91f03c2"}},
///  "services": {"matomo": {"allowed": true, "choice": null}}}
/// ```
pub(crate) fn state(consent: &Consent) -> Value {
    let policy = consent.policy();
    let categories: Map<String, Value> = policy
        .categories()
        .map(|c| {
            let state = match consent.state(c) {
                CategoryState::Accepted => "accepted",
                CategoryState::Refused => "refused",
                CategoryState::Lapsed => "lapsed",
                _ => "undecided",
            };
            let entry = json!({
                "state": state,
                "allowed": consent.allows(c),
                "revision": policy.revision(c),
            });
            (c.name().to_owned(), entry)
        })
        .collect();
    let services: Map<String, Value> = policy
        .services()
        .map(|s| {
            let entry = json!({
                "allowed": consent.allows_service(s),
                "choice": consent.service_choice(s),
            });
            (s.to_owned(), entry)
        })
        .collect();
    let decided_at = consent
        .decided_at()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    json!({
        "decided": consent.is_decided(),
        "needs_banner": consent.needs_banner(),
        "id": consent.id().map(|id| id.to_string()),
        "decided_at": decided_at,
        "gpc": consent.gpc(),
        "gpc_honored": consent.gpc_honored(),
        "choice_made_with_gpc": consent.choice_made_with_gpc(),
        "categories": categories,
        "services": services,
    })
}
