// expect: error
// mistake: use after register move (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = AppMetrics::new();
    registry.register(m).unwrap();
    m.requests.inc();
}
