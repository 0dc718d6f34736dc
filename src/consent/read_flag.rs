//! Whether the handler read the visitor's consent: a flag per request that
//! the `Consent` extractor raises and the response future reads, after the
//! request and its extensions are gone.
//!
//! A flag of its own per request (an `Arc<AtomicBool>`) is one more heap
//! allocation on every request. Instead every layer keeps a table of
//! flags: a request claims the slot its ticket (its number among the
//! layer's requests) points to and frees it when its response future ends
//! or is dropped. Only when that slot is still held (by a request at least
//! [`SLOTS`] tickets older that has not answered yet) does a request
//! allocate a flag of its own. Answers are exact either way: a slot holds
//! one request's claim at a time, and a `Consent` kept past its request
//! raises nothing, since its claim is not the one the slot holds.
//! `tests/allocations.rs` fails if the flag goes back on the heap.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Slots per layer: 8 KB. Requests in flight at once beyond this many
/// allocate their flag.
const SLOTS: usize = 1024;
/// Slots per 64-byte cache line.
const PER_LINE: u64 = 8;
const FREE: u64 = 0;
/// Set in every claim, so that no claim reads as `FREE`.
const CLAIMED: u64 = 0b10;
/// The flag itself.
const RAISED: u64 = 0b01;

/// The flags of one layer's requests in flight.
pub(crate) struct ReadFlags {
    slots: Box<[AtomicU64]>,
}

impl std::fmt::Debug for ReadFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadFlags")
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl ReadFlags {
    pub(crate) fn new() -> Self {
        ReadFlags {
            slots: (0..SLOTS).map(|_| AtomicU64::new(FREE)).collect(),
        }
    }

    /// The flag of the request with this ticket, lowered.
    pub(crate) fn claim(&self, ticket: u64) -> ReadFlag {
        let index = spread(ticket);
        let claim = ticket << 2 | CLAIMED;
        match self.slots[index].compare_exchange(FREE, claim, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => ReadFlag::Slot {
                index: index as u32,
                claim,
            },
            Err(_) => ReadFlag::Own(Arc::new(AtomicBool::new(false))),
        }
    }
}

/// The slot of a ticket. Consecutive tickets, often served on different
/// cores, land on different cache lines, so that they do not contend.
fn spread(ticket: u64) -> usize {
    let lines = SLOTS as u64 / PER_LINE;
    ((ticket % lines) * PER_LINE + (ticket / lines) % PER_LINE) as usize
}

/// One request's flag, carried by its [`Consent`](crate::Consent).
#[derive(Debug, Clone)]
pub(crate) enum ReadFlag {
    /// Not tracked: cache protection is off, the layer reports only, or
    /// the consent was derived on the response side.
    Unused,
    /// Slot `index` of the layer's table, holding `claim` (and
    /// [`RAISED`] once raised).
    Slot { index: u32, claim: u64 },
    /// A flag of its own, the slot being busy.
    Own(Arc<AtomicBool>),
}

impl ReadFlag {
    /// Raises the flag: the handler read the consent.
    #[cfg(feature = "axum")]
    pub(crate) fn raise(&self, flags: &ReadFlags) {
        match self {
            ReadFlag::Unused => {}
            ReadFlag::Slot { index, claim } => {
                // Fails only for a claim freed since: the request is over.
                let _ = flags.slots[*index as usize].compare_exchange(
                    *claim,
                    claim | RAISED,
                    Ordering::Release,
                    Ordering::Relaxed,
                );
            }
            ReadFlag::Own(flag) => flag.store(true, Ordering::Release),
        }
    }

    /// Whether the flag was raised. Frees the slot and leaves the flag
    /// `Unused`: only the response future, which owns the request's flag,
    /// calls it, once, when it answers or is dropped.
    pub(crate) fn finish(&mut self, flags: &ReadFlags) -> bool {
        match std::mem::replace(self, ReadFlag::Unused) {
            ReadFlag::Unused => false,
            ReadFlag::Slot { index, claim } => {
                let held = flags.slots[index as usize].swap(FREE, Ordering::Acquire);
                debug_assert_eq!(held | RAISED, claim | RAISED, "a slot held by another");
                held == claim | RAISED
            }
            ReadFlag::Own(flag) => flag.load(Ordering::Acquire),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "axum")]
    fn raised_or_not() {
        let flags = ReadFlags::new();
        let mut lowered = flags.claim(0);
        let mut raised = flags.claim(1);
        raised.clone().raise(&flags);
        assert!(!lowered.finish(&flags));
        assert!(raised.finish(&flags));
        // Finished flags are unused: finishing again frees nothing.
        assert!(matches!(raised, ReadFlag::Unused));
        assert!(!raised.finish(&flags));
    }

    #[test]
    #[cfg(feature = "axum")]
    fn a_busy_slot_means_a_flag_of_its_own() {
        let flags = ReadFlags::new();
        let mut first = flags.claim(5);
        let mut same_slot = flags.claim(5 + SLOTS as u64);
        assert!(matches!(first, ReadFlag::Slot { .. }));
        assert!(matches!(same_slot, ReadFlag::Own(_)));
        same_slot.raise(&flags);
        assert!(!first.finish(&flags));
        assert!(same_slot.finish(&flags));
        // Freed: the next ticket of that slot claims it.
        assert!(matches!(
            flags.claim(5 + 2 * SLOTS as u64),
            ReadFlag::Slot { .. }
        ));
    }

    #[test]
    #[cfg(feature = "axum")]
    fn a_stale_flag_raises_nothing() {
        let flags = ReadFlags::new();
        let mut old = flags.claim(3);
        let stale = old.clone();
        assert!(!old.finish(&flags));
        let mut new = flags.claim(3 + SLOTS as u64);
        assert!(matches!(new, ReadFlag::Slot { .. }));
        stale.raise(&flags);
        assert!(!new.finish(&flags));
    }

    #[test]
    fn every_slot_is_used_and_neighbours_do_not_share_a_line() {
        let mut seen = vec![false; SLOTS];
        for ticket in 0..SLOTS as u64 {
            let index = spread(ticket);
            assert!(!seen[index], "{ticket}");
            seen[index] = true;
            let next = spread(ticket + 1);
            assert_ne!(index as u64 / PER_LINE, next as u64 / PER_LINE, "{ticket}");
        }
        assert_eq!(spread(7), spread(7 + SLOTS as u64));
    }
}
