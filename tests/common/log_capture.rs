//! A minimal `tracing` subscriber that records events as text, so tests can
//! assert what the layer logged.
//!
//! It is installed once as the global default (a thread-local default races
//! with tests on other threads over tracing's per-callsite interest cache),
//! and each test reads back only the events of its own thread, which is
//! where a `#[tokio::test]` runs everything.

use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};
use std::thread::{self, ThreadId};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

static EVENTS: Mutex<Vec<(ThreadId, String)>> = Mutex::new(Vec::new());
static INSTALLED: OnceLock<()> = OnceLock::new();

/// Starts capturing; the handle reads this thread's events.
pub fn capture() -> Captured {
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(Recorder).expect("no other global subscriber");
    });
    Captured(thread::current().id())
}

/// This thread's captured events.
pub struct Captured(ThreadId);

impl Captured {
    /// Events as `LEVEL target: field=value …`.
    pub fn lines(&self) -> Vec<String> {
        EVENTS
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| *t == self.0)
            .map(|(_, l)| l.clone())
            .collect()
    }
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

struct Recorder;

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = Line(format!("{} {}:", meta.level(), meta.target()));
        event.record(&mut line);
        EVENTS
            .lock()
            .unwrap()
            .push((thread::current().id(), line.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
