// expect: error
// mistake: info name ends info (corpus B)
use metrics_runtime::{metrics_family, Info, Registry};

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// Build information
    #[metric(labels(version: String, commit: String))]
    pub build_info: Info,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.build_info.set("1.4.2", "9f3e1c2");
}
