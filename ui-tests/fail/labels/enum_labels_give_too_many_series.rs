use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

// 17 values: four such labels give 83,521 series, each created at zero.
#[derive(Clone, Copy, LabelValue)]
enum Shard {
    S00, S01, S02, S03, S04, S05, S06, S07, S08, S09, S10, S11, S12, S13, S14, S15, S16,
}

#[metrics_family(prefix = "store")]
struct Store {
    /// Writes, by the shards they touched
    #[metric(labels(first: Shard, second: Shard, third: Shard, fourth: Shard))]
    writes: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Store::new()).unwrap();
    metrics.writes.inc(Shard::S00, Shard::S01, Shard::S02, Shard::S16);
}
