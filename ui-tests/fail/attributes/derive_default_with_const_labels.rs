use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family(const_labels(peer: String))]
#[derive(Default)]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {
    let metrics = Sync::new("a".to_owned());
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.attempts.inc();
}
