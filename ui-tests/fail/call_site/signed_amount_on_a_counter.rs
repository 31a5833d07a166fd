use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, Gauge};

#[metrics_family]
struct Pool {
    /// Connections opened
    opened: Counter,
    /// Connections open now
    open: Gauge,
}

fn main() {
    let metrics = Pool::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    let change: i64 = -1;
    metrics.open.inc_by(change);
    // A counter only goes up: the message says so, and names the `Gauge`.
    metrics.opened.inc_by(change);
}
