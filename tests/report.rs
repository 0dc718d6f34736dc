//! Unknown cookies, report-only mode, cache headers, the audit
//! trail and the counters.

mod common;

use common::log_capture::capture;
use common::*;
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy, UnknownCookies};

fn policy_with_unknown(unknown: UnknownCookies) -> Policy {
    Policy::builder()
        .rules(policy().rules().iter().cloned())
        .unknown(unknown)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_unknown_cookies_choice() {
    let lines = &["mystery=1", "_ga=2", "sessionid=3"];
    let stat_only = |p: &Policy| consent_cookie(p, &[Category::Statistical], &[], &[], 10);

    let strip = policy_with_unknown(UnknownCookies::Strip);
    let cookie = stat_only(&strip);
    let response = get_with(
        &app_with(lines, ConsentLayer::new(strip)),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(names(&set_cookies(&response)), vec!["_ga", "sessionid"]);

    let allow = policy_with_unknown(UnknownCookies::Allow);
    let response = get_with(&app_with(lines, ConsentLayer::new(allow)), &[]).await;
    assert_eq!(names(&set_cookies(&response)), vec!["mystery", "sessionid"]);

    let as_stat = policy_with_unknown(UnknownCookies::As(Category::Statistical));
    let cookie = stat_only(&as_stat);
    let app = app_with(lines, ConsentLayer::new(as_stat));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(
        names(&set_cookies(&response)),
        vec!["mystery", "_ga", "sessionid"]
    );
    let response = get_with(&app, &[]).await;
    assert_eq!(names(&set_cookies(&response)), vec!["sessionid"]);
}

#[tokio::test]
async fn report_only_strips_nothing_but_counts_and_logs() {
    let captured = capture();
    let layer = ConsentLayer::builder(policy())
        .with_report_only(true)
        .build()
        .unwrap();
    let app = app_with(&["_ga=1", "mystery=2", "sessionid=3"], layer.clone());
    let response = get_with(&app, &[("cookie", "_fbp=1; mystery=2")]).await;
    // Everything leaves as it came, nothing is added, nothing hidden.
    assert_eq!(
        set_cookies(&response),
        vec!["_ga=1", "mystery=2", "sessionid=3"]
    );
    assert!(response.headers().get("cache-control").is_none());
    let body = body_text(response).await;
    assert!(body.ends_with("cookie=_fbp=1; mystery=2"), "{body}");

    let report = layer.report();
    assert!(report.report_only);
    assert_eq!(report.stripped_in(&Category::Statistical), 1);
    assert_eq!(report.stripped_unknown, 1);
    assert_eq!(report.deletions, 1, "the _fbp deletion it would send");
    let logs = captured.lines().join("\n");
    assert!(logs.contains("DEBUG tower_cookie_consent: message=Set-Cookie stripped cookie=_ga category=\"statistical\" reason=\"no consent\" report_only=true"), "{logs}");
    assert!(
        logs.contains("WARN tower_cookie_consent:") && logs.contains("cookie=mystery"),
        "{logs}"
    );
    assert!(
        logs.contains("withdrawn cookie deleted cookie=_fbp"),
        "{logs}"
    );
}

#[tokio::test]
async fn cache_headers_in_each_starting_state() {
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&[], "private", &["Cookie"]),
        (
            &["cache-control: public, max-age=60"],
            "private, max-age=60",
            &["Cookie"],
        ),
        (
            &["cache-control: no-store"],
            "private, no-store",
            &["Cookie"],
        ),
        (
            &["vary: Accept-Encoding"],
            "private",
            &["Accept-Encoding", "Cookie"],
        ),
        (&["vary: *"], "private", &["*"]),
        (&["vary: accept, COOKIE"], "private", &["accept, COOKIE"]),
        (
            &[
                "cache-control: s-maxage=600, public",
                "cache-control: must-revalidate",
            ],
            "private, must-revalidate",
            &["Cookie"],
        ),
    ];
    for (start, cache, vary) in cases {
        let start: Vec<(String, String)> = start
            .iter()
            .map(|h| {
                let (name, value) = h.split_once(": ").unwrap();
                (name.to_owned(), value.to_owned())
            })
            .collect();
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::get(move || {
                    let start = start.clone();
                    async move {
                        let mut response = axum::response::Response::new(axum::body::Body::empty());
                        for (name, value) in start {
                            response.headers_mut().append(
                                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                                value.parse().unwrap(),
                            );
                        }
                        response
                            .headers_mut()
                            .append("set-cookie", "_fbp=1".parse().unwrap());
                        response
                    }
                }),
            )
            .layer(ConsentLayer::new(policy()));
        let response = get_with(&app, &[]).await;
        assert!(set_cookies(&response).is_empty());
        assert_eq!(
            response.headers()["cache-control"],
            *cache,
            "{start:?}",
            start = cases
        );
        let got: Vec<&str> = response
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(&got, vary);
    }

    // Turned off: the headers stay as they were.
    let app = app_with(
        &["_fbp=1"],
        ConsentLayer::builder(policy())
            .with_cache_protection(false)
            .build()
            .unwrap(),
    );
    let response = get_with(&app, &[]).await;
    assert!(response.headers().get("cache-control").is_none());
}

