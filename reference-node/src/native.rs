//! Beside the reference, not part of it: a native histogram, served when
//! the node runs with `--native` so the end-to-end run can scrape it over
//! protobuf (`tests/e2e/run.sh`).

use metrics_runtime::{metrics_family, NativeHistogram};

use crate::sim::Rng;
use crate::sync::Protocol;

/// A second form of the sync session duration, as a native histogram.
#[metrics_family(prefix = "sync", title = "Native sync timing")]
pub struct NativeSyncMetrics {
    /// Full sync session duration, native buckets
    #[metric(labels(protocol: Protocol), unit = "seconds", schema = 3, max_buckets = 160)]
    pub native_duration: NativeHistogram,
}

impl NativeSyncMetrics {
    /// One simulated session: a protocol and a duration spread over four
    /// orders of magnitude, as the reference's session durations are.
    pub fn record(&self, rng: &mut Rng) {
        let protocol = rng.weighted(&[
            (Protocol::HashComparison, 5),
            (Protocol::DeltaSync, 3),
            (Protocol::Snapshot, 1),
        ]);
        self.native_duration
            .observe(protocol, rng.log_uniform(0.005, 50.0));
    }
}
