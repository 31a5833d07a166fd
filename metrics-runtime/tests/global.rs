//! `global!` statics are in the process-wide registry's first scrape, at
//! zero, before any code touches them; every static of one family is one
//! instance. (A test binary of its own: the process-wide registry is the
//! process's.)

use metrics_runtime::{global, metrics_family, Counter, Format, Gauge, LabelValue, Registry};

mod common;

#[derive(Clone, Copy, Debug, LabelValue)]
enum Outcome {
    Ok,
    Failed,
}

#[metrics_family(prefix = "sync")]
struct SyncMetrics {
    /// Sync attempts by outcome
    #[metric(labels(outcome: Outcome))]
    attempts: Counter,
    /// Peers connected
    peers: Gauge,
}

#[metrics_family(prefix = "untouched")]
struct Untouched {
    /// Never recorded into by any code
    events: Counter,
    /// Per context, never recorded either
    #[metric(labels(context_id: String), max_series = 10)]
    per_context: Counter,
}

global! {
    /// The sync metrics.
    static SYNC: SyncMetrics;
    /// Another name for the same instance.
    pub(crate) static SYNC_AGAIN: SyncMetrics;
    static UNTOUCHED: Untouched;
}

#[test]
fn statics_are_exported_at_zero_before_anything_touches_them() {
    // The first use of anything: a scrape.
    let text = Registry::global().encode(Format::Text).unwrap();
    let parsed = common::parse(&text, false).unwrap();
    assert_eq!(
        parsed.value("sync_attempts_total", &[("outcome", "ok")]),
        0.0
    );
    assert_eq!(
        parsed.value("sync_attempts_total", &[("outcome", "failed")]),
        0.0
    );
    assert_eq!(parsed.value("sync_peers", &[]), 0.0);
    assert_eq!(parsed.value("untouched_events_total", &[]), 0.0);
    assert_eq!(
        parsed.value("untouched_per_context_overflow_total", &[]),
        0.0
    );
    assert!(text.contains("# TYPE untouched_per_context_total counter\n"));

    SYNC.attempts.inc(Outcome::Ok);
    SYNC_AGAIN.attempts.inc(Outcome::Ok);
    SYNC.peers.set(4);
    let text = Registry::global().encode(Format::OpenMetrics).unwrap();
    let parsed = common::parse(&text, true).unwrap();
    assert_eq!(
        parsed.value("sync_attempts_total", &[("outcome", "ok")]),
        2.0
    );
    assert_eq!(parsed.value("sync_peers", &[]), 4.0);
    assert_eq!(
        text.matches("# TYPE sync_attempts counter\n").count(),
        1,
        "two statics of one family are one instance: {text}"
    );
    // The same instance `get_or_create` returns.
    let same = Registry::global().get_or_create::<SyncMetrics>(()).unwrap();
    assert_eq!(same.attempts.get(Outcome::Ok), 2);
    assert!(std::ptr::eq(&*same, SYNC.get()));
}
