use metrics_runtime::{metrics_family, Counter, NativeHistogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family(prefix = "store")]
struct Store {
    /// Responses by status code
    #[metric(labels(status: u16))]
    responses: Counter,
    /// Bytes read
    #[metric(unit = "bytes")]
    read_bytes: Counter,
    /// Request latency
    #[metric(unit = "seconds", exemplar(trace_id))]
    latency: NativeHistogram,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.responses.inc(200);
    metrics.read_bytes.inc_by(512);
    metrics.latency.observe(0.25);
}
