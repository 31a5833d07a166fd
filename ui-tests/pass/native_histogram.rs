use metrics_runtime::{metrics_family, Histogram, LabelValue, MetricFamily, MetricKind, NativeConfig, NativeHistogram};

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
    /// The coarsest: the lowest schema and one bucket
    #[metric(schema = -4, max_buckets = 1)]
    coarse: NativeHistogram,
    /// The finest: the highest schema and the most buckets
    #[metric(schema = 8, max_buckets = 1000)]
    fine: NativeHistogram,
}

#[metrics_family(prefix = "store")]
struct Store {
    /// Batch sizes, from an empty batch on: 0 is a bound
    #[metric(buckets = [0, 1, 10])]
    batch: Histogram,
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
    // Without keys, the runtime's defaults.
    let config = m.round_trips.with().config();
    let default = NativeConfig::DEFAULT;
    assert_eq!(
        (config.schema(), config.zero_threshold(), config.max_buckets()),
        (default.schema(), default.zero_threshold(), default.max_buckets())
    );
    assert_eq!(default.max_buckets(), 160);
    // The extremes of each key are accepted.
    let coarse = m.coarse.with().config();
    assert_eq!((coarse.schema(), coarse.max_buckets()), (-4, 1));
    let fine = m.fine.with().config();
    assert_eq!((fine.schema(), fine.max_buckets()), (8, 1000));
    m.coarse.observe(1.0);
    m.coarse.observe(1e9); // a second bucket: past max_buckets, still counted
    assert_eq!(m.coarse.get().count, 2);
    let store = Store::new();
    store.batch.observe(0.0);
    assert_eq!(store.batch.get().buckets[0], (0.0, 1));
    assert_eq!(m.entities.get().buckets[4], (256.0, 1));
}
