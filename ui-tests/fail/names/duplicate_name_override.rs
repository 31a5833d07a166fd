use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Http {
    /// Requests
    #[metric(name = "requests")]
    served: Counter,
    /// Requests
    #[metric(name = "requests")]
    failed: Counter,
}

fn main() {}
