use metrics_runtime::{global, metrics_family, Counter};

/// Cache.
#[metrics_family(prefix = "cache")]
pub struct CacheMetrics {
    /// Hits.
    pub hits: Counter,
}

/// Db.
#[metrics_family(prefix = "db")]
pub struct DbMetrics {
    /// Queries.
    pub queries: Counter,
}

/// Net.
#[metrics_family(prefix = "net")]
pub struct NetMetrics {
    /// Sent.
    pub sent: Counter,
}

global! {
    /// The cache's.
    pub static CACHE: CacheMetrics;
    pub static mut DB: DbMetrics;
    pub static NET: NetMetrics;
}

fn main() {
    CACHE.hits.inc();
    DB.queries.inc();
    NET.sent.inc();
}
