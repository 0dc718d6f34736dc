//! Whole requests through the echo app behind the default layer (opt-in,
//! unknown names stripped): hostile `Cookie` fields from the visitor and
//! odd `Set-Cookie` lines from the application.

use tower_cookie_consent::{DEFAULT_COOKIE_NAME, Preferences};

use super::consent_values::nested;
use super::{Case, Input, answer, b, exchange};
use crate::common::echo_app::{Stored, now, policy, preferences};

const MB: usize = 1 << 20;
const EPOCH: &str = "Thu, 01 Jan 1970 00:00:00 GMT";

/// The consent cookie pair for a stored choice made `age` seconds ago.
fn consent(stored: Stored, age: i64) -> Vec<u8> {
    let prefs = preferences(stored, &policy(), now() - age).expect("a stored choice");
    pair(&prefs)
}

fn pair(prefs: &Preferences) -> Vec<u8> {
    format!("{DEFAULT_COOKIE_NAME}={}", prefs.encode()).into_bytes()
}

/// A consent cookie pair with raw JSON text spliced in before its last `}`.
fn with_field(pair: &[u8], field: &str) -> Vec<u8> {
    let pair = pair.strip_suffix(b"}").expect("a record ends with }");
    [pair, field.as_bytes(), b"}"].concat()
}

fn consent_at(at: i64) -> Vec<u8> {
    pair(&preferences(Stored::AcceptAll, &policy(), at).expect("stored"))
}

/// The deletion lines the layer writes for a `_ga_*` cookie (host-only and
/// `.example.com`, DESIGN.md rule 7).
fn ga_deletions(name: &str) -> [Vec<u8>; 2] {
    [
        b(&format!("{name}=; Max-Age=0; Expires={EPOCH}; Path=/")),
        b(&format!(
            "{name}=; Max-Age=0; Expires={EPOCH}; Path=/; Domain=.example.com"
        )),
    ]
}

fn with_gpc(mut case: Case, values: Vec<&'static str>) -> Case {
    if let Input::Exchange { gpc, .. } = &mut case.input {
        *gpc = values;
    }
    case
}

