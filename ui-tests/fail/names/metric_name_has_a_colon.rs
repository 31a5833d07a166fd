use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Http {
    /// Requests
    #[metric(name = "job:requests")]
    requests: Counter,
}

fn main() {}
