use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, Histogram, LabelValue, MetricFamily};

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
    // The struct, `new`, `Default`, `register`, `MetricFamily` and the
    // typed fields are still there: the mistake above is the only error.
    let m = Store::default();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    m.purges.inc(Branch::Subgroup);
    m.duration.observe(0.5);
    let _ = Store::new();
    assert_eq!(Store::descriptor().metrics.len(), 2);
    assert_eq!(Store::descriptor().metrics[0].labels[0].name, "branch");
    MetricFamily::register(&m, &mut registry).unwrap();
}
