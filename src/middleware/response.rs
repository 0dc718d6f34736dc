//! The response side: judge each `Set-Cookie` line, strip what lacks
//! consent, delete what was withdrawn, keep caches from sharing the result.

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

use http::header::{Entry, GetAll, OccupiedEntry, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

use crate::Consent;
use crate::consent::choice::Window;
use crate::consent::settings::Settings;
use crate::cookie::decoded_name;
use crate::cookie::set_cookie;
use crate::cookie::set_cookie::expiry::Expiry;
use crate::middleware::cache_control;
use crate::middleware::report::Counters;
use crate::middleware::shared::Shared;
use crate::middleware::withdrawal::{self, SentCookies};
use crate::policy::CategoryIndex;

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

/// What happens to one line, and what is reported about it. Two bytes, so
/// that the verdicts of many lines fit in a small array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Kept: the consent cookie itself, which may carry a new choice.
    KeepConsentCookie,
    /// Kept, though no rule matches its (non-empty) name.
    KeepUnknown,
    /// Stripped: a browser would ignore the line anyway.
    StripMalformed,
    /// Stripped: no rule matches its name (`named`: the name is not empty).
    StripUnknown {
        named: bool,
    },
    /// Stripped: the visitor has not agreed to its rule's category.
    StripDenied(CategoryIndex),
}

impl Verdict {
    fn keeps(self) -> bool {
        matches!(
            self,
            Verdict::Keep | Verdict::KeepConsentCookie | Verdict::KeepUnknown
        )
    }

    /// Whether the line is counted or logged.
    fn reported(self) -> bool {
        !matches!(self, Verdict::Keep | Verdict::KeepConsentCookie)
    }

    fn unknown_name(self) -> bool {
        matches!(
            self,
            Verdict::KeepUnknown | Verdict::StripUnknown { named: true }
        )
    }

    /// A stripped line's category (`None`: unknown or malformed) and why.
    fn stripped(self) -> Option<(Option<CategoryIndex>, &'static str)> {
        match self {
            Verdict::StripMalformed => Some((None, "malformed line")),
            Verdict::StripUnknown { .. } => Some((None, "unknown cookie")),
            Verdict::StripDenied(category) => Some((Some(category), "no consent")),
            _ => None,
        }
    }
}

/// The time, read from the clock only if a line's `Expires` date or a new
/// consent cookie needs it, and then once.
#[derive(Default)]
struct Clock(Cell<Option<i64>>);

impl Clock {
    fn now(&self) -> i64 {
        match self.0.get() {
            Some(now) => now,
            None => {
                let now = unix_now();
                self.0.set(Some(now));
                now
            }
        }
    }
}

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
        .then(|| new_choice(&lines, shared, consent, &clock))
        .flatten();
    if let Some(governing) = &governing {
        judge = Judge::new(governing, &clock);
        verdicts.judge(&lines, &judge);
    }
    let consent = judge.consent;
    let settings = &consent.context.settings;
    let counters = &shared.counters;

    let stripped = verdicts.stripped && !settings.report_only;
    // Every line that strips is reported, so stripping reports the lines
    // as it walks them; otherwise they get a walk of their own.
    if stripped {
        keep_only(headers, |index, value| {
            let verdict = verdicts.get(index, value, &judge);
            if verdict.reported() {
                report(verdict, value, consent, counters);
            }
            verdict.keeps()
        });
    } else if verdicts.reported || verdicts.count > VERDICTS {
        for (index, value) in lines.iter().enumerate() {
            let verdict = verdicts.get(index, value, &judge);
            if verdict.reported() {
                report(verdict, value, consent, counters);
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
        cache_control::make_private(headers, consent.decision.gpc_denies);
    }
}

/// Counts and logs one line's verdict; only a verdict that is
/// [`reported`](Verdict::reported) has anything to count or log.
fn report(verdict: Verdict, value: &HeaderValue, consent: &Consent, counters: &Counters) {
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
            report_only = consent.context.settings.report_only,
            "Set-Cookie stripped"
        );
    }
}

/// The choice a response's own consent cookie carries: the last valid line
/// of that name counts; a deletion of the consent cookie means no decision.
fn new_choice(
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
    let window = window(&consent.context.settings, clock.now());
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

/// Judges lines under one consent.
struct Judge<'a> {
    consent: &'a Consent,
    clock: &'a Clock,
    /// Worked out at the first line that needs it.
    allows_unknown: Cell<Option<bool>>,
}

impl<'a> Judge<'a> {
    fn new(consent: &'a Consent, clock: &'a Clock) -> Self {
        Judge {
            consent,
            clock,
            allows_unknown: Cell::new(None),
        }
    }

    fn allows_unknown(&self) -> bool {
        match self.allows_unknown.get() {
            Some(allows) => allows,
            None => {
                let allows = self.consent.allows_unknown();
                self.allows_unknown.set(Some(allows));
                allows
            }
        }
    }

