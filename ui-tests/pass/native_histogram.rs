use metrics_runtime::{metrics_family, LabelValue, MetricFamily, MetricKind, NativeHistogram};

#[derive(Clone, Copy, LabelValue)]
enum Protocol {
    Snapshot,
    HashComparison,
}

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Duration, native buckets only, every key given
    #[metric(unit = "seconds", labels(protocol: Protocol), schema = -2, zero_threshold = 1e-9, max_buckets = 40)]
    duration: NativeHistogram,
    /// Round trips, the defaults
    round_trips: NativeHistogram,
    /// Entities, classic and native buckets
    #[metric(buckets = exponential(1, 4, 5), schema = 8)]
    entities: NativeHistogram,
}

fn main() {
    let m = Sync::new();
    m.duration.observe(Protocol::HashComparison, 0.3);
    m.round_trips.observe(2.0);
    m.entities.observe(100.0);
    let d = &Sync::descriptor().metrics;
    assert!(d.iter().all(|m| m.kind == MetricKind::NativeHistogram));
    assert_eq!(d[2].buckets, &[1.0, 4.0, 16.0, 64.0, 256.0]);
    let config = m.duration.with(Protocol::HashComparison).config();
    assert_eq!((config.schema(), config.zero_threshold(), config.max_buckets()), (-2, 1e-9, 40));
    assert_eq!(m.round_trips.get().schema, 3);
    assert_eq!(m.entities.get().buckets[4], (256.0, 1));
}
