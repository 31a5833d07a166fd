// expect: error
// mistake: info set wrong count (corpus B)
use metrics_runtime::{metrics_family, Info, Registry};

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// Build information
    #[metric(labels(version: String, commit: String))]
    pub build: Info,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.build.set("1.4.2");
}
