//! Beside the reference, not part of it: a counter and a classic histogram
//! with exemplars carrying the simulator's trace ids, served when the node
//! runs with `--exemplars`, so the end-to-end run can check that Prometheus
//! stores them (`tests/e2e/run.sh`, `tests/e2e/exemplars.py`). Outside the
//! catalogue, so the reference's default output and its golden files stay
//! as they are.

use metrics_runtime::{metrics_family, Counter, Histogram};

use crate::sim::Rng;
use crate::sync::Protocol;

/// Sync sessions, each with the trace id of its latest session.
#[metrics_family(prefix = "sync", title = "Traced sync sessions")]
pub struct TracedSyncMetrics {
    /// Sync sessions run, with the latest session's trace as exemplar
    #[metric(labels(protocol: Protocol), exemplar(trace_id))]
    pub traced_sessions: Counter,
    /// Sync session duration, with a session's trace per bucket as exemplar
    #[metric(
        labels(protocol: Protocol),
        unit = "seconds",
        buckets = exponential(0.005, 4, 8),
        exemplar(trace_id)
    )]
    pub traced_duration: Histogram,
}

/// A W3C trace id (32 hex digits) from the simulator's generator.
pub fn trace_id(rng: &mut Rng) -> String {
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

impl TracedSyncMetrics {
    /// One simulated session: a protocol, a duration over four orders of
    /// magnitude, and a trace id for both exemplars.
    pub fn record(&self, rng: &mut Rng) {
        let protocol = rng.weighted(&[
            (Protocol::HashComparison, 5),
            (Protocol::DeltaSync, 3),
            (Protocol::Snapshot, 1),
        ]);
        let trace = trace_id(rng);
        self.traced_sessions.inc_with_exemplar(protocol, &trace);
        self.traced_duration
            .observe_with_exemplar(protocol, rng.log_uniform(0.005, 50.0), &trace);
    }
}
