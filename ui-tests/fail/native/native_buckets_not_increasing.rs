use metrics_runtime::{metrics_family, NativeHistogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = [1, 0.5])]
    duration: NativeHistogram,
}

fn main() {
    let m = Sync::new();
    m.duration.observe(0.5);
}
