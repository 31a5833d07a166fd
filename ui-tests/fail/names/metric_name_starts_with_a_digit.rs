use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Http {
    /// Server errors
    #[metric(name = "5xx_responses")]
    server_errors: Counter,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.server_errors.inc();
}