    /// Judges one line, reading its attributes only when its name would
    /// strip it or is unknown (a deletion is always kept).
    fn line(&self, line: &[u8]) -> Verdict {
        let head = set_cookie::head(line);
        if !head.valid {
            return if self.allows_unknown() {
                Verdict::Keep
            } else {
                Verdict::StripMalformed
            };
        }
        let consent = self.consent;
        let consent_name = consent.cookie_name().as_bytes();
        if head.name == consent_name {
            return Verdict::KeepConsentCookie;
        }
        // A nameless line is judged by the name it is read back as.
        let name = set_cookie::judged_name(&head, consent_name);
        let (mut by_name, literal) = self.name(name);
        // A percent-encoded name comes back to tower-cookies decoded
        // (`%5Ffbp` as `_fbp`): that reading must pass too. A name a rule
        // names literally has one reading.
        if by_name.keeps() && !literal {
            let decoded = decoded_name::with_decoded(name, |name| {
                if name == consent_name {
                    Verdict::Keep
                } else {
                    self.name(name).0
                }
            });
            if let Some(verdict) = decoded.filter(|v| !v.keeps()) {
                by_name = verdict;
            }
        }
        if by_name == Verdict::Keep || Expiry::of(head.attributes).is_deletion(|| self.clock.now())
        {
            return Verdict::Keep;
        }
        by_name
    }

    /// The verdict on one reading of a line's name, deletions aside, and
    /// whether a rule names it literally.
    #[inline(always)]
    fn name(&self, name: &[u8]) -> (Verdict, bool) {
        let consent = self.consent;
        let policy = consent.policy();
        let named = !name.is_empty();
        // No name to judge by (a nameless line read back without one, or
        // as the consent cookie): unknown, whatever a `*` rule says.
        let Some(rule) = named.then(|| policy.rule_index(name)).flatten() else {
            let verdict = match (self.allows_unknown(), named) {
                (true, true) => Verdict::KeepUnknown,
                (true, false) => Verdict::Keep,
                (false, _) => Verdict::StripUnknown { named },
            };
            return (verdict, false);
        };
        let target = policy.target(rule);
        let verdict = if consent.decision.allows_target(target) {
            Verdict::Keep
        } else {
            Verdict::StripDenied(target.category)
        };
        (verdict, target.literal)
    }
}

/// How many lines' verdicts are remembered; later lines are judged again
/// when needed (judging is deterministic).
const VERDICTS: usize = 64;

/// Every line judged once: the first [`VERDICTS`] verdicts and a summary.
struct Verdicts {
    first: [Verdict; VERDICTS],
    count: usize,
    stripped: bool,
    reported: bool,
    consent_cookie: bool,
}

impl Verdicts {
    fn new() -> Self {
        Verdicts {
            // Any verdict will do: a slot is written before it is read.
            // One with both bytes defined (`Keep` leaves its second byte
            // unset) lets the array be filled with a few wide stores.
            first: [Verdict::StripDenied(0); VERDICTS],
            count: 0,
            stripped: false,
            reported: false,
            consent_cookie: false,
        }
    }

    /// Judges every line, forgetting earlier verdicts.
    fn judge(&mut self, lines: &GetAll<'_, HeaderValue>, judge: &Judge<'_>) {
        self.count = 0;
        self.stripped = false;
        self.reported = false;
        self.consent_cookie = false;
        for value in lines.iter() {
            let verdict = judge.line(value.as_bytes());
            if let Some(slot) = self.first.get_mut(self.count) {
                *slot = verdict;
            }
            self.count += 1;
            self.stripped |= !verdict.keeps();
            self.reported |= verdict.reported();
            self.consent_cookie |= verdict == Verdict::KeepConsentCookie;
        }
    }

    /// The verdict of line `index`, whose value is `value`.
    fn get(&self, index: usize, value: &HeaderValue, judge: &Judge<'_>) -> Verdict {
        match self.first.get(index) {
            Some(&verdict) => verdict,
            None => judge.line(value.as_bytes()),
        }
    }
}

/// Rebuilds the `Set-Cookie` lines with only those `keeps` keeps, in their order
/// and byte for byte. Survivors are moved out, not cloned (cloning a value
/// built from a `Vec` allocates), and up to 16 are held on the stack.
///
/// The map must end as removing the entry and appending the survivors
/// always left it: removing swaps the map's last entry into the removed
/// one's place, and the survivors become the last entry. When `Set-Cookie`
/// already is the last entry, that is the entry rewritten in place, which
/// saves a removal, a second look-up of the name and an insertion; other
/// maps take the removal (`OccupiedEntry::remove` drops the values in
/// place, where `remove_entry_mult` would collect them into a `Vec`).
fn keep_only(headers: &mut HeaderMap, mut keeps: impl FnMut(usize, &HeaderValue) -> bool) {
    let last = headers.keys().last() == Some(&SET_COOKIE);
    let Entry::Occupied(mut entry) = headers.entry(SET_COOKIE) else {
        return;
    };
    let mut kept = Survivors::default();
    for (index, value) in entry.iter_mut().enumerate() {
        if keeps(index, value) {
            kept.push(std::mem::replace(value, HeaderValue::from_static("")));
        }
    }
    if last {
        kept.replace_values_of(entry);
    } else {
        entry.remove();
        kept.append_to(headers);
    }
}

