// expect: error
// mistake: prometheus client counter type (corpus B)
use metrics_runtime::prometheus_client::metrics::counter::Counter;
use metrics_runtime::{metrics_family, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
}
