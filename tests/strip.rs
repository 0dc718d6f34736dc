//! Which `Set-Cookie` lines leave, through a real Router.

mod common;

use common::*;
use tower_cookie_consent::{Category, ConsentLayer};

const LINES: &[&str] = &[
    "sessionid=abc; Path=/; HttpOnly",
    "_ga=GA1.2.3; Path=/; Max-Age=34190000",
    "_ga_ABC123=GS1.1; Path=/",
    "_pk_id.1.a1b2=x; Path=/",
    "recently_viewed=42; Path=/datasets",
    "_fbp=fb.1; Path=/; Secure",
    "csrftoken=t0k3n; Path=/; SameSite=Lax",
];

#[tokio::test]
async fn undecided_visitor_gets_only_necessary_cookies() {
    let app = app_with(LINES, ConsentLayer::new(policy()));
    let response = get_with(&app, &[]).await;
    assert_eq!(
        set_cookies(&response),
        vec![
            "sessionid=abc; Path=/; HttpOnly",
            "csrftoken=t0k3n; Path=/; SameSite=Lax"
        ]
    );
    let body = body_text(response).await;
    assert!(
        body.starts_with(
            "decided=false statistical=false internal=false third_party=false banner=true"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn statistical_accepted_lets_statistics_through_only() {
    let policy = policy();
    let cookie = consent_cookie(
        &policy,
        &[Category::Statistical],
        &[Category::Internal, Category::ThirdParty],
        &[],
        60,
    );
    let app = app_with(LINES, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(
        names(&set_cookies(&response)),
        vec![
            "sessionid",
            "_ga",
            "_ga_ABC123",
            "_pk_id.1.a1b2",
            "csrftoken"
        ]
    );
    let body = body_text(response).await;
    assert!(
        body.starts_with(
            "decided=true statistical=true internal=false third_party=false banner=false"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn a_refused_service_inside_an_accepted_category_is_stripped() {
    let policy = policy();
    let cookie = consent_cookie(
        &policy,
        &[Category::Statistical],
        &[Category::Internal, Category::ThirdParty],
        &[("matomo", false)],
        60,
    );
    let app = app_with(LINES, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    let names = names(&set_cookies(&response));
    assert!(names.contains(&"_ga".to_owned()));
    assert!(!names.contains(&"_pk_id.1.a1b2".to_owned()), "{names:?}");
}

#[tokio::test]
async fn a_granted_service_inside_a_refused_category_passes() {
    let policy = policy();
    let cookie = consent_cookie(
        &policy,
        &[],
        &[
            Category::Statistical,
            Category::Internal,
            Category::ThirdParty,
        ],
        &[("matomo", true)],
        60,
    );
    let app = app_with(LINES, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(
        names(&set_cookies(&response)),
        vec!["sessionid", "_pk_id.1.a1b2", "csrftoken"]
    );
}

#[tokio::test]
async fn unknown_nameless_oversized_lines_are_stripped() {
    let big: &'static str = Box::leak(format!("sessionid={}", "x".repeat(5000)).into_boxed_str());
    let lines: Vec<&'static str> = vec![
        "mystery=1; Path=/",
        "token",
        big,
        "=novalue",
        "csrftoken=ok",
    ];
    let policy = policy();
    let cookie = consent_cookie(&policy, &all_optional(), &[], &[], 60);
    let app = app_with(&lines, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    // Even with everything accepted, unknown and malformed lines fail closed.
    assert_eq!(set_cookies(&response), vec!["csrftoken=ok"]);
}

#[tokio::test]
async fn deletions_pass_for_every_category() {
    let lines = &[
        "_ga=; Max-Age=0; Path=/",
        "_fbp=x; max-age=-1",
        "recently_viewed=; EXPIRES=Thu, 01 Jan 1970 00:00:00 GMT; Path=/datasets",
        "_ga_X=; Expires=Sun, 06 Nov 1994 08:49:37 GMT",
        "mystery=; mAx-AgE=0",
        "_fbp=still-here; Max-Age=0; Max-Age=60",
    ];
    let app = app_with(lines, ConsentLayer::new(policy()));
    let response = get_with(&app, &[]).await;
    assert_eq!(set_cookies(&response), lines[..5].to_vec());
}

#[tokio::test]
async fn survivors_are_byte_identical_and_in_order() {
    let lines = &[
        "csrftoken=a;Path=/;   SameSite=Strict",
        "_fbp=gone",
        "  sessionid =  spaced ; HttpOnly ;",
        "_ga=gone",
        "cookies_preferences=raw%7Bvalue; Path=/",
        "csrftoken=b; Domain=example.com; pAtH=/x",
    ];
    let app = app_with(lines, ConsentLayer::new(policy()));
    let response = get_with(&app, &[]).await;
    assert_eq!(
        set_cookies(&response),
        vec![lines[0], lines[2], lines[4], lines[5]]
    );
}

#[tokio::test]
async fn nothing_stripped_means_lines_untouched_but_the_response_private() {
    let lines = &["sessionid=1", "csrftoken=2"];
    let app = app_with(lines, ConsentLayer::new(policy()));
    let response = get_with(&app, &[]).await;
    assert_eq!(set_cookies(&response), lines.to_vec());
    // The lines were judged by the visitor's consent (and the handler read
    // it): the response depends on it, so shared caches must not keep it.
    assert_eq!(response.headers()["cache-control"], "private");
    assert_eq!(response.headers()["vary"], "Cookie");
}

#[tokio::test]
async fn glob_and_exact_precedence_through_the_layer() {
    use tower_cookie_consent::{CookieRule, Policy};
    let policy = Policy::builder()
        .rule(CookieRule::pattern("pref_*", Category::Internal))
        .rule(CookieRule::pattern("pref_ad*", Category::ThirdParty))
        .rule(CookieRule::exact("pref_adult_ok", Category::Necessary))
        .build()
        .unwrap();
    let cookie = consent_cookie(&policy, &[Category::Internal], &[], &[], 10);
    let app = app_with(
        &["pref_theme=dark", "pref_ads=1", "pref_adult_ok=1"],
        ConsentLayer::new(policy),
    );
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(
        set_cookies(&response),
        vec!["pref_theme=dark", "pref_adult_ok=1"]
    );
}

#[tokio::test]
async fn every_line_is_judged_past_the_remembered_verdicts() {
    // The layer remembers the verdicts of the first 64 lines and judges
    // later ones again: both must strip the same way, in order.
    let lines: Vec<&'static str> = (0..150)
        .map(|i| {
            let line = match i % 3 {
                0 => format!("csrftoken=t{i}; Path=/"),
                1 => format!("_ga=g{i}"),
                _ => format!("mystery{i}=m"),
            };
            &*Box::leak(line.into_boxed_str())
        })
        .collect();
    let app = app_with(&lines, ConsentLayer::new(policy()));
    let response = get_with(&app, &[]).await;
    let kept: Vec<&str> = lines.iter().copied().step_by(3).collect();
    assert_eq!(set_cookies(&response), kept);
}

// ---- deletions as browsers read them (RFC 6265bis §5.1.1, §5.6; Chromium; Firefox)

#[tokio::test]
async fn a_tracker_browsers_keep_does_not_pass_as_a_deletion() {
    // Each line expires the cookie in one browser's reading and sets it in
    // another's, so it is judged as the refused tracker it sets.
    let trackers = &[
        // The spec reads the 1970 date (the 2099 one is no HTTP date, but
        // is a cookie date); Chromium and Firefox read the last Expires.
        "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=Wed, 21-Oct-2099 07:28:00 GMT",
        // The spec takes the last valid Max-Age, 0; Chromium and Firefox
        // the last Max-Age, `1x`, which is no number: then the Expires.
        "_fbp=1; Max-Age=0; Max-Age=1x; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        // Firefox reads no number in `+0`: the Expires, 2099.
        "_fbp=1; Max-Age=0; Max-Age=+0; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        // Chromium: no integer beyond 64 bits, no Expires: a session cookie.
        "_ga=1; Max-Age=-99999999999999999999999",
        // Chromium and Firefox: the last Expires is no date, a session cookie.
        "_ga=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=soon",
    ];
    let mut lines = vec!["sessionid=abc"];
    lines.extend_from_slice(trackers);
    let policy = policy();
    let cookie = consent_cookie(&policy, &[], &all_optional(), &[], 60);
    let app = app_with(&lines, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(set_cookies(&response), vec!["sessionid=abc"]);
}

#[tokio::test]
async fn a_deletion_browsers_perform_passes() {
    // Cookie dates a browser reads and an HTTP date reader does not: a
    // weekday the date does not fall on (7 August 2007 was a Tuesday),
    // dashes with a two-digit year and `UTC`, a zone offset.
    let lines = &[
        "_fbp=; Expires=Fri, 07 Aug 2007 08:04:19 GMT",
        "_ga=; expires=Thu, 01-Jan-70 00:00:00 UTC; Path=/",
        "recently_viewed=; Expires=Thu, 01 Jan 1970 00:00:00 GMT+2; Path=/datasets",
    ];
    let policy = policy();
    let cookie = consent_cookie(&policy, &[], &all_optional(), &[], 60);
    let app = app_with(lines, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    assert_eq!(set_cookies(&response), lines.to_vec());
}

// ---- nameless lines: `=_ga=GA1` comes back as `_ga=GA1` ------------------

#[tokio::test]
async fn a_nameless_line_is_judged_by_the_name_it_is_read_back_as() {
    use tower_cookie_consent::{CookieRule, Policy, UnknownCookies};
    let policy = Policy::builder()
        .rule(CookieRule::exact("sessionid", Category::Necessary))
        .rule(CookieRule::exact("_ga", Category::Statistical))
        .unknown(UnknownCookies::Allow)
        .build()
        .unwrap();
    let cookie = consent_cookie(&policy, &[], &[Category::Statistical], &[], 60);
    let lines = &[
        "=_ga=GA1.1",
        "= _ga =GA1.2; Path=/",
        "=mystery=1",
        "=sessionid=abc",
        "=novalue",
    ];
    let app = app_with(lines, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    // The refused `_ga` is stripped however it is spelled; unknown names
    // pass, as this policy allows them.
    assert_eq!(
        set_cookies(&response),
        vec!["=mystery=1", "=sessionid=abc", "=novalue"]
    );
}

#[tokio::test]
async fn a_nameless_line_read_back_as_an_allowed_name_passes() {
    let policy = policy();
    let cookie = consent_cookie(&policy, &[Category::Statistical], &[], &[], 60);
    let lines = &["=_ga=GA1.1", "=sessionid=abc", "=_fbp=fb.1", "=novalue"];
    let app = app_with(lines, ConsentLayer::new(policy));
    let response = get_with(&app, &[("cookie", &cookie)]).await;
    // `_fbp` is not accepted; a line with no name to read back is unknown.
    assert_eq!(set_cookies(&response), vec!["=_ga=GA1.1", "=sessionid=abc"]);
}

#[tokio::test]
async fn a_nameless_line_never_passes_as_the_consent_cookie() {
    use tower_cookie_consent::{CookieRule, Policy, UnknownCookies};
    for unknown in [UnknownCookies::Strip, UnknownCookies::Allow] {
        let policy = Policy::builder()
            .rule(CookieRule::exact("_ga", Category::Statistical))
            .unknown(unknown.clone())
            .build()
            .unwrap();
        let refused = consent_cookie(&policy, &[], &[Category::Statistical], &[], 60);
        let accepted = consent_cookie(&policy, &[Category::Statistical], &[], &[], 0);
        // `=cookies_preferences=…` stores a nameless cookie the browser
        // sends back as the consent cookie: it is unknown, and does not
        // govern this response as a new choice would.
        let nameless: &'static str = Box::leak(format!("={accepted}; Path=/").into_boxed_str());
        let app = app_with(&[nameless, "_ga=GA1.2"], ConsentLayer::new(policy));
        let response = get_with(&app, &[("cookie", &refused)]).await;
        let expected = match unknown {
            UnknownCookies::Allow => vec![nameless],
            _ => vec![],
        };
        assert_eq!(set_cookies(&response), expected, "{unknown:?}");
    }
}
