use metrics_runtime::metrics_family;
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Jobs {
    /// Jobs started
    started: &'static u64,
}

fn main() {
    let metrics = Jobs::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.started.inc();
}
