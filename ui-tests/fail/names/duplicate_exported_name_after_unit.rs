use metrics_runtime::{metrics_family, Gauge};

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Lag
    #[metric(unit = "seconds")]
    lag: Gauge,
    /// Lag, again
    lag_seconds: Gauge,
}

fn main() {}
