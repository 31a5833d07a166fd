// expect: error
// mistake: pc registry register family (corpus B)
use std::sync::Arc;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

fn main() {
    let mut registry = Registry::default();
    let m = Arc::new(AppMetrics::new());
    registry.register("app", "The app's metrics", m.clone());
    m.requests.inc();
}