pub fn cases() -> Vec<Case> {
    let all = consent(Stored::AcceptAll, 0);
    let mut cases = vec![
        // --- the visitor's Cookie header --------------------------------
        exchange(
            "empty Cookie field",
            vec![b("")],
            vec![],
            answer(vec![], false, &[]),
        ),
        exchange(
            "only separators",
            vec![b(";;; ; \t;")],
            vec![],
            answer(vec![], false, &[]),
        ),
        exchange(
            "non-UTF-8 values",
            vec![b"sessionid=\xff\xfe; _ga=\x80\x81".to_vec()],
            vec![],
            answer(ga_deletions("_ga")[..1].to_vec(), false, &["sessionid"]),
        ),
        exchange(
            "nameless pairs are unknown, so hidden",
            vec![b("lone; =x; sessionid=1")],
            vec![],
            answer(vec![], false, &["sessionid"]),
        ),
        exchange(
            "duplicated Cookie fields (HTTP/2 splits them)",
            vec![b("sessionid=1"), b("csrftoken=2"), b("sessionid=3")],
            vec![],
            answer(vec![], false, &["sessionid", "csrftoken", "sessionid"]),
        ),
        exchange(
            "case-changed names are other cookies",
            vec![b("SessionID=1; _GA=2")],
            vec![],
            answer(vec![], false, &[]),
        ),
        exchange(
            "100 Cookie fields",
            (0..100).map(|i| b(&format!("sessionid={i}"))).collect(),
            vec![],
            answer(vec![], false, &["sessionid"; 100]),
        ),
        // --- the consent cookie, hostile -----------------------------------
        exchange(
            "percent-garbage consent cookie",
            vec![b("cookies_preferences=%zz%%7"), b("_ga=1")],
            vec![b("_ga=GA1")],
            answer(
                ga_deletions("_ga")[..1].to_vec(),
                false,
                &["cookies_preferences"],
            ),
        ),
        exchange(
            "a malformed copy, then a valid one",
            vec![b("cookies_preferences=%7B"), all.clone()],
            vec![b("_ga=GA1")],
            answer(
                vec![b("_ga=GA1")],
                true,
                &["cookies_preferences", "cookies_preferences"],
            ),
        ),
        exchange(
            "older acceptance, newer refusal: the newer wins",
            vec![
                consent(Stored::AcceptAll, 60),
                consent(Stored::RefuseAll, 0),
            ],
            vec![b("_ga=GA1"), b("sessionid=s")],
            answer(
                vec![b("sessionid=s")],
                true,
                &["cookies_preferences", "cookies_preferences"],
            ),
        ),
        exchange(
            "newer refusal first, older acceptance second: the newer still wins",
            vec![
                consent(Stored::RefuseAll, 0),
                consent(Stored::AcceptAll, 60),
            ],
            vec![b("_ga=GA1")],
            answer(
                vec![],
                true,
                &["cookies_preferences", "cookies_preferences"],
            ),
        ),
        exchange(
            "a choice dated an hour ahead",
            vec![consent(Stored::AcceptAll, -3600)],
            vec![b("_ga=GA1")],
            answer(vec![], false, &["cookies_preferences"]),
        ),
        exchange(
            "a choice 183 days old",
            vec![consent(Stored::AcceptAll, 183 * 86_400)],
            vec![b("_ga=GA1")],
            answer(vec![], false, &["cookies_preferences"]),
        ),
        exchange(
            "a choice dated i64::MIN",
            vec![consent_at(i64::MIN)],
            vec![b("_ga=GA1")],
            answer(vec![], false, &["cookies_preferences"]),
        ),
        exchange(
            "a choice dated i64::MAX",
            vec![consent_at(i64::MAX)],
            vec![b("_ga=GA1")],
            answer(vec![], false, &["cookies_preferences"]),
        ),
        exchange(
            "an acceptance with an unknown field nested 1 800 deep",
            vec![with_field(&all, &format!(r#","x":{}"#, nested(1800)))],
            vec![b("_ga=GA1")],
            answer(vec![b("_ga=GA1")], true, &["cookies_preferences"]),
        ),
        exchange(
            "an acceptance whose grant is nested 1 800 deep",
            vec![with_field(
                &all,
                &format!(r#","categories":{{"statistical":{}}}"#, nested(1800)),
            )],
            vec![b("_ga=GA1")],
            answer(vec![], false, &["cookies_preferences"]),
        ),
        exchange(
            "a consent cookie of 1 MB",
            vec![[&b"cookies_preferences="[..], &vec![b'7'; MB]].concat()],
            vec![b("_ga=GA1")],
            answer(vec![], false, &["cookies_preferences"]),
        ),
        exchange(
            "1 MB of malformed consent cookie copies",
            vec![b(&"cookies_preferences=%7B; ".repeat(MB / 25))],
            vec![b("_ga=GA1")],
            answer(vec![], false, &vec!["cookies_preferences"; MB / 25]),
        ),
        // --- oversized Cookie headers ----------------------------------------
        exchange(
            "1 MB Cookie header of unknown cookies",
            vec![[&b"sessionid=1; "[..], "x=1; ".repeat(MB / 5).as_bytes()].concat()],
            vec![],
            answer(vec![], false, &["sessionid"]),
        ),
        {
            // The regression case of the quadratic withdrawal (fixed): every
            // name is registered and denied, so each gets its deletions.
            let names: Vec<String> = (0..80_000).map(|i| format!("_ga_{i}")).collect();
            let header = names
                .iter()
                .map(|n| format!("{n}=1"))
                .collect::<Vec<_>>()
                .join("; ");
            let leaves = names.iter().flat_map(|n| ga_deletions(n)).collect();
            exchange(
                "1 MB Cookie header of 80 000 denied registered cookies",
                vec![b(&header)],
                vec![],
                answer(leaves, false, &[]),
            )
        },
        {
            let header = "_ga=1; ".repeat(MB / 7);
            exchange(
                "1 MB Cookie header repeating one denied cookie: deleted once",
                vec![b(&header)],
                vec![],
                answer(ga_deletions("_ga")[..1].to_vec(), false, &[]),
            )
        },
        // --- the application's Set-Cookie lines ------------------------------
        exchange(
            "a line without '=' has the empty name: unknown",
            vec![],
            vec![b("token"), b("sessionid=s")],
            answer(vec![b("sessionid=s")], false, &[]),
        ),
        exchange(
            "a line with only a value",
            vec![],
            vec![b("=value; Path=/")],
            answer(vec![], false, &[]),
        ),
        exchange(
            "spaces around a necessary name: kept byte for byte",
            vec![],
            vec![b(" sessionid\t= s ; Path=/")],
            answer(vec![b(" sessionid\t= s ; Path=/")], false, &[]),
        ),
        exchange(
            "a case-changed necessary name is unknown",
            vec![],
            vec![b("SessionID=s")],
            answer(vec![], false, &[]),
        ),
        exchange(
            "non-UTF-8 value of a necessary cookie",
            vec![],
            vec![b"sessionid=\xff\xfe".to_vec()],
            answer(vec![b"sessionid=\xff\xfe".to_vec()], false, &[]),
        ),
        exchange(
            "non-UTF-8 byte in a name",
            vec![],
            vec![b"_ga\xff=1".to_vec()],
            answer(vec![], false, &[]),
        ),
        exchange(
            "deleting a denied cookie is always allowed",
            vec![],
            vec![
                b("_ga=; Max-Age=0"),
                b("_fbp=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
            ],
            answer(
                vec![
                    b("_ga=; Max-Age=0"),
                    b("_fbp=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
                ],
                false,
                &[],
            ),
        ),
        exchange(
            "Max-Age=0x is not a deletion",
            vec![],
            vec![b("_ga=1; Max-Age=0x")],
            answer(vec![], false, &[]),
        ),
        exchange(
            "Max-Age beats a past Expires",
            vec![],
            vec![b(
                "_ga=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60",
            )],
            answer(vec![], false, &[]),
        ),
        exchange(
            "a necessary line of 4096 bytes of name and value leaves",
            vec![],
            vec![[&b"sessionid="[..], &vec![b'v'; 4096 - 9]].concat()],
            answer(
                vec![[&b"sessionid="[..], &vec![b'v'; 4096 - 9]].concat()],
                false,
                &[],
            ),
        ),
        exchange(
            "a necessary line one byte longer is ignored by browsers, so stripped",
            vec![],
            vec![[&b"sessionid="[..], &vec![b'v'; 4096 - 8]].concat()],
            answer(vec![], false, &[]),
        ),
        exchange(
            "a 1 MB accepted line is stripped",
            vec![all.clone()],
            vec![[&b"_ga="[..], &vec![b'v'; MB]].concat(), b("_ga=ok")],
            answer(vec![b("_ga=ok")], true, &["cookies_preferences"]),
        ),
        {
            let lines: Vec<Vec<u8>> = (0..500)
                .map(|i| {
                    b(&if i % 2 == 0 {
                        format!("sessionid={i}")
                    } else {
                        format!("_ga={i}")
                    })
                })
                .collect();
            let leaves = lines.iter().step_by(2).cloned().collect();
            exchange(
                "500 lines, every other one denied: survivors in order",
                vec![],
                lines,
                answer(leaves, false, &[]),
            )
        },
        {
            let lines = vec![b("_ga=1; Path=/"); 500];
            exchange(
                "500 identical accepted lines all leave",
                vec![all.clone()],
                lines.clone(),
                answer(lines, true, &["cookies_preferences"]),
            )
        },
        exchange(
            "500 unknown lines: none leaves",
            vec![],
            (0..500).map(|i| b(&format!("tracker{i}=1"))).collect(),
            answer(vec![], false, &[]),
        ),
        // --- a consent cookie set by the response governs it -----------------
        exchange(
            "the response sets an unreadable consent cookie: no decision",
            vec![all.clone()],
            vec![b("cookies_preferences=garbage; Path=/"), b("_ga=1")],
            answer(
                vec![b("cookies_preferences=garbage; Path=/")],
                true,
                &["cookies_preferences"],
            ),
        ),
        exchange(
            "the response deletes the consent cookie: withdrawal",
            vec![all.clone(), b("_ga=1")],
            vec![b("cookies_preferences=; Max-Age=0"), b("_ga=2")],
            answer(
                vec![
                    b("cookies_preferences=; Max-Age=0"),
                    ga_deletions("_ga")[0].clone(),
                ],
                true,
                &["cookies_preferences", "_ga"],
            ),
        ),
        // --- Global Privacy Control -------------------------------------------
        with_gpc(
            exchange(
                "Sec-GPC: 1 denies third party despite an acceptance",
                vec![all.clone()],
                vec![b("_fbp=1"), b("_ga=1")],
                answer(vec![b("_ga=1")], true, &["cookies_preferences"]),
            ),
            vec!["1"],
        ),
        with_gpc(
            exchange(
                "Sec-GPC: '1, 1' is not the signal",
                vec![all.clone()],
                vec![b("_fbp=1")],
                answer(vec![b("_fbp=1")], true, &["cookies_preferences"]),
            ),
            vec!["1, 1"],
        ),
        with_gpc(
            exchange(
                "Sec-GPC: 0 then 1: the signal is on",
                vec![all.clone()],
                vec![b("_fbp=1")],
                answer(vec![], true, &["cookies_preferences"]),
            ),
            vec!["0", "1"],
        ),
    ];
    // A denied cookie in the visitor's header next to percent-garbage.
    cases.push(exchange(
        "percent-garbage in a denied cookie's value: hidden, deleted",
        vec![b("_ga=%zz%; sessionid=%%")],
        vec![],
        answer(ga_deletions("_ga")[..1].to_vec(), false, &["sessionid"]),
    ));
    cases
}
