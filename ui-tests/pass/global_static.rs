use metrics_runtime::{global, metrics_family, Counter, Format, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
enum Protocol {
    Snapshot,
    Delta,
}

#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync attempts by protocol
    #[metric(labels(protocol: Protocol))]
    attempts: Counter,
}

#[metrics_family(prefix = "idle")]
struct Idle {
    /// Never recorded
    ticks: Counter,
}

global! {
    /// The process's sync metrics.
    pub static SYNC: SyncMetrics;
    static IDLE: Idle;
}

fn main() {
    // Scraped before any code touches a static: both are there, at zero.
    let text = Registry::global().encode(Format::Text).unwrap();
    assert!(text.contains("sync_attempts_total{protocol=\"snapshot\"} 0\n"), "{text}");
    assert!(text.contains("idle_ticks_total 0\n"), "{text}");
    SYNC.attempts.inc(Protocol::Delta);
    let text = Registry::global().encode(Format::Text).unwrap();
    assert!(text.contains("sync_attempts_total{protocol=\"delta\"} 1\n"), "{text}");
}
