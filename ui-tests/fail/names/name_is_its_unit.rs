use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family(prefix = "queue")]
struct Queue {
    /// Bytes written to the queue
    #[metric(unit = "bytes")]
    bytes: Counter,
}

fn main() {
    let metrics = Queue::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.bytes.inc_by(512);
}
