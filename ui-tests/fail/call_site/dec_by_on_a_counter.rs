use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefix = "pool")]
struct Pool {
    /// Connections opened
    opened: Counter,
}

fn main() {
    let m = Pool::new();
    m.opened.inc();
    // A counter only goes up: `dec_by` is a gauge's.
    m.opened.dec_by(2);
}
