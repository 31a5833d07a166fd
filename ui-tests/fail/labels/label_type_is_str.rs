use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Network {
    /// Messages
    #[metric(labels(peer: &'static str))]
    messages: Counter,
}

fn main() {
    let metrics = Network::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.messages.inc("ctx");
}
