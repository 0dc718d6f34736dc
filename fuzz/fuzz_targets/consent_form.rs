//! `POST /consent`'s body reader on arbitrary bodies, followed by the
//! handler's own next steps (the new choice, its `Set-Cookie` line, the
//! redirect target). Never panics; whatever reads gives a choice that
//! `Preferences::decode` and the layer's decoder read back unchanged, a
//! `Set-Cookie` line, and a local redirect path. Whole-policy actions
//! (`accept_all`, `reject_all`, `withdraw` without `scope`) decide every
//! optional category the way they say.
//!
//! Input: one byte of settings (stored choice, GPC, `Content-Type`), then
//! the body.

#![no_main]

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use http::header::COOKIE;
use http::{HeaderValue, Request, Response};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::__fuzz::{consent_post, decode_consent_cookie};
use tower_cookie_consent::{
    Category, Consent, ConsentId, ConsentLayer, DEFAULT_COOKIE_NAME, Grant, MAX_ENCODED_LEN,
    Preferences,
};
use tower_cookie_consent_fuzz::policy;
use tower_layer::Layer;
use tower_service::Service;

/// Hands back the `Consent` the layer put in the request.
struct TakesConsent;

impl Service<Request<()>> for TakesConsent {
    type Response = Response<Option<Consent>>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<()>) -> Self::Future {
        ready(Ok(Response::new(request.extensions().get().cloned())))
    }
}

/// The visitor the layer sees: a stored choice (none, all accepted, or
/// statistical accepted with Matomo refused) and maybe GPC.
fn visitor(settings: u8, now: i64) -> Consent {
    let policy = policy();
    let mut request = Request::new(());
    let stored = settings & 3;
    if stored != 0 {
        let mut prefs = Preferences::new(ConsentId::from_bytes([7; 16]), now);
        for category in policy.categories().skip(1) {
            let accepted = Grant::Accepted(policy.revision(category).unwrap().to_owned());
            let grant = match (stored, category) {
                (1, _) | (_, Category::Statistical) => accepted,
                _ => Grant::Refused,
            };
            prefs.categories.insert(category.name().to_owned(), grant);
        }
        if stored >= 2 {
            prefs.services.insert("matomo".to_owned(), Grant::Refused);
        }
        let cookie = format!("{DEFAULT_COOKIE_NAME}={}", prefs.encode());
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::try_from(cookie).unwrap());
    }
    if settings & 4 != 0 {
        request
            .headers_mut()
            .insert("sec-gpc", HeaderValue::from_static("1"));
    }
    let mut service = ConsentLayer::new(policy.clone()).layer(TakesConsent);
    let future = pin!(service.call(request));
    let Poll::Ready(Ok(response)) = future.poll(&mut Context::from_waker(Waker::noop())) else {
        panic!("the layer did not answer at once");
    };
    response.into_body().expect("the layer hands on a Consent")
}

fuzz_target!(|data: &[u8]| {
    let Some((&settings, body)) = data.split_first() else {
        return;
    };
    let now = 1_764_380_000;
    let consent = visitor(settings, now);
    let content_type = match (settings >> 3) & 3 {
        0 => Some(HeaderValue::from_static(
            "application/x-www-form-urlencoded",
        )),
        1 => Some(HeaderValue::from_static("application/json")),
        2 => Some(HeaderValue::from_static(
            "application/consent+json; charset=utf-8",
        )),
        _ => None,
    };
    let Ok(view) = consent_post(&consent, content_type.as_ref(), body, now) else {
        return;
    };

    let encoded = view.prefs.encode();
    assert!(encoded.len() <= MAX_ENCODED_LEN, "{} bytes", encoded.len());
    assert_eq!(
        Preferences::decode(encoded.as_bytes()).as_ref(),
        Ok(&view.prefs)
    );
    let choice = decode_consent_cookie(encoded.as_bytes(), policy())
        .expect("the layer cannot read the choice the handler stores");
    let line = view
        .set_cookie
        .expect("no Set-Cookie line: the handler answers 500");
    let line = line.to_str().expect("the Set-Cookie line is ASCII");
    assert!(
        line.starts_with(&format!("{DEFAULT_COOKIE_NAME}={encoded};")),
        "{line}"
    );

    let location = view.location.as_bytes();
    assert_eq!(location.first(), Some(&b'/'), "{:?}", view.location);
    assert!(
        !matches!(location.get(1), Some(b'/' | b'\\')),
        "{:?}",
        view.location
    );
    assert!(
        location.iter().all(|&b| b.is_ascii_graphic() && b != b'\\'),
        "{:?}",
        view.location
    );
    assert!(HeaderValue::from_bytes(location).is_ok());

    // Only the policy's names are stored.
    let policy = policy();
    for name in view.prefs.categories.keys() {
        assert!(
            policy
                .categories()
                .any(|c| !c.is_necessary() && c.name() == name),
            "stored unknown or necessary category {name:?}"
        );
    }
    for (name, grant) in &view.prefs.services {
        assert!(
            policy.services().any(|s| s == name),
            "stored unknown service {name:?}"
        );
        // A grant written now carries the service's current revision.
        if let Grant::Accepted(revision) = grant {
            assert_eq!(Some(revision.as_str()), policy.service_revision(name));
        }
    }

    // Whole-policy actions decide every optional category.
    let optional = (1..policy.categories().count()).fold(0u64, |m, i| m | 1 << i);
    let scoped = !view.scope.is_empty();
    match view.action {
        "accept_all" if !scoped => assert_eq!(choice.accepted, optional, "{line}"),
        "reject_all" if !scoped => assert_eq!(choice.refused, optional, "{line}"),
        "withdraw" => assert_eq!(choice.refused, optional, "{line}"),
        _ => {}
    }
    assert_eq!(view.prefs.gpc, settings & 4 != 0);
});
