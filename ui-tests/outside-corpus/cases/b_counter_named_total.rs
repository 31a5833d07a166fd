// expect: error
// mistake: counter named total (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "channel")]
pub struct ChannelMetrics {
    /// Events dropped because the channel was full
    pub dropped_total: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(ChannelMetrics::new()).unwrap();
    m.dropped_total.inc();
}
