//! A gauge whose name ends in `_count` ("number of"), as the reference's
//! `execution_count`: the one promtool finding the macro lets through (see
//! `metrics-macros/src/rules.rs`).
use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, metrics_family, Format, Gauge};

#[metrics_family]
struct Pool {
    /// Open connections
    connection_count: Gauge,
}

fn main() {
    let metrics = Pool::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.connection_count.set(3);
    let text = encode(&registry, Format::Text).unwrap();
    assert!(text.contains("# TYPE connection_count gauge\nconnection_count 3\n"), "{text}");
}
