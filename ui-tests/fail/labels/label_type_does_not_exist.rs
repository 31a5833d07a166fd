use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Http {
    /// Responses
    #[metric(labels(status: Status))]
    responses: Counter,
}

fn main() {}
