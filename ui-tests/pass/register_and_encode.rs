use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, metrics_family, Counter, Format, Gauge, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family(prefix = "store")]
struct Store {
    /// Purges by branch.
    #[metric(labels(branch: Branch))]
    purges: Counter,
    /// Bytes held
    #[metric(unit = "bytes")]
    size: Gauge,
    /// Purge duration
    #[metric(unit = "seconds", buckets = [0.5, 1])]
    duration: Histogram,
}

fn main() {
    let m = Store::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    m.purges.inc(Branch::Subgroup);
    m.size.set(10);
    m.duration.observe(0.75);
    let text = encode(&registry, Format::Text).unwrap();
    let expected = "\
# HELP store_purges_total Purges by branch.
# TYPE store_purges_total counter
store_purges_total{branch=\"namespace\"} 0
store_purges_total{branch=\"subgroup\"} 1
# HELP store_size_bytes Bytes held.
# TYPE store_size_bytes gauge
store_size_bytes 10
# HELP store_duration_seconds Purge duration.
# TYPE store_duration_seconds histogram
store_duration_seconds_bucket{le=\"0.5\"} 0
store_duration_seconds_bucket{le=\"1\"} 1
store_duration_seconds_bucket{le=\"+Inf\"} 1
store_duration_seconds_sum 0.75
store_duration_seconds_count 1
";
    assert_eq!(text, expected);
    // The same names again are refused.
    assert!(Store::default().register(&mut registry).is_err());
}
