use metrics_runtime::{metrics_family, Counter, Gauge, Registry};

#[metrics_family(
    prefix = "queue",
    record(
        name = "queue_depth",
        expr = "queue_received_total - queue_processed_total",
    ),
)]
pub struct QueueMetrics {
    /// Events received
    pub received: Counter,
    /// Events processed
    pub processed: Counter,
    /// Events waiting
    pub depth: Gauge,
}

fn main() {
    let registry = Registry::new();
    let q = registry.register(QueueMetrics::new()).unwrap();
    q.received.inc_by(3);
    q.processed.inc();
    q.depth.set(2);
}
