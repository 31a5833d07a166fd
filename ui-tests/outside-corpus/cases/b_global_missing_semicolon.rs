// expect: error
// mistake: global missing semicolon (corpus B)
use metrics_runtime::{global, metrics_family, Counter};

#[metrics_family(prefix = "cache")]
pub struct CacheMetrics {
    /// Cache hits
    pub hits: Counter,
}

global! {
    /// The process's cache metrics.
    pub static CACHE: CacheMetrics
}

fn main() {
    CACHE.hits.inc();
}
