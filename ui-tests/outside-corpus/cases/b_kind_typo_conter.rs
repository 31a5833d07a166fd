// expect: error
// mistake: kind typo conter (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Conter,
    /// Errors
    pub errors: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
    m.errors.inc();
}
