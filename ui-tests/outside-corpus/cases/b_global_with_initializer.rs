// expect: error
// mistake: global with initializer (corpus B)
use metrics_runtime::{global, metrics_family, Counter};

#[metrics_family(prefix = "cache")]
pub struct CacheMetrics {
    /// Cache hits
    pub hits: Counter,
}

global! {
    /// The process's cache metrics.
    pub static CACHE: CacheMetrics = CacheMetrics::new();
}

fn main() {
    CACHE.hits.inc();
}
