use metrics_runtime::{metrics_family, Counter, Registry};
use std::sync::atomic::{AtomicU64, Ordering};

/// Application metrics.
#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served.
    pub requests: Counter,
    /// Not a metric: the service's name, kept beside its metrics.
    pub service_name: String,
    /// Not a metric: a count kept by hand.
    pub bytes: AtomicU64,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
    println!("{} {:?}", m.service_name, m.service_name.len());
    m.bytes.fetch_add(1, Ordering::Relaxed);
}
