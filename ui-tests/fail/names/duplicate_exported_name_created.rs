use metrics_runtime::{metrics_family, Counter, Gauge};

#[metrics_family]
struct Jobs {
    /// Jobs started
    started: Counter,
    /// When the first job started, as a Unix time
    started_created: Gauge,
}

fn main() {}
