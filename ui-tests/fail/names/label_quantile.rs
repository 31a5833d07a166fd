use metrics_runtime::{metrics_family, Gauge, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Sync {
    /// Lag
    #[metric(labels(quantile: Branch))]
    lag: Gauge,
}

fn main() {}
