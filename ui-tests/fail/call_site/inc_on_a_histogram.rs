use metrics_runtime::{metrics_family, Histogram};

#[metrics_family(prefix = "http")]
struct Http {
    /// Request latency
    #[metric(unit = "seconds")]
    latency: Histogram,
}

fn main() {
    let m = Http::new();
    m.latency.observe(0.25);
    // A histogram takes observations: `inc` is a counter's.
    m.latency.inc();
}
