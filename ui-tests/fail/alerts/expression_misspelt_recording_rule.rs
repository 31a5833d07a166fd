use metrics_runtime::{metrics_family, Counter, Gauge};

#[metrics_family(
    prefix = "queue",
    record(
        name = "queue:unaccounted_events",
        expr = "queue_received_total - queue_depth",
    ),
    alert(
        name = "QueueAccountingMismatch",
        expr = "queue:unacounted_events != 0",
        severity = "warning",
        summary = "Queue accounting is off",
    ),
)]
struct Queue {
    /// Events received
    received: Counter,
    /// Events waiting
    depth: Gauge,
}

fn main() {
    let q = Queue::new();
    q.received.inc();
    q.depth.inc();
}
