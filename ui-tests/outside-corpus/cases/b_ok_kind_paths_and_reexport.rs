// expect: ok
// mistake: none, an unusual but correct use: kind paths and reexport (corpus B)
mod kinds {
    pub use metrics_runtime::Histogram;
}

use metrics_runtime::{metrics_family, Registry};

#[metrics_family(prefix = "svc")]
pub struct SvcMetrics {
    /// Requests served
    pub requests: metrics_runtime::Counter,
    /// Workers busy
    pub busy: ::metrics_runtime::Gauge,
    /// Request latency
    #[metric(unit = "seconds")]
    pub latency: kinds::Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(SvcMetrics::new()).unwrap();
    m.requests.inc();
    m.busy.set(2);
    m.latency.observe(0.1);
}
