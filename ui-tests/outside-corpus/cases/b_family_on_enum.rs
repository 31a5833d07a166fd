// expect: error
// mistake: family on enum (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "app")]
pub enum AppMetrics {
    /// Requests served
    Requests(Counter),
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    let _ = m;
}
