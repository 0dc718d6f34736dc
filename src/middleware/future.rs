//! The response future: edits the response headers once the inner service
//! answers. Hand-written, so nothing is boxed.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use http::Response;
use pin_project_lite::pin_project;

use crate::Consent;
use crate::middleware::response;
use crate::middleware::shared::Shared;
use crate::middleware::withdrawal::SentCookies;

pin_project! {
    /// Response future of [`ConsentService`](crate::ConsentService).
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        shared: Arc<Shared>,
        // Owns the request's read flag: finished when the response is
        // filtered, or when the future is dropped before it answers.
        consent: Consent,
        sent: SentCookies,
        // Whether the response was filtered (polling again after `Ready`
        // must not filter twice). A flag rather than an `Option` taken out:
        // taking would copy the state out of the future.
        done: bool,
    }

    impl<F> PinnedDrop for ResponseFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            if !*this.done {
                this.consent.finish_read();
            }
        }
    }
}

impl<F> ResponseFuture<F> {
    pub(crate) fn new(inner: F, shared: Arc<Shared>, consent: Consent, sent: SentCookies) -> Self {
        ResponseFuture {
            inner,
            shared,
            consent,
            sent,
            done: false,
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = ready!(this.inner.poll(cx))?;
        if !*this.done {
            *this.done = true;
            let consent = this.consent;
            let read = consent.finish_read();
            response::filter(
                response.headers_mut(),
                this.shared,
                consent,
                this.sent,
                read,
            );
        }
        Poll::Ready(Ok(response))
    }
}
