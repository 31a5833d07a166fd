use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels())]
    purges: Counter,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.purges.inc();
}
