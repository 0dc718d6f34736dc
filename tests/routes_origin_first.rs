//! `POST /consent` refuses another site's post on its headers alone, before
//! it reads (or asks for) the body: over a real TCP connection, since only
//! there can a client hold the body back.

mod common;

use std::time::Duration;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a refusal may take: the server has everything it needs at once.
const PROMPTLY: Duration = Duration::from_secs(2);

/// Serves the example app on a free loopback port.
async fn served() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::app()).await.unwrap() });
    address
}

/// Sends `head` (and `body`), then reads until the server closes, the
/// headers of a final (non-1xx) answer are in, or `PROMPTLY` runs out.
async fn exchange(head: &str, body: &[u8]) -> String {
    let address = served().await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = head.replace("{host}", &address.to_string());
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut received = Vec::new();
    let reading = async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
            if final_head_in(&received) {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(PROMPTLY, reading).await;
    String::from_utf8_lossy(&received).into_owned()
}

/// Whether the bytes hold the complete head of an answer other than a
/// `1xx` interim one.
fn final_head_in(received: &[u8]) -> bool {
    let text = String::from_utf8_lossy(received);
    let mut rest = &*text;
    while let Some(end) = rest.find("\r\n\r\n") {
        if !rest.starts_with("HTTP/1.1 1") {
            return true;
        }
        rest = &rest[end + 4..];
    }
    false
}

const CROSS_SITE_HEAD: &str = "POST /consent HTTP/1.1\r\n\
     Host: {host}\r\n\
     Origin: https://evil.example\r\n\
     Content-Type: application/x-www-form-urlencoded\r\n";

#[tokio::test]
async fn a_cross_site_post_expecting_100_continue_is_refused_without_it() {
    let head = format!("{CROSS_SITE_HEAD}Content-Length: 20\r\nExpect: 100-continue\r\n\r\n");
    let answer = exchange(&head, b"").await;
    assert!(
        !answer.contains("100 Continue"),
        "the server asked for the body of a cross-site post: {answer:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 403 "), "{answer:?}");
}

#[tokio::test]
async fn a_cross_site_post_with_a_short_body_is_refused_promptly() {
    let head = format!("{CROSS_SITE_HEAD}Content-Length: 200\r\n\r\n");
    let answer = exchange(&head, b"action=accept_all").await;
    assert!(
        answer.starts_with("HTTP/1.1 403 "),
        "no 403 within {PROMPTLY:?}: {answer:?}"
    );
    assert!(
        !answer.to_ascii_lowercase().contains("set-cookie"),
        "{answer:?}"
    );
}

#[tokio::test]
async fn a_same_origin_post_expecting_100_continue_gets_it_and_is_read() {
    let address = served().await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let body = b"action=reject_all";
    let head = format!(
        "POST /consent HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Expect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut interim = [0u8; 25];
    tokio::time::timeout(PROMPTLY, stream.read_exact(&mut interim))
        .await
        .expect("100 Continue in time")
        .unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(body).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(PROMPTLY, stream.read_to_string(&mut answer))
        .await
        .expect("an answer in time")
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 303 "), "{answer:?}");
    assert!(answer.contains("cookies_preferences="), "{answer:?}");
}
