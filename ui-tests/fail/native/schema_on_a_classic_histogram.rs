use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(schema = 3)]
    duration: Histogram,
}

fn main() {
    let m = Sync::new();
    m.duration.observe(0.5);
}
