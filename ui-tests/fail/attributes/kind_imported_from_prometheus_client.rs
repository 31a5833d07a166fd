use metrics_runtime::metrics_family;
// prometheus-client's counter, under the name of ours: the macro cannot
// tell from the name, so the type check says it.
use metrics_runtime::prometheus_client::metrics::counter::Counter;
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Http {
    /// Requests served
    requests: Counter,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.requests.inc();
}
