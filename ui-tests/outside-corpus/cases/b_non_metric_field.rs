// expect: error
// mistake: non metric field (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
    /// Which service this is
    pub service_name: String,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
    println!("{}", m.service_name);
}
