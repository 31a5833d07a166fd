use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch))]
    purges: Counter,
}

fn main() {}
