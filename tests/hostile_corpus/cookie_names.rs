//! Percent-encoded cookie names. tower-cookies and axum-extra read
//! `%5Ffbp` as `_fbp`; raw readers see `%5Ffbp`. A pair is hidden and a
//! line stripped when either reading is denied. Under the default policy
//! the raw reading of such a name is unknown, so hidden anyway; behind a
//! layer that lets unknown names through, only the decoded reading denies.

use super::{Case, Expect, Input, answer, b, exchange};
use crate::common::echo_app::{Stored, consent_pair, policy};

fn allowing_unknown(mut case: Case) -> Case {
    if let Input::Exchange { allow_unknown, .. } = &mut case.input {
        *allow_unknown = true;
    }
    case
}

fn with_gpc(mut case: Case) -> Case {
    if let Input::Exchange { gpc, .. } = &mut case.input {
        *gpc = vec!["1"];
    }
    case
}

pub fn cases() -> Vec<Case> {
    let all = b(&consent_pair(Stored::AcceptAll, &policy()).expect("a stored choice"));
    let long_escaped = format!("{}=1", "%41".repeat(30_000));
    vec![
        exchange(
            "default policy: percent-encoded names are unknown raw, so hidden",
            vec![b("%5Ffbp=1; %73essionid=2; sessionid=3")],
            vec![b("%5Ffbp=1"), b("%73essionid=2")],
            answer(vec![], false, &["sessionid"]),
        ),
        allowing_unknown(exchange(
            "unknown allowed: names decoding to denied cookies are hidden",
            vec![b("%5Ffbp=1; _f%62p=2; %5fga=3; sessionid=4; other=5")],
            vec![],
            answer(vec![], false, &["sessionid", "other"]),
        )),
        allowing_unknown(exchange(
            "unknown allowed: lines under such names are stripped",
            vec![],
            vec![
                b("%5Ffbp=1; Path=/"),
                b("_f%62p=2"),
                b("%5Fga_X=3"),
                b("sessionid=4"),
                b("%5Ffbp=; Max-Age=0"),
            ],
            answer(vec![b("sessionid=4"), b("%5Ffbp=; Max-Age=0")], false, &[]),
        )),
        allowing_unknown(exchange(
            "unknown allowed: bad escapes leave the raw name as the only reading",
            vec![b("%zz=1; %=2; %5F%ff=3; %%5F=4")],
            vec![b("%zz=1"), b("%=2"), b("%5F%ff=3")],
            answer(
                vec![b("%zz=1"), b("%=2"), b("%5F%ff=3")],
                false,
                &["%zz", "%", "%5F%ff", "%%5F"],
            ),
        )),
        allowing_unknown(with_gpc(exchange(
            "unknown allowed, everything accepted, GPC: decoded third party denied",
            vec![all.clone(), b("%5Fga=1; %5Ffbp=2")],
            vec![b("%5Fga=1"), b("%5Ffbp=2")],
            answer(vec![b("%5Fga=1")], true, &["cookies_preferences", "%5Fga"]),
        ))),
        allowing_unknown(exchange(
            "unknown allowed: Unicode white space tower-cookies trims",
            vec![b("\u{a0}_fbp=1; \u{3000}=2; _ga\u{2003}=3; caf\u{e9}=4")],
            vec![b("\u{a0}_fbp=1"), b("\u{3000}=2"), b("caf\u{e9}=4")],
            answer(
                vec![b("\u{3000}=2"), b("caf\u{e9}=4")],
                false,
                &["\u{3000}", "caf\u{e9}"],
            ),
        )),
        allowing_unknown(exchange(
            "unknown allowed: names that are not UTF-8 have their raw reading only",
            vec![b"\xa0%5Ffbp=1; %5F\xff=2".to_vec()],
            vec![],
            Expect::Answer {
                leaves: vec![],
                decided: false,
                seen: vec![b"\xa0%5Ffbp".to_vec(), b"%5F\xff".to_vec()],
            },
        )),
        allowing_unknown(exchange(
            "unknown allowed: a name decoding to the consent cookie's is no choice",
            vec![b("%63ookies_preferences=%7B%7D")],
            vec![],
            answer(vec![], false, &["%63ookies_preferences"]),
        )),
        allowing_unknown(exchange(
            "unknown allowed: a 90 KB name of escapes decodes once per pass",
            vec![b(&long_escaped)],
            vec![],
            answer(vec![], false, &[&"%41".repeat(30_000)]),
        )),
        allowing_unknown(exchange(
            "unknown allowed: 10,000 escaped denied names among allowed ones",
            vec![b(&"%5Ffbp=1; a=2; ".repeat(10_000))],
            vec![],
            answer(vec![], false, &vec!["a"; 10_000]),
        )),
    ]
}
