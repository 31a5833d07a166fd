use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Pool {
    /// Connections
    #[metric(name = "")]
    connections: Gauge,
}

fn main() {}
