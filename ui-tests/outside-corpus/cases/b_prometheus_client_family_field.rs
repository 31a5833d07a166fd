// expect: error
// mistake: prometheus client family field (corpus B)
use metrics_runtime::prometheus_client::metrics::counter::Counter;
use metrics_runtime::prometheus_client::metrics::family::Family;
use metrics_runtime::{metrics_family, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    pub requests: Family<Vec<(String, String)>, Counter>,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests
        .get_or_create(&vec![("method".to_owned(), "get".to_owned())])
        .inc();
}
