use metrics_runtime::{metrics_family, Counter, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family(prefix = "store")]
struct Store {
    /// Purges
    #[metric(labels(branch: Branch))]
    purges: Counter,
    /// Duration
    #[metric(unit = "Seconds")]
    duration: Histogram,
}

fn main() {
    // The struct, `new`, `Default` and the typed fields are still there:
    // the mistake above is the only error.
    let m = Store::default();
    m.purges.inc(Branch::Subgroup);
    m.duration.observe(0.5);
    let _ = Store::new();
}
