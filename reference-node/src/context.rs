//! Per-context execution metrics for monitoring WASM runtime performance
//! (`crates/context/src/metrics.rs` in the reference).

use metrics_runtime::{metrics_family, Gauge, Histogram};

/// Per-context execution metrics, labelled by the free-form `context_id`.
///
/// At most 1000 contexts get their own series each; past that, executions
/// are counted in the `__overflow__` series (see
/// [`Metric::overflowed`](metrics_runtime::Metric::overflowed)).
#[metrics_family(title = "Context Metrics", require_help)]
#[derive(Clone, Debug)]
pub struct ContextMetrics {
    /// Context runtime execution counter
    #[metric(labels(context_id: String), max_series = 1000)]
    pub execution_count: Gauge,
    /// Execution duration
    #[metric(
        labels(context_id: String),
        max_series = 1000,
        unit = "seconds",
        buckets = exponential(1, 2, 11)
    )]
    pub execution_duration: Histogram,
}
