use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Pool {
    /// Open connections
    #[metric(exemplar(trace_id))]
    connections: Gauge,
}

fn main() {
    let m = Pool::new();
    m.connections.set(3);
}