/// How many surviving lines are held on the stack before a vector takes
/// the rest.
const INLINE: usize = 16;

/// The surviving lines, in order: the first on its own, the others in a
/// list on the stack (until it outgrows it) that is only set up when there
/// is a second. A response stripped down to one line or none, the usual
/// case, pays neither for setting the list up nor for dropping it.
#[derive(Default)]
struct Survivors {
    first: Option<HeaderValue>,
    more: Option<MoreSurvivors>,
}

/// The survivors after the first.
#[derive(Default)]
struct MoreSurvivors {
    inline: [Option<HeaderValue>; INLINE - 1],
    len: usize,
    spill: Vec<HeaderValue>,
}

impl Survivors {
    fn push(&mut self, value: HeaderValue) {
        if self.first.is_none() {
            self.first = Some(value);
            return;
        }
        let more = self.more.get_or_insert_with(MoreSurvivors::default);
        if more.len < INLINE - 1 {
            more.inline[more.len] = Some(value);
            more.len += 1;
        } else {
            more.spill.push(value);
        }
    }

    /// The survivors after the first, in order, taken where they lie
    /// (moving the whole list would copy every slot).
    fn drain_more(&mut self) -> impl Iterator<Item = HeaderValue> + '_ {
        self.more.iter_mut().flat_map(|more| {
            more.inline[..more.len]
                .iter_mut()
                .filter_map(Option::take)
                .chain(more.spill.drain(..))
        })
    }

    /// Makes the survivors the entry's only values, in order; removes the
    /// entry when there are none.
    fn replace_values_of(&mut self, mut entry: OccupiedEntry<'_, HeaderValue>) {
        let Some(first) = self.first.take() else {
            entry.remove();
            return;
        };
        entry.insert(first);
        for value in self.drain_more() {
            entry.append(value);
        }
    }

    /// Appends the survivors as `Set-Cookie` lines, in order, under one
    /// look-up of the header name.
    fn append_to(&mut self, headers: &mut HeaderMap) {
        let Some(first) = self.first.take() else {
            return;
        };
        let mut entry = match headers.entry(SET_COOKIE) {
            Entry::Vacant(vacant) => vacant.insert_entry(first),
            Entry::Occupied(mut occupied) => {
                occupied.append(first);
                occupied
            }
        };
        for value in self.drain_more() {
            entry.append(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderName;
    use http::header::{CONTENT_TYPE, VARY};

    use super::*;

    /// What the layer always did: remove the entry, append the survivors.
    fn remove_and_append(headers: &mut HeaderMap, keeps: &[bool]) {
        let lines: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
        headers.remove(SET_COOKIE);
        for (line, _) in lines.into_iter().zip(keeps).filter(|(_, k)| **k) {
            headers.append(SET_COOKIE, line);
        }
    }

    fn listing(headers: &HeaderMap) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect()
    }

    #[test]
    fn the_map_ends_as_removing_and_appending_left_it() {
        let others = [CONTENT_TYPE, VARY, HeaderName::from_static("x-a")];
        // Set-Cookie first, in the middle and last, among up to three other
        // names (one of them with two values), with 0 to 20 lines and every
        // pattern of survivors on the small counts.
        for before in 0..=others.len() {
            for after in 0..=others.len() - before {
                for lines in 0..=20usize {
                    let patterns: Vec<u32> = if lines <= 5 {
                        (0..1 << lines).collect()
                    } else {
                        vec![
                            0,
                            u32::MAX,
                            0b1010_1010_1010_1010_1010,
                            0b110,
                            1 << (lines - 1),
                        ]
                    };
                    for pattern in patterns {
                        let keeps: Vec<bool> = (0..lines).map(|i| pattern >> i & 1 == 1).collect();
                        let mut headers = HeaderMap::new();
                        for name in &others[..before] {
                            headers.append(name, HeaderValue::from_static("1"));
                        }
                        if before > 0 {
                            headers.append(&others[0], HeaderValue::from_static("2"));
                        }
                        for i in 0..lines {
                            let line = HeaderValue::from_str(&format!("c{i}=v")).unwrap();
                            headers.append(SET_COOKIE, line);
                        }
                        for name in &others[before..before + after] {
                            headers.append(name, HeaderValue::from_static("3"));
                        }
                        let mut expected = headers.clone();
                        remove_and_append(&mut expected, &keeps);
                        keep_only(&mut headers, |index, _| keeps[index]);
                        assert_eq!(
                            listing(&headers),
                            listing(&expected),
                            "{before} before, {after} after, {lines} lines, {pattern:b}"
                        );
                    }
                }
            }
        }
    }
}
