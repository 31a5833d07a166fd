use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(max_buckets = 10)]
    duration: Counter,
}

fn main() {
    let m = Sync::new();
    m.duration.inc();
}
