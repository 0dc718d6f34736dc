//! The banner on the example's page: two equal buttons, nothing ticked,
//! gone once the visitor decided.

mod common;

use axum::Router;
use axum::response::Html;
use axum::routing::get as route_get;
use common::*;
use tower_cookie_consent::{Consent, ConsentLayer, Lang, consent_routes};

/// The banner's HTML inside a page.
fn banner(page: &str) -> Option<&str> {
    let start = page.find("<section class=\"tcc-banner\"")?;
    let end = start + page[start..].find("</section>")? + "</section>".len();
    Some(&page[start..end])
}

/// Every `<button …>label</button>` of a fragment.
fn buttons(html: &str) -> Vec<&str> {
    html.match_indices("<button")
        .map(|(start, _)| {
            let end = start + html[start..].find("</button>").unwrap() + "</button>".len();
            &html[start..end]
        })
        .collect()
}

#[tokio::test]
async fn two_buttons_of_identical_markup_and_no_checked_box() {
    let app = server::app();
    for (path, accept, reject) in [
        ("/", "Accept all", "Reject all"),
        ("/?lang=fr", "Tout accepter", "Tout refuser"),
    ] {
        let page = body_text(send(&app, get(path, "")).await).await;
        let banner = banner(&page).expect("the banner shows while undecided");
        let buttons = buttons(banner);
        assert_eq!(buttons.len(), 2, "{banner}");
        assert_eq!(
            buttons[0],
            format!(
                "<button class=\"tcc-button\" type=\"submit\" name=\"action\" value=\"accept_all\">{accept}</button>"
            )
        );
        assert_eq!(
            buttons[0]
                .replace("accept_all", "reject_all")
                .replace(accept, reject),
            buttons[1],
            "the buttons differ only in value and label"
        );
        assert!(!banner.contains("checked"));
        assert!(!banner.contains("checkbox"));
        assert!(!banner.contains("<script"), "works without JavaScript");
        assert!(!banner.contains("tabindex=\"-1\""));
        assert!(banner.contains("role=\"region\" aria-label="));
        assert!(
            banner.contains("<form class=\"tcc-actions\" method=\"post\" action=\"/consent\">")
        );
        assert!(
            banner.contains("href=\"/cookies?lang="),
            "a Customise link to the choices"
        );
        assert!(banner.contains(&format!("name=\"return_to\" value=\"{}\"", path)));
    }
}

#[tokio::test]
async fn absent_once_the_visitor_has_decided() {
    let app = server::app();
    for action in ["accept_all", "reject_all", "withdraw", "save"] {
        let response = send(&app, post_form(&format!("action={action}"), "")).await;
        let page = body_text(send(&app, get("/", &consent_pair(&response))).await).await;
        assert!(banner(&page).is_none(), "{action}");
        assert!(page.contains("You decided"), "{action}");
    }
}

#[tokio::test]
async fn any_handler_can_place_it_with_a_prefix_and_a_language() {
    async fn handler(consent: Consent) -> Html<String> {
        Html(format!(
            "<main>{}</main>",
            consent
                .banner()
                .lang(Lang::Fr)
                .base_path("/privacy/")
                .return_to("//evil.example")
        ))
    }
    let app: Router = Router::new()
        .route("/", route_get(handler))
        .nest("/privacy", consent_routes())
        .layer(ConsentLayer::new(server::policy()));
    let page = body_text(send(&app, get("/", "")).await).await;
    let banner = banner(&page).unwrap();
    assert!(banner.contains("lang=\"fr\""));
    assert!(banner.contains("action=\"/privacy/consent\""));
    assert!(banner.contains("href=\"/privacy/cookies?lang=fr\""));
    assert!(
        !banner.contains("evil"),
        "a return_to that is not local is dropped"
    );
    assert!(banner.contains("Personnaliser"));
}
