//! The response side: judge each `Set-Cookie` line, strip what lacks
//! consent, delete what was withdrawn, keep caches from sharing the result.

mod strip;
mod verdict;

use http::header::{GetAll, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

use crate::Consent;
use crate::consent::clock::window;
use crate::cookie::set_cookie;
use crate::cookie::set_cookie::expiry::Expiry;
use crate::middleware::cache_control;
use crate::middleware::shared::Shared;
use crate::middleware::withdrawal::{self, SentCookies};
use strip::keep_only;
use verdict::{Clock, Judge, VERDICTS, Verdict, Verdicts};

/// Applies the rules to a response's headers. `read`: the handler took the
/// `Consent` extractor.
pub(crate) fn filter(
    headers: &mut HeaderMap,
    shared: &Shared,
    consent: &Consent,
    sent: &SentCookies,
    read: bool,
) {
    let clock = Clock::default();
    let lines = headers.get_all(SET_COOKIE);
    let mut judge = Judge::new(consent, &clock);
    let mut verdicts = Verdicts::new();
    verdicts.judge(&lines, &judge);
    // When the response itself sets the consent cookie, the new choice
    // governs it: rare (a consent endpoint), so the lines are judged again.
    let governing = verdicts
        .consent_cookie
        .then(|| governing_consent(&lines, shared, consent, &clock))
        .flatten();
    if let Some(governing) = &governing {
        judge = Judge::new(governing, &clock);
        verdicts.judge(&lines, &judge);
    }
    let consent = judge.consent;
    let settings = &shared.context.settings;
    let counters = &shared.counters;

    let stripped = verdicts.stripped && !settings.report_only;
    // Every line that strips is reported, so stripping reports the lines
    // as it walks them; otherwise they get a walk of their own.
    if stripped {
        keep_only(headers, |index, value| {
            let verdict = verdicts.get(index, value, &judge);
            if verdict.reported() {
                report(verdict, value, consent, shared);
            }
            verdict.keeps()
        });
    } else if verdicts.reported || verdicts.count > VERDICTS {
        for (index, value) in lines.iter().enumerate() {
            let verdict = verdicts.get(index, value, &judge);
            if verdict.reported() {
                report(verdict, value, consent, shared);
            }
        }
    }
    counters.lines(verdicts.count as u64);
    let added = if settings.withdrawal_cleanup {
        withdrawal::expire_denied(headers, consent, sent, settings.report_only)
    } else {
        0
    };
    if added > 0 {
        counters.deletions(added as u64);
    }
    let changed = stripped || (added > 0 && !settings.report_only);
    // The response depends on consent when a line of it was judged, the
    // handler read the consent, or the layer changed it. Report-only mode
    // changes no header.
    let depends = verdicts.count > 0 || read || changed;
    if depends && settings.cache_protection && !settings.report_only {
        cache_control::make_private(headers, consent.gpc_denies());
    }
}

/// Counts and logs one line's verdict; only a verdict that is
/// [`reported`](Verdict::reported) has anything to count or log.
fn report(verdict: Verdict, value: &HeaderValue, consent: &Consent, shared: &Shared) {
    let counters = &shared.counters;
    let report_only = shared.context.settings.report_only;
    let consent_name = consent.cookie_name().as_bytes();
    let name = || set_cookie::judged_name(&set_cookie::head(value.as_bytes()), consent_name);
    if verdict.unknown_name() && counters.unknown_name(name()) {
        tracing::warn!(
            target: "tower_cookie_consent",
            cookie = %String::from_utf8_lossy(name()),
            "Set-Cookie for a name no policy rule matches; add it to the registry"
        );
    }
    if let Some((category, reason)) = verdict.stripped() {
        counters.stripped(category);
        tracing::debug!(
            target: "tower_cookie_consent",
            cookie = %String::from_utf8_lossy(name()),
            category = category.map_or("unknown", |c| consent.policy().category_at(c).category.name()),
            reason,
            report_only,
            "Set-Cookie stripped"
        );
    }
}

/// The choice a response's own consent cookie carries: the last valid line
/// of that name counts; a deletion of the consent cookie means no decision.
fn governing_consent(
    lines: &GetAll<'_, HeaderValue>,
    shared: &Shared,
    consent: &Consent,
    clock: &Clock,
) -> Option<Consent> {
    let name = consent.cookie_name().as_bytes();
    let line = lines
        .iter()
        .map(|v| set_cookie::head(v.as_bytes()))
        .rfind(|l| l.valid && l.name == name)?;
    if Expiry::of(line.attributes).is_deletion(|| clock.now()) {
        return Some(consent.with_choice(None));
    }
    let window = window(&shared.context.settings, clock.now());
    let decoded = shared.choices.decode_uncached(line.value, consent.policy());
    let choice = decoded
        .as_ref()
        .ok()
        .copied()
        .filter(|c| window.admits(c.at));
    if choice.is_none() {
        let reason = decoded
            .err()
            .map_or("expired or dated in the future".into(), |e| e.to_string());
        tracing::warn!(
            target: "tower_cookie_consent",
            %reason,
            "the response sets a consent cookie that cannot be read; treated as no decision"
        );
    }
    Some(consent.with_choice(choice))
}
