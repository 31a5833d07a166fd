// expect: error
// mistake: generic struct (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "cache")]
pub struct CacheMetrics<K> {
    /// Cache hits
    pub hits: Counter,
    marker: std::marker::PhantomData<K>,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(CacheMetrics::<u64>::new()).unwrap();
    m.hits.inc();
}
