use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family]
#[metric(prefix = "app")]
struct App {
    /// Requests served
    requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(App::new()).unwrap();
    metrics.requests.inc();
}
