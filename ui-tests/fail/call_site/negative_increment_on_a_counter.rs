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
    // A counter only goes up. rustc's own message for a negative literal
    // (see the README); its suggestion, a signed literal, gets ours
    // (`signed_amount_on_a_counter.rs`).
    metrics.opened.inc_by(-1);
}
