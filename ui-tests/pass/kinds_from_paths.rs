//! The kinds by any path ending in their names: as `metrics_runtime`
//! exports them, absolutely, and re-exported by a module of the user's.
use metrics_runtime::metrics_family;
use metrics_runtime::prometheus_client::registry::Registry;

mod kinds {
    pub use metrics_runtime::Histogram;
}

#[metrics_family]
struct Paths {
    /// By the crate's path
    requests: metrics_runtime::Counter,
    /// By the absolute path
    depth: ::metrics_runtime::Gauge,
    /// Re-exported
    latency: kinds::Histogram,
    /// Float gauge by path
    ratio: metrics_runtime::FloatGauge,
}

fn main() {
    let metrics = Paths::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.requests.inc();
    metrics.depth.set(2);
    metrics.latency.observe(0.5);
    metrics.ratio.set(0.5);
    assert_eq!(metrics.requests.get(), 1);
}
