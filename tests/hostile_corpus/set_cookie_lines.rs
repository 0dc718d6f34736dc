//! `Set-Cookie` lines that browsers read otherwise than a naive reader:
//! expiry attributes whose readings disagree (RFC 6265bis, Chromium,
//! Firefox), cookie dates, and nameless lines that come back named.
//! Through the echo app behind the default layer.

use tower_cookie_consent::DEFAULT_COOKIE_NAME;

use super::{Case, answer, b, exchange};
use crate::common::echo_app::{Stored, consent_pair, policy};

/// An exchange whose visitor stored `stored`, sending only the consent
/// cookie, and whose application sets `lines`; `leaves` must leave.
fn visitor(name: &str, stored: Stored, lines: &[&str], leaves: &[&str]) -> Case {
    let pair = consent_pair(stored, &policy());
    let seen: &[&str] = if pair.is_some() {
        &[DEFAULT_COOKIE_NAME]
    } else {
        &[]
    };
    exchange(
        name,
        pair.iter().map(|p| b(p)).collect(),
        lines.iter().map(|l| b(l)).collect(),
        answer(leaves.iter().map(|l| b(l)).collect(), pair.is_some(), seen),
    )
}

/// An undecided visitor: every optional cookie is denied.
fn undecided(name: &str, lines: &[&str], leaves: &[&str]) -> Case {
    visitor(name, Stored::Nothing, lines, leaves)
}

pub fn cases() -> Vec<Case> {
    let past = "Thu, 01 Jan 1970 00:00:00 GMT";
    let oversized_zeros = format!("_ga=; Expires={past}; Max-Age=1{}", "0".repeat(1100));
    let many_expires = format!("_ga=1{}", format!("; Expires={past}").repeat(1000));
    let accept_all = consent_pair(Stored::AcceptAll, &policy()).expect("a stored choice");
    let nameless_consent = format!("={accept_all}; Path=/");
    vec![
        // --- no deletion unless every reading expires the cookie ---------
        undecided(
            "a past Expires, then a future cookie date: the last Expires wins in browsers",
            &[
                "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=Wed, 21-Oct-2099 07:28:00 GMT",
            ],
            &[],
        ),
        undecided(
            "Max-Age=0, then Max-Age=1x: Chromium and Firefox fall back on the Expires",
            &["_fbp=1; Max-Age=0; Max-Age=1x; Expires=Wed, 21 Oct 2099 07:28:00 GMT"],
            &[],
        ),
        undecided(
            "Max-Age=0, then Max-Age=+0: Firefox falls back on the Expires",
            &["_fbp=1; Max-Age=0; Max-Age=+0; Expires=Wed, 21 Oct 2099 07:28:00 GMT"],
            &[],
        ),
        undecided(
            "a Max-Age beyond 64 bits: Chromium keeps a session cookie",
            &["_ga=1; Max-Age=-99999999999999999999999"],
            &[],
        ),
        undecided(
            "an unreadable last Expires: Chromium and Firefox keep a session cookie",
            &["_ga=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=soon"],
            &[],
        ),
        undecided(
            "dates that do not exist or break a limit are no dates",
            &[
                "_ga=1; Expires=Mon, 30 Feb 2009 00:00:00 GMT",
                "_ga=1; Expires=Fri, 29 Feb 1900 00:00:00 GMT",
                "_ga=1; Expires=Fri, 32 Jan 1970 00:00:00 GMT",
                "_ga=1; Expires=Thu, 01 Jan 1970 24:00:00 GMT",
                "_ga=1; Expires=Thu, 01 Jan 1970 00:60:00 GMT",
                "_ga=1; Expires=Mon, 01 Jan 1600 00:00:00 GMT",
            ],
            &[],
        ),
        undecided(
            "a two-digit year up to 69 is in the 2000s",
            &["_ga=1; Expires=Thu, 01 Jan 69 00:00:00 GMT"],
            &[],
        ),
        // --- deletions browsers perform pass ------------------------------
        undecided(
            "cookie dates an HTTP date reader refuses still delete",
            &[
                // 7 August 2007 was a Tuesday: the weekday is never read.
                "_fbp=; Expires=Fri, 07 Aug 2007 08:04:19 GMT",
                "_fbp=; Expires=Thu, 01-Jan-70 00:00:00 UTC",
                "_ga=; Expires=Thu, 01 Jan 1970 00:00:00 GMT+2",
                "_ga=; expires=Tue, 29 Feb 2000 00:00:00 GMT",
                "_ga=; Expires=1970 jan 1 00:00:00",
            ],
            &[
                "_fbp=; Expires=Fri, 07 Aug 2007 08:04:19 GMT",
                "_fbp=; Expires=Thu, 01-Jan-70 00:00:00 UTC",
                "_ga=; Expires=Thu, 01 Jan 1970 00:00:00 GMT+2",
                "_ga=; expires=Tue, 29 Feb 2000 00:00:00 GMT",
                "_ga=; Expires=1970 jan 1 00:00:00",
            ],
        ),
        undecided(
            "Max-Age=0 deletes whatever Expires says",
            &["_ga=; Max-Age=0; Expires=soon"],
            &["_ga=; Max-Age=0; Expires=soon"],
        ),
        undecided(
            "a Max-Age over 1024 bytes is ignored by every reading",
            &[&oversized_zeros],
            &[&oversized_zeros],
        ),
        undecided(
            "a thousand past Expires attributes",
            &[&many_expires],
            &[&many_expires],
        ),
        // --- nameless lines come back named --------------------------------
        visitor(
            "a nameless line read back as a refused name is stripped",
            Stored::RefuseAll,
            &["=_ga=GA1.1", "= _fbp =fb.1; Path=/"],
            &[],
        ),
        visitor(
            "a nameless line read back as an accepted name leaves",
            Stored::AcceptAll,
            &["=_ga=GA1.1", "= _fbp =fb.1; Path=/"],
            &["=_ga=GA1.1", "= _fbp =fb.1; Path=/"],
        ),
        undecided(
            "a nameless line read back as a necessary name leaves",
            &["=sessionid=abc; Path=/"],
            &["=sessionid=abc; Path=/"],
        ),
        visitor(
            "a nameless line with no name to read back is unknown",
            Stored::AcceptAll,
            &["=novalue", "==x", "=  =x", "=;_ga=1"],
            &[],
        ),
        visitor(
            "a nameless line read back as the consent cookie is unknown and governs nothing",
            Stored::RefuseAll,
            &[&nameless_consent, "_ga=GA1.2"],
            &[],
        ),
        visitor(
            "a nameless deletion passes",
            Stored::RefuseAll,
            &["=_ga=; Max-Age=0"],
            &["=_ga=; Max-Age=0"],
        ),
    ]
}
