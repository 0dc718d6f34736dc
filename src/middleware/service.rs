//! `ConsentService`: the middleware built by `ConsentLayer`.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use crate::Consent;
use crate::consent::clock::{unix_now, window};
use crate::consent::signals;
use crate::middleware::future::ResponseFuture;
#[cfg(feature = "tower-cookies")]
use crate::middleware::layer_order;
use crate::middleware::request::{Reading, RequestCookies};
use crate::middleware::scrub;
use crate::middleware::shared::Shared;
use crate::middleware::withdrawal::SentCookies;

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
        let ticket = shared.counters.request();
        #[cfg(feature = "tower-cookies")]
        layer_order::check(request.extensions(), &shared.counters);
        let context = &shared.context;
        let settings = &context.settings;
        let signals = signals::read(request.headers());
        let scrubbing = settings.request_scrubbing && !settings.report_only;
        let reading = Reading {
            cookie_name: settings.cookie_name.as_bytes(),
            policy: &context.policy,
            cache: &shared.choices,
            window: window(settings, unix_now()),
            classify: scrubbing || settings.withdrawal_cleanup,
            scrubbing,
            counters: &shared.counters,
        };
        let cookies = RequestCookies::read(request.headers(), &reading);
        let mut consent = Consent::new(context.clone(), cookies.choice, signals);
        // Only a response the layer may mark private needs to know whether
        // the handler read the consent, which only the extractor tells.
        if cfg!(feature = "axum") && settings.cache_protection && !settings.report_only {
            consent.track_read(ticket);
        }
        let mut sent = SentCookies::default();
        if settings.withdrawal_cleanup {
            cookies.note_sent(request.headers(), &mut sent);
        }
        let hidden = if scrubbing {
            cookies.hidden(request.headers(), &consent)
        } else {
            0
        };
        if hidden > 0 {
            scrub::scrub(request.headers_mut(), &consent, hidden);
        }
        request.extensions_mut().insert(consent.clone());
        ResponseFuture::new(self.inner.call(request), shared.clone(), consent, sent)
    }
}
