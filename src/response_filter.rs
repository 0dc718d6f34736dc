//! The response side: judge each `Set-Cookie` line, strip what lacks
//! consent, delete what was withdrawn, keep caches from sharing the result.

use std::time::{SystemTime, UNIX_EPOCH};

use http::header::{Entry, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

use crate::Consent;
use crate::cache;
use crate::policy::CategoryIndex;
use crate::preferences::choice::{self, Window};
use crate::set_cookie::{self, SetCookieLine};
use crate::settings::Settings;
use crate::withdrawal::{self, SentCookies};

/// Unix seconds now.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub(crate) fn window(settings: &Settings, now: i64) -> Window {
    Window {
        now,
        lifetime: settings.lifetime.as_secs() as i64,
        skew: settings.clock_skew.as_secs() as i64,
    }
}

/// What happens to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Stripped: its category (`None`: unknown or malformed) and why.
    Strip(Option<CategoryIndex>, &'static str),
}

/// Applies the rules to a response's headers.
pub(crate) fn filter(headers: &mut HeaderMap, consent: &Consent, sent: &SentCookies) {
    let now = unix_now();
    let governing = new_choice(headers, consent, now);
    let consent = governing.as_ref().unwrap_or(consent);
    let shared = &consent.shared;
    let settings = &shared.settings;
    let counters = &shared.counters;

    let mut lines = 0;
    let mut to_strip = 0;
    for value in headers.get_all(SET_COOKIE) {
        lines += 1;
        let line = set_cookie::read(value.as_bytes(), now);
        let (verdict, unknown) = judge(&line, consent);
        if unknown && counters.unknown_name(line.name) {
            tracing::warn!(
                target: "tower_cookie_consent",
                cookie = %String::from_utf8_lossy(line.name),
                "Set-Cookie for a name no policy rule matches; add it to the registry"
            );
        }
        if let Verdict::Strip(category, reason) = verdict {
            to_strip += 1;
            counters.stripped(category);
            tracing::debug!(
                target: "tower_cookie_consent",
                cookie = %String::from_utf8_lossy(line.name),
                category = category.map_or("unknown", |c| consent.policy().category_at(c).category.name()),
                reason,
                report_only = settings.report_only,
                "Set-Cookie stripped"
            );
        }
    }
    counters.lines(lines);

    let stripped = to_strip > 0 && !settings.report_only;
    if stripped {
        keep_only_allowed(headers, consent, now);
    }
    let added = if settings.withdrawal_cleanup {
        withdrawal::expire_denied(headers, consent, sent, settings.report_only)
    } else {
        0
    };
    if added > 0 {
        counters.deletions(added as u64);
    }
    let changed = stripped || (added > 0 && !settings.report_only);
    if changed && settings.cache_protection {
        cache::make_private(headers);
    }
}

/// When the response itself sets the consent cookie (a consent endpoint
/// just ran), that new choice governs the response. The last such line
/// counts; a deletion of the consent cookie means no decision.
fn new_choice(headers: &HeaderMap, consent: &Consent, now: i64) -> Option<Consent> {
    let name = consent.cookie_name().as_bytes();
    // Only a line with the right name is read in full.
    let line = headers
        .get_all(SET_COOKIE)
        .iter()
        .filter(|v| set_cookie::name_of(v.as_bytes()) == name)
        .map(|v| set_cookie::read(v.as_bytes(), now))
        .rfind(|l| l.valid)?;
    if line.deletion {
        return Some(consent.with_choice(None));
    }
    let window = window(&consent.shared.settings, now);
    let choice = choice::decode(line.value, consent.policy())
        .ok()
        .filter(|c| window.admits(c.at));
    if choice.is_none() {
        tracing::warn!(
            target: "tower_cookie_consent",
            "the response sets a consent cookie that cannot be read; treated as no decision"
        );
    }
    Some(consent.with_choice(choice))
}

/// Judges one line; the flag says its name is one no rule matches.
fn judge(line: &SetCookieLine<'_>, consent: &Consent) -> (Verdict, bool) {
    if !line.valid {
        let verdict = if consent.allows_unknown() {
            Verdict::Keep
        } else {
            Verdict::Strip(None, "malformed line")
        };
        return (verdict, false);
    }
    if line.deletion || line.name == consent.cookie_name().as_bytes() {
        return (Verdict::Keep, false);
    }
    let policy = consent.policy();
    match policy.rule_index(line.name) {
        Some(rule) => {
            let target = policy.target(rule);
            if consent.decision.allows_target(target) {
                (Verdict::Keep, false)
            } else {
                (Verdict::Strip(Some(target.category), "no consent"), false)
            }
        }
        None if consent.allows_unknown() => (Verdict::Keep, !line.name.is_empty()),
        None => (
            Verdict::Strip(None, "unknown cookie"),
            !line.name.is_empty(),
        ),
    }
}

/// Rebuilds the `Set-Cookie` lines with only those allowed, in their order
/// and byte for byte. Up to 16 survivors are held on the stack. Survivors
/// are moved out, not cloned (cloning a value built from a `Vec` allocates),
/// and `OccupiedEntry::remove` drops the rest in place where
/// `remove_entry_mult` would collect them into a `Vec`.
fn keep_only_allowed(headers: &mut HeaderMap, consent: &Consent, now: i64) {
    let mut kept = Survivors::default();
    if let Entry::Occupied(mut entry) = headers.entry(SET_COOKIE) {
        for value in entry.iter_mut() {
            let line = set_cookie::read(value.as_bytes(), now);
            if judge(&line, consent).0 == Verdict::Keep {
                kept.push(std::mem::replace(value, HeaderValue::from_static("")));
            }
        }
        entry.remove();
    }
    for value in kept.into_iter() {
        headers.append(SET_COOKIE, value);
    }
}

const INLINE: usize = 16;

/// A list of header values that lives on the stack until it outgrows it.
#[derive(Default)]
struct Survivors {
    inline: [Option<HeaderValue>; INLINE],
    len: usize,
    spill: Vec<HeaderValue>,
}

impl Survivors {
    fn push(&mut self, value: HeaderValue) {
        if self.len < INLINE {
            self.inline[self.len] = Some(value);
            self.len += 1;
        } else {
            self.spill.push(value);
        }
    }

    fn into_iter(self) -> impl Iterator<Item = HeaderValue> {
        self.inline.into_iter().flatten().chain(self.spill)
    }
}
