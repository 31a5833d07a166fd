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
    // A histogram takes observations: `set` is a gauge's.
    m.latency.set(0.25);
}
