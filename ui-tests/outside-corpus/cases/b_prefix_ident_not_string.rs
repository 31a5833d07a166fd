// expect: error
// mistake: prefix ident not string (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = app)]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
}
