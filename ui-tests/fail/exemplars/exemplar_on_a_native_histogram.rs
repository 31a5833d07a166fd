use metrics_runtime::{metrics_family, NativeHistogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(unit = "seconds", exemplar(trace_id))]
    duration: NativeHistogram,
}

fn main() {
    let m = Sync::new();
    m.duration.observe(0.5);
}
