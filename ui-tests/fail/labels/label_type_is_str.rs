use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Network {
    /// Messages
    #[metric(labels(peer: &'static str))]
    messages: Counter,
}

fn main() {}
