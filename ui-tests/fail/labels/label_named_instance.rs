use metrics_runtime::{metrics_family, Gauge, Registry};

#[metrics_family(prefix = "pool")]
struct Pool {
    /// Open connections
    #[metric(labels(instance: String))]
    size: Gauge,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Pool::new()).unwrap();
    metrics.size.set("db-1", 4);
}
