//! Serving the demo as we would serve production: hyper's HTTP/1 server
//! with a header read timeout, a deadline on every request, and graceful
//! shutdown. `axum::serve` sets neither timeout (and exposes no way to),
//! so a client that sends half a header would hold its connection, and a
//! task, for as long as it likes.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// Listens on `127.0.0.1:$PORT` (3000 when `PORT` is unset); the error
/// says which address could not be taken.
pub async fn bind_from_env() -> Result<(TcpListener, String), String> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let address = format!("127.0.0.1:{port}");
    match TcpListener::bind(&address).await {
        Ok(listener) => Ok((listener, address)),
        Err(e) => Err(format!("cannot listen on {address}: {e}")),
    }
}

/// How long a client may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From the start of a request (or of an idle keep-alive connection)
    /// to the end of its header; then hyper closes the connection.
    pub header_read: Duration,
    /// From a complete header to the response head, reading the body
    /// included; then the client gets `408 Request Timeout`.
    pub request: Duration,
    /// How long open connections get to finish after shutdown is asked.
    pub shutdown_grace: Duration,
}

impl Timeouts {
    /// What the demo serves with: a browser sends a header in milliseconds,
    /// and every page of the demo answers at once.
    pub const PRODUCTION: Timeouts = Timeouts {
        header_read: Duration::from_secs(10),
        request: Duration::from_secs(30),
        shutdown_grace: Duration::from_secs(10),
    };
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops
/// accepting and gives open connections `timeouts.shutdown_grace` to end.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) {
    let deadline = timeouts.request;
    let app = app.layer(middleware::from_fn(move |request: Request, next: Next| {
        within(deadline, request, next)
    }));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                Err(error) => {
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        // No upgrades: the demo has no WebSocket.
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out is no error of ours.
            let _ = connection.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(timeouts.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!(
            "connections still open after {:?}; stopping anyway",
            timeouts.shutdown_grace
        );
    }
}

/// Runs the rest of the stack, or answers 408 when it takes too long.
async fn within(deadline: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            [(axum::http::header::CONNECTION, "close")],
            "request timed out\n",
        )
            .into_response(),
    }
}

/// Resolves on Ctrl-C (SIGINT); never, if the signal cannot be watched.
pub async fn ctrl_c() {
    match tokio::signal::ctrl_c().await {
        Ok(()) => println!("shutting down"),
        Err(error) => {
            eprintln!("cannot watch for Ctrl-C ({error}); stop the process to end it");
            std::future::pending::<()>().await;
        }
    }
}
