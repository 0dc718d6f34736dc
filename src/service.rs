//! `ConsentService`: the middleware built by `ConsentLayer`.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use crate::future::ResponseFuture;
use crate::layer::Shared;
use crate::preferences::choice;
use crate::response_filter::{unix_now, window};
use crate::withdrawal::SentCookies;
use crate::{Consent, scrub, signals};

/// The service [`ConsentLayer`](crate::ConsentLayer) wraps around an inner
/// service. Generic over request and response bodies; its errors are the
/// inner service's.
#[derive(Debug, Clone)]
pub struct ConsentService<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> ConsentService<S> {
    pub(crate) fn new(inner: S, shared: Arc<Shared>) -> Self {
        ConsentService { inner, shared }
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ConsentService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let shared = &self.shared;
        shared.counters.request();
        let settings = &shared.settings;
        let signals = signals::read(request.headers());
        let stored = choice::best_choice(
            request.headers(),
            settings.cookie_name.as_bytes(),
            &shared.policy,
            window(settings, unix_now()),
        );
        let consent = Consent::new(shared.clone(), stored, signals);
        let mut sent = SentCookies::default();
        let scrubbing = settings.request_scrubbing && !settings.report_only;
        if scrubbing || settings.withdrawal_cleanup {
            let noting = settings.withdrawal_cleanup.then_some(&mut sent);
            let hidden = scrub::survey(request.headers(), &consent, noting);
            if scrubbing {
                scrub::scrub(request.headers_mut(), &consent, hidden);
            }
        }
        request.extensions_mut().insert(consent.clone());
        ResponseFuture::new(self.inner.call(request), consent, sent)
    }
}
