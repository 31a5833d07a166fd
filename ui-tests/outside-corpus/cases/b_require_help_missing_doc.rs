// expect: error
// mistake: require help missing doc (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "app", require_help)]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
    pub errors: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
    m.errors.inc();
}
