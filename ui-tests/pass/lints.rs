//! A crate that denies missing docs and every warning, with a public family.
#![deny(missing_docs, warnings)]

use metrics_runtime::{label, metrics_family, Counter, FloatGauge, Gauge, Histogram, LabelValue};

/// Which branch of the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
pub enum Branch {
    /// The namespace branch.
    Namespace,
    /// The subgroup branch.
    #[label(rename = "sub")]
    Subgroup,
}

/// The store's metrics.
#[metrics_family(prefix = "store", require_help)]
pub struct StoreMetrics {
    /// Purges by branch.
    #[metric(labels(branch: Branch))]
    pub purges: Counter,
    /// Executions per context.
    #[metric(labels(context_id: String), max_series = 100)]
    pub executions: Gauge,
    /// Load.
    pub load: FloatGauge,
    /// Purge duration.
    #[metric(unit = "seconds", buckets = exponential(0.001, 2, 10))]
    pub duration: Histogram,
    /// Purges by branch, with the purge's trace.
    #[metric(labels(branch: Branch), exemplar(trace_id))]
    pub traced_purges: Counter,
    /// Purge duration, with traces.
    #[metric(unit = "seconds", labels(context_id: String), exemplar(trace_id, span_id))]
    pub traced_duration: Histogram,
}

/// Records one purge.
pub fn record(m: &StoreMetrics) {
    m.purges.inc(label!(Branch, "sub"));
    m.executions.inc("ctx");
    m.load.set(1.0);
    m.duration.observe(0.01);
    m.traced_purges.inc_with_exemplar(Branch::Namespace, "4bf92f3577b34da6");
    m.traced_duration
        .observe_with_exemplar("ctx", 0.01, ("4bf92f3577b34da6", "00f067aa0ba902b7"));
}

fn main() {
    record(&StoreMetrics::default());
}