#[tokio::test]
async fn counters_after_a_known_sequence() {
    let layer = ConsentLayer::new(policy());
    let app = app_with(&["sessionid=1", "_ga=2", "_fbp=3", "who=4"], layer.clone());
    let accepted = consent_cookie(&policy(), &[Category::Statistical], &[], &[], 10);
    get_with(&app, &[]).await; // strips _ga, _fbp, who
    get_with(&app, &[("cookie", &accepted)]).await; // strips _fbp, who
    get_with(&app, &[("cookie", "_ga=1; _ga_A=2")]).await; // strips 3, deletes _ga (2 lines) + _ga_A (3 lines)
    let report = layer.report();
    assert_eq!(report.requests, 3);
    assert_eq!(report.set_cookie_lines, 12);
    assert_eq!(report.stripped_in(&Category::Statistical), 2);
    assert_eq!(report.stripped_in(&Category::ThirdParty), 3);
    assert_eq!(report.stripped_in(&Category::Necessary), 0);
    assert_eq!(report.stripped_unknown, 3);
    assert_eq!(report.deletions, 5);
    assert_eq!(report.unknown_names, vec!["who"]);
    assert!(!report.report_only);
}

#[tokio::test]
async fn the_unknown_names_list_is_capped_and_warned_once() {
    let captured = capture();
    let layer = ConsentLayer::builder(policy())
        .with_unknown_names_limit(4)
        .build()
        .unwrap();
    let names: Vec<&'static str> = (0..10)
        .map(|i| &*Box::leak(format!("unknown{i}=x").into_boxed_str()))
        .collect();
    let app = app_with(&names, layer.clone());
    get_with(&app, &[]).await;
    get_with(&app, &[]).await;
    let report = layer.report();
    assert_eq!(report.unknown_names.len(), 4);
    assert_eq!(report.stripped_unknown, 20);
    let warnings = captured
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("WARN"))
        .count();
    assert_eq!(warnings, 4, "one warning per remembered name, not per line");
}

#[tokio::test]
async fn counters_are_readable_from_another_task_while_serving() {
    let layer = ConsentLayer::new(
        Policy::builder()
            .rule(CookieRule::exact("_ga", Category::Statistical))
            .build()
            .unwrap(),
    );
    let app = app_with(&["_ga=1"], layer.clone());
    let reader = layer.clone();
    let served = tokio::spawn(async move {
        for _ in 0..200 {
            get_with(&app, &[]).await;
        }
    });
    let watcher = tokio::spawn(async move {
        let mut last = 0;
        loop {
            let now = reader.report().requests;
            assert!(now >= last, "counters never go back");
            last = now;
            if now == 200 {
                break;
            }
            tokio::task::yield_now().await;
        }
        reader.report()
    });
    served.await.unwrap();
    let report = watcher.await.unwrap();
    assert_eq!(report.stripped_in(&Category::Statistical), 200);
}

#[tokio::test]
async fn the_report_follows_a_configured_layer_into_every_clone() {
    // The handle is cloned right after `build()`, before the layer is
    // routed: the counters are made once, so every clone sees them all,
    // under the configured limit.
    let layer = ConsentLayer::builder(policy())
        .with_unknown_names_limit(1)
        .build()
        .unwrap();
    let handle = layer.clone();
    let first = app_with(&["_ga=1", "who=1"], layer.clone());
    let second = app_with(&["what=2"], layer);
    get_with(&first, &[]).await;
    get_with(&second, &[]).await;
    let report = handle.report();
    assert_eq!(report.requests, 2);
    assert_eq!(report.stripped_in(&Category::Statistical), 1);
    assert_eq!(report.stripped_unknown, 2);
    assert_eq!(report.unknown_names, vec!["who"]);

    // A builder cloned and built twice makes two layers, each with its own
    // counters.
    let builder = ConsentLayer::builder(policy());
    let (one, other) = (builder.clone().build().unwrap(), builder.build().unwrap());
    get_with(&app_with(&[], one.clone()), &[]).await;
    assert_eq!((one.report().requests, other.report().requests), (1, 0));
}
