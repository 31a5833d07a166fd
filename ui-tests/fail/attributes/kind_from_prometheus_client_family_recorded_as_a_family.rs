use metrics_runtime::metrics_family;
use metrics_runtime::prometheus_client::metrics::counter::Counter;
use metrics_runtime::prometheus_client::metrics::family::Family;

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    requests: Family<Vec<(String, String)>, Counter>,
}

fn main() {
    let m = Http::new();
    // Written for prometheus-client's `Family`: no error of its own.
    m.requests
        .get_or_create(&vec![("method".to_owned(), "get".to_owned())])
        .inc();
}
