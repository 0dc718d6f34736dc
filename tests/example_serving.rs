//! The example server as `main` serves it (`server::serving::serve`): slow
//! clients are cut off, normal ones served, and it stops when asked. Over
//! real TCP connections, with short timeouts.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::server::serving::{Timeouts, serve};
use common::server::{self, signing_key};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

const SHORT: Timeouts = Timeouts {
    header_read: Duration::from_millis(300),
    request: Duration::from_millis(500),
    shutdown_grace: Duration::from_secs(1),
};

/// How long a test waits for what must happen well within it.
const PATIENCE: Duration = Duration::from_secs(5);

/// Serves the signed demo with `timeouts`; sending on the sender stops it.
async fn started(
    timeouts: Timeouts,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let app = server::signed_app(common::signing::test_key(), Vec::new());
    let task = tokio::spawn(serve(listener, app, timeouts, async move {
        let _ = stopped.await;
    }));
    (address, stop, task)
}

/// Everything the server sends until it closes the connection, and when
/// it closed; `None` if it is still open after `PATIENCE`.
async fn until_closed(stream: &mut TcpStream) -> Option<(String, Instant)> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut received)).await;
    match read {
        Ok(_) => Some((
            String::from_utf8_lossy(&received).into_owned(),
            Instant::now(),
        )),
        Err(_) => None,
    }
}

#[tokio::test]
async fn a_client_that_sends_half_a_header_is_disconnected() {
    let (address, _stop, _task) = started(SHORT).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let sent = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: te")
        .await
        .unwrap();
    let (answer, closed) = until_closed(&mut stream)
        .await
        .expect("the connection is still open after 5 s");
    assert!(
        closed - sent >= SHORT.header_read,
        "closed after {:?}",
        closed - sent
    );
    assert!(!answer.contains(" 200 "), "{answer:?}");
}

#[tokio::test]
async fn a_client_that_connects_and_says_nothing_is_disconnected() {
    let (address, _stop, _task) = started(SHORT).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    assert!(
        until_closed(&mut stream).await.is_some(),
        "still open after 5 s"
    );
}

#[tokio::test]
async fn a_body_that_never_ends_gets_408() {
    let (address, _stop, _task) = started(SHORT).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /consent HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\naction="
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (answer, _) = until_closed(&mut stream)
        .await
        .expect("the connection is still open after 5 s");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    assert!(!answer.contains("cookies_preferences"), "{answer:?}");
}

#[tokio::test]
async fn normal_requests_are_served_and_signed() {
    let (address, _stop, _task) = started(SHORT).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let body = "action=accept_all";
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\n\r\n\
         POST /consent HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let (answer, _) = until_closed(&mut stream).await.expect("both answered");
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer:?}");
    assert!(answer.contains("tower-cookie-consent demo"), "{answer:?}");
    let second = &answer[answer.find("HTTP/1.1 303 ").expect("the post answered")..];
    let value = second
        .split("cookies_preferences=")
        .nth(1)
        .and_then(|v| v.split(';').next())
        .expect("a consent cookie");
    let (mac, json) = value.split_at(44);
    assert_eq!(
        value,
        common::signing::sign(&common::signing::test_key(), "cookies_preferences", json)
    );
    assert!(mac.ends_with('='), "{mac}");
}

#[tokio::test]
async fn it_stops_when_asked_and_refuses_new_connections() {
    let (address, stop, task) = started(SHORT).await;
    stop.send(()).unwrap();
    tokio::time::timeout(PATIENCE, task)
        .await
        .expect("serve returns once asked to stop")
        .unwrap();
    assert!(TcpStream::connect(address).await.is_err());
}

#[test]
fn a_bad_key_stops_the_server_with_a_message() {
    let dir = std::env::temp_dir().join(format!("tcc-key-{}-bad", std::process::id()));
    for (value, says) in [
        ("not base64!", "not base64"),
        ("c2hvcnQ=", "holds 5 bytes"),
        ("", "holds 0 bytes"),
    ] {
        let error = signing_key::load(Some(value.into()), None, &dir).unwrap_err();
        assert!(
            error.contains("COOKIE_CONSENT_KEY") && error.contains(says),
            "{error}"
        );
    }
    let good = "A".repeat(86) + "==";
    let error = signing_key::load(
        Some(good.clone().into()),
        Some(format!("{good},x").into()),
        &dir,
    )
    .unwrap_err();
    assert!(
        error.contains("COOKIE_CONSENT_PREVIOUS_KEYS, key 2"),
        "{error}"
    );
    let keys = signing_key::load(Some(good.clone().into()), Some(good.into()), &dir).unwrap();
    assert_eq!(keys.previous.len(), 1);
    assert!(!dir.exists(), "an environment key writes no file");
}

#[cfg(unix)]
#[test]
fn without_a_key_one_is_made_once_and_kept_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("tcc-key-{}-file", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let first = signing_key::load(None, None, &dir).unwrap();
    let path = dir.join(signing_key::KEY_FILE);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(first.source.ends_with("(new)"), "{}", first.source);
    let again = signing_key::load(None, None, &dir).unwrap();
    assert_eq!(again.current, first.current);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let error = signing_key::load(None, None, &dir).unwrap_err();
    assert!(error.contains("chmod 600"), "{error}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&path, "not a key\n").unwrap();
    let error = signing_key::load(None, None, &dir).unwrap_err();
    assert!(error.contains("not base64"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}
