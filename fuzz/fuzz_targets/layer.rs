//! The whole layer on arbitrary `Cookie` and `Set-Cookie` header values,
//! driven through its public tower API with an inner service that answers
//! at once (no runtime needed). Checks the response rules of DESIGN.md:
//! survivors are a byte-identical subsequence of what the application set,
//! anything else is a deletion the layer wrote for a cookie the visitor
//! sent, no denied line leaves, every necessary line does. Lines are read
//! by the tests' independent reader (`tests/common/wire.rs`): a deletion
//! in every browser's reading, a nameless line judged by the name it is
//! read back as.
//!
//! Input: one byte of settings, then fields separated by `\n` (a byte no
//! header value can hold): the first is a `Cookie` field, the others are
//! `Set-Cookie` lines. Fields `http` refuses are dropped.

#![no_main]

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::__fuzz::cookie_pairs;
use tower_cookie_consent::{ConsentLayer, DEFAULT_COOKIE_NAME};
use tower_cookie_consent_fuzz::fixture::{self, Stored};
use tower_cookie_consent_fuzz::{policy, wire};
use tower_layer::Layer;
use tower_service::Service;

/// Answers with the `Set-Cookie` lines it was given.
struct SetsCookies(Vec<HeaderValue>);

impl Service<Request<()>> for SetsCookies {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = Ready<Result<Response<()>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        let mut response = Response::new(());
        for line in self.0.drain(..) {
            response.headers_mut().append(SET_COOKIE, line);
        }
        ready(Ok(response))
    }
}

/// What the stored choice and GPC allow, by the rules of DESIGN.md,
/// worked out independently of the layer's bit sets.
fn allowed(stored: Stored, gpc: bool, name: &[u8]) -> bool {
    fixture::allowed(policy(), stored, gpc, name)
}

fuzz_target!(|data: &[u8]| {
    let Some((&settings, rest)) = data.split_first() else {
        return;
    };
    // A consent cookie the fuzzer writes itself could override the one
    // the oracle knows about; leave those inputs to the other targets.
    if rest
        .windows(DEFAULT_COOKIE_NAME.len())
        .any(|w| w == DEFAULT_COOKIE_NAME.as_bytes())
    {
        return;
    }
    let stored = [
        Stored::Nothing,
        Stored::AcceptAll,
        Stored::RefuseAll,
        Stored::Mixed,
    ][usize::from(settings & 3)];
    let gpc = settings & 4 != 0;
    let report_only = settings & 8 != 0;

    let mut fields = rest.split(|&b| b == b'\n');
    let cookie = fields.next().and_then(|f| HeaderValue::from_bytes(f).ok());
    let lines: Vec<HeaderValue> = fields
        .filter_map(|f| HeaderValue::from_bytes(f).ok())
        .collect();

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let mut request = Request::new(());
    let consent = fixture::preferences(stored, policy(), now)
        .map(|p| format!("{DEFAULT_COOKIE_NAME}={}", p.encode()));
    if let Some(value) = consent {
        request
            .headers_mut()
            .append(COOKIE, HeaderValue::try_from(value).unwrap());
    }
    if let Some(cookie) = &cookie {
        request.headers_mut().append(COOKIE, cookie.clone());
    }
    if gpc {
        request
            .headers_mut()
            .insert("sec-gpc", HeaderValue::from_static("1"));
    }

    let layer = ConsentLayer::builder(policy().clone())
        .with_report_only(report_only)
        .build()
        .expect("report-only is a valid setting");
    let mut service = layer.layer(SetsCookies(lines.clone()));
    let future = pin!(service.call(request));
    let Poll::Ready(Ok(response)) = future.poll(&mut Context::from_waker(Waker::noop())) else {
        panic!("the layer did not answer at once");
    };
    let out: Vec<&HeaderValue> = response.headers().get_all(SET_COOKIE).iter().collect();

    // Survivors: a subsequence of the input lines, byte for byte.
    let mut next_in = 0;
    let mut added = Vec::new();
    for line in &out {
        match lines[next_in..].iter().position(|l| l == *line) {
            Some(i) => next_in += i + 1,
            None => added.push(*line),
        }
    }
    // Added lines: deletions of cookies the visitor sent.
    let sent = cookie.as_ref().map_or(&b""[..], |c| c.as_bytes());
    for line in &added {
        assert!(!report_only, "report-only mode added {line:?}");
        let read = wire::read_line(line.as_bytes(), now);
        assert!(
            read.kept_by_browser && read.deletion,
            "added a line that is not a deletion: {line:?}"
        );
        assert!(
            line.as_bytes().windows(9).any(|w| w == b"Max-Age=0"),
            "{line:?}"
        );
        assert!(
            cookie_pairs(sent)
                .iter()
                .any(|(name, _)| *name == read.name),
            "deleted {:?}, which the visitor did not send",
            String::from_utf8_lossy(read.name)
        );
        assert!(
            policy().classify_bytes(read.name).is_some(),
            "deleted an unknown cookie"
        );
        assert!(
            !allowed(stored, gpc, read.name),
            "deleted an allowed cookie: {line:?}"
        );
    }
    for line in &lines {
        let read = wire::read_line(line.as_bytes(), now);
        let leaves = out.contains(&line);
        if report_only {
            assert!(leaves, "report-only mode stripped {line:?}");
            continue;
        }
        // Inputs never hold the consent cookie's name, so a nameless line
        // is judged by the name it is read back as.
        let valid = read.kept_by_browser;
        if leaves && valid && !read.deletion {
            assert!(
                allowed(stored, gpc, read.read_back),
                "a denied line left: {line:?}"
            );
        }
        if valid && (read.deletion || allowed(stored, gpc, read.read_back)) {
            assert!(leaves, "an allowed or deleting line was stripped: {line:?}");
        }
        if !valid {
            assert!(!leaves, "a line a browser ignores left: {line:?}");
        }
    }
});
