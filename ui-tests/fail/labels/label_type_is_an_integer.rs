use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Http {
    /// Responses
    #[metric(labels(status: u16))]
    responses: Counter,
}

fn main() {}
