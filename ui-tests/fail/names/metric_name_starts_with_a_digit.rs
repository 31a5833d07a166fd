use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Http {
    /// Server errors
    #[metric(name = "5xx_responses")]
    server_errors: Counter,
}

fn main() {}
