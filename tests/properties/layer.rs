//! The layer's answer to any visit obeys the rules.

use super::*;

pub(crate) fn value(bytes: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes).expect("generators make only valid header bytes")
}

pub(crate) fn request(visit: &Visit, consent: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().uri("/");
    if let Some(pair) = consent {
        request = request.header("cookie", pair);
    }
    for field in &visit.cookie_fields {
        request = request.header("cookie", value(field));
    }
    if visit.gpc {
        request = request.header("sec-gpc", "1");
    }
    for line in &visit.lines {
        request = request.header(SET_COOKIE_REQUEST, value(line));
    }
    request.body(Body::empty()).expect("a request")
}

/// Every rule the response side must follow, checked on one exchange.
pub(crate) fn check(
    visit: &Visit,
    consent: Option<&str>,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(status, StatusCode::OK);
    prop_assert_eq!(body, b"ok");
    let policy = policy();
    let now = now();
    // One reading of a name: unknown names pass when the policy lets them.
    let reading = |name: &[u8]| {
        let unknown =
            name != DEFAULT_COOKIE_NAME.as_bytes() && policy.classify_bytes(name).is_none();
        (visit.allow_unknown && unknown) || allowed(&policy, visit.stored, visit.gpc, name)
    };
    // A name passes when its raw and its percent-decoded readings both do.
    let allows =
        |name: &[u8]| reading(name) && wire::decoded_name(name).is_none_or(|d| reading(&d));
    let out: Vec<&[u8]> = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    let sent: Vec<(&[u8], &[u8])> = visit
        .cookie_fields
        .iter()
        .flat_map(|f| wire::cookie_pairs(f))
        .collect();

    // What leaves: a subsequence of what came in, byte for byte, then lines
    // the layer added.
    let mut next = 0;
    let mut added = Vec::new();
    for line in &out {
        match visit.lines[next..].iter().position(|l| l == line) {
            Some(i) => next += i + 1,
            None => added.push(*line),
        }
    }
    // Added lines: deletions of registered, now denied cookies the visitor sent.
    for line in &added {
        prop_assert!(
            !visit.report_only,
            "report-only mode added {:?}",
            lossy(line)
        );
        let read = wire::read_line(line, now);
        prop_assert!(
            read.kept_by_browser && read.deletion,
            "added a non-deletion {:?}",
            lossy(line)
        );
        prop_assert!(
            sent.iter().any(|(n, _)| *n == read.name),
            "deleted an unsent cookie {:?}",
            lossy(line)
        );
        prop_assert!(
            policy.classify_bytes(read.name).is_some(),
            "deleted an unknown cookie {:?}",
            lossy(line)
        );
        prop_assert!(
            !allows(read.name),
            "deleted an allowed cookie {:?}",
            lossy(line)
        );
    }
    // Each line that came in: denied ones never leave unless they delete
    // (in every reading a browser may make: `wire::read_line`, which shares
    // no code with the layer); necessary, allowed and deleting ones always
    // leave; lines a browser would ignore are unknown, so stripped.
    let mut changed = !added.is_empty();
    for line in &visit.lines {
        let leaves = out.contains(&line.as_slice());
        changed |= !leaves;
        if visit.report_only {
            prop_assert!(leaves, "report-only mode stripped {:?}", lossy(line));
            continue;
        }
        let read = wire::read_line(line, now);
        // A nameless line is judged by the name it is read back as, but
        // never passes for the consent cookie: then it is unknown.
        let consent_name = DEFAULT_COOKIE_NAME.as_bytes();
        let judged = if read.name.is_empty() && read.read_back == consent_name {
            &b""[..]
        } else {
            read.read_back
        };
        if !read.kept_by_browser {
            prop_assert_eq!(
                leaves,
                visit.allow_unknown,
                "a line browsers ignore, unknown: {:?}",
                lossy(line)
            );
        } else if read.deletion || allows(judged) {
            prop_assert!(
                leaves,
                "an allowed or deleting line was stripped: {:?}",
                lossy(line)
            );
        } else {
            prop_assert!(!leaves, "a denied line left: {:?}", lossy(line));
        }
    }
    // The handler reads the consent, so the response is private and
    // varies on Cookie, and on Sec-GPC when the signal denied what the
    // choice allowed (only everything accepted allows third parties).
    // Report-only mode touches no header.
    let cache = headers.get(CACHE_CONTROL).map(|v| v.as_bytes());
    let vary: Vec<&[u8]> = headers.get_all(VARY).iter().map(|v| v.as_bytes()).collect();
    if visit.report_only {
        prop_assert!(
            cache.is_none() && vary.is_empty(),
            "report-only cache headers"
        );
    } else {
        prop_assert_eq!(cache, Some(&b"private"[..]), "changed: {}", changed);
        let gpc_denies = visit.gpc && visit.stored == Stored::AcceptAll;
        let expected: &[u8] = if gpc_denies {
            b"Cookie, Sec-GPC"
        } else {
            b"Cookie"
        };
        prop_assert_eq!(vary, vec![expected]);
    }

    // The application sees exactly the allowed cookies the visitor sent,
    // in order (everything in report-only mode).
    let mut expected: Vec<(&[u8], &[u8])> = Vec::new();
    if let Some(pair) = consent {
        expected.extend(wire::cookie_pairs(pair.as_bytes()));
    }
    expected.extend(sent.iter().filter(|(n, _)| visit.report_only || allows(n)));
    let seen: Vec<(&[u8], &[u8])> = headers
        .get_all(SEEN_COOKIE)
        .iter()
        .flat_map(|f| wire::cookie_pairs(f.as_bytes()))
        .collect();
    prop_assert!(
        seen == expected,
        "the application saw {:?}, expected {:?}",
        seen.iter()
            .map(|(n, v)| (lossy(n), lossy(v)))
            .collect::<Vec<_>>(),
        expected
            .iter()
            .map(|(n, v)| (lossy(n), lossy(v)))
            .collect::<Vec<_>>()
    );
    Ok(())
}

pub(crate) fn run_layer_property(visits: impl Strategy<Value = Visit>) {
    let runtime = runtime();
    let app = echo_app::default_app();
    let report_only = echo_app::app(
        ConsentLayer::builder(policy())
            .with_report_only(true)
            .build()
            .unwrap(),
    );
    let allow_unknown = echo_app::app(ConsentLayer::new(echo_app::policy_allowing_unknown()));
    runner()
        .run(&visits, |visit| {
            let app: &Router = if visit.report_only {
                &report_only
            } else if visit.allow_unknown {
                &allow_unknown
            } else {
                &app
            };
            let consent = consent_pair(visit.stored, &policy());
            let request = request(&visit, consent.as_deref());
            let (status, headers, body) = runtime.block_on(send(app, request));
            check(&visit, consent.as_deref(), status, &headers, &body)
        })
        .unwrap();
}

#[test]
pub(crate) fn any_header_bytes_get_an_answer_that_obeys_the_rules() {
    run_layer_property(visit(header_bytes(120).boxed(), header_bytes(120).boxed()));
}

#[test]
pub(crate) fn cookie_shaped_headers_get_an_answer_that_obeys_the_rules() {
    run_layer_property(visit(cookie_field().boxed(), set_cookie_line().boxed()));
}
