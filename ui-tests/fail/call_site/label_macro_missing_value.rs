use metrics_runtime::{label, metrics_family, Counter, Gauge, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[derive(Clone, Copy, LabelValue)]
enum PurgeClass {
    SigningKey,
    ContextCleanup,
}

#[metrics_family]
struct Store {
    /// Failures
    #[metric(labels(branch: Branch, class: PurgeClass))]
    failures: Counter,
    /// Purges
    #[metric(labels(branch: Branch))]
    purges: Counter,
    /// Executions
    #[metric(labels(context_id: String))]
    executions: Gauge,
    /// Duration
    duration: Histogram,
}

fn main() {
    let m = Store::new();
    m.purges.inc(label!(Branch, "namespace"));
    m.purges.inc(label!(Branch));
}
