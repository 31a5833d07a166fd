use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Io {
    /// Bytes written
    #[metric(unit = "bytes")]
    written: Counter,
}

fn main() {
    let metrics = Io::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.written.inc_by(512);
    metrics.written.inc_by(1.5);
}
