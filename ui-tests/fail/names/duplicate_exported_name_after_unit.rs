use metrics_runtime::{metrics_family, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Lag
    #[metric(unit = "seconds")]
    lag: Gauge,
    /// Lag, again
    lag_seconds: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.lag.set(1);
    metrics.lag_seconds.set(1);
}
