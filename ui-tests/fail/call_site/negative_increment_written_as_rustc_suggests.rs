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
    metrics.open.dec_by(1);
    // rustc's suggestion for `inc_by(-1)`, a signed literal: ours says a
    // counter only goes up.
    metrics.opened.inc_by(-1i64);
}
