use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
#[derive(Debug, Default)]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {
    let metrics = Sync::default();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.attempts.inc();
    println!("{metrics:?}");
}
