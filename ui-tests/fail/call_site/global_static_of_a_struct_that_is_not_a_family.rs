use metrics_runtime::global;

pub struct CacheMetrics {
    pub hits: u64,
}

global! {
    /// The process's cache metrics.
    pub static CACHE: CacheMetrics;
}

fn main() {
    let _hits = CACHE.hits;
}
