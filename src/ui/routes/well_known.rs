//! The public documents: `/.well-known/gpc.json` and `/cookies.json`.

use axum::response::Response;
use serde_json::json;

use crate::Consent;
use crate::ui::routes::response::public_json;

/// `{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`: this site honours Global
/// Privacy Control. `lastUpdate` is left out when no date was configured.
pub(crate) fn gpc_document(last_update: Option<&str>) -> String {
    match last_update {
        Some(date) => json!({"gpc": true, "lastUpdate": date}),
        None => json!({"gpc": true}),
    }
    .to_string()
}

/// `GET /cookies.json`: the policy in the form `Policy::from_json` reads,
/// with every category's revision.
pub(crate) async fn policy_json(consent: Consent) -> Response {
    public_json(consent.policy().to_json())
}
