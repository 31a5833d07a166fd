use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Pool {
    /// Connections
    __connections: Gauge,
}

fn main() {}
