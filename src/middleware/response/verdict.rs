//! What happens to each `Set-Cookie` line of a response: the verdict on
//! one line, the judge that gives it under one consent, and the verdicts
//! of a whole response, each line judged once.

use std::cell::Cell;

use http::HeaderValue;
use http::header::GetAll;

use crate::Consent;
use crate::consent::clock::unix_now;
use crate::cookie::decoded_name;
use crate::cookie::set_cookie;
use crate::cookie::set_cookie::expiry::Expiry;
use crate::policy::CategoryIndex;

/// What happens to one line, and what is reported about it. Small, so that
/// the verdicts of a response's lines are kept on the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
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
    pub(super) fn keeps(self) -> bool {
        matches!(
            self,
            Verdict::Keep | Verdict::KeepConsentCookie | Verdict::KeepUnknown
        )
    }

    /// Whether the line is counted or logged.
    pub(super) fn reported(self) -> bool {
        !matches!(self, Verdict::Keep | Verdict::KeepConsentCookie)
    }

    pub(super) fn unknown_name(self) -> bool {
        matches!(
            self,
            Verdict::KeepUnknown | Verdict::StripUnknown { named: true }
        )
    }

    /// A stripped line's category (`None`: unknown or malformed) and why.
    pub(super) fn stripped(self) -> Option<(Option<CategoryIndex>, &'static str)> {
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
pub(super) struct Clock(Cell<Option<i64>>);

impl Clock {
    pub(super) fn now(&self) -> i64 {
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

/// Judges lines under one consent.
pub(super) struct Judge<'a> {
    pub(super) consent: &'a Consent,
    pub(super) clock: &'a Clock,
    /// Worked out at the first line that needs it.
    pub(super) allows_unknown: Cell<Option<bool>>,
}

impl<'a> Judge<'a> {
    pub(super) fn new(consent: &'a Consent, clock: &'a Clock) -> Self {
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
        let verdict = if consent.allows_target(target) {
            Verdict::Keep
        } else {
            Verdict::StripDenied(target.category)
        };
        (verdict, target.literal)
    }
}

/// How many lines' verdicts are remembered; later lines are judged again
/// when needed (judging is deterministic).
pub(super) const VERDICTS: usize = 64;

/// Every line judged once: the first [`VERDICTS`] verdicts and a summary.
pub(super) struct Verdicts {
    pub(super) first: [Verdict; VERDICTS],
    pub(super) count: usize,
    pub(super) stripped: bool,
    pub(super) reported: bool,
    pub(super) consent_cookie: bool,
}

impl Verdicts {
    pub(super) fn new() -> Self {
        Verdicts {
            // Any verdict will do: a slot is written before it is read.
            // One whose bytes are all defined fills the array fastest
            // (BENCHMARKS.md).
            first: [Verdict::StripDenied(0); VERDICTS],
            count: 0,
            stripped: false,
            reported: false,
            consent_cookie: false,
        }
    }

    /// Judges every line, forgetting earlier verdicts.
    pub(super) fn judge(&mut self, lines: &GetAll<'_, HeaderValue>, judge: &Judge<'_>) {
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
    pub(super) fn get(&self, index: usize, value: &HeaderValue, judge: &Judge<'_>) -> Verdict {
        match self.first.get(index) {
            Some(&verdict) => verdict,
            None => judge.line(value.as_bytes()),
        }
    }
}
