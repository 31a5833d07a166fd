use metrics_runtime::{metrics_family, FloatGauge, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Pool {
    Fast,
    Slow,
}

#[metrics_family(prefix = "workers")]
struct Workers {
    /// Load by pool
    #[metric(labels(pool: Pool))]
    load: FloatGauge,
}

fn main() {
    let m = Workers::new();
    m.load.set(Pool::Fast, 0.5);
    // A float gauge adds an `f64`: `1` is an integer.
    m.load.inc_by(Pool::Slow, 1);
    m.load.set(Pool::Slow, 2);
}
