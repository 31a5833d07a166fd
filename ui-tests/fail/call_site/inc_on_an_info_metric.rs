use metrics_runtime::{metrics_family, Info, Registry};

/// Node metrics.
#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// Build information.
    #[metric(labels(version: String))]
    pub build: Info,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.build.inc("1.4.2");
}
