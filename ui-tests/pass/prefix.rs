use metrics_runtime::{metrics_family, Counter, MetricFamily};

#[metrics_family(prefix = "network_event_channel")]
struct Channel {
    /// Events dropped
    dropped: Counter,
}

fn main() {
    let m = Channel::new();
    m.dropped.inc();
    assert_eq!(m.dropped.get(), 1);
    assert_eq!(Channel::descriptor().prefix, Some("network_event_channel"));
    assert_eq!(
        Channel::descriptor().metrics[0].exported_name(Channel::descriptor().prefix),
        "network_event_channel_dropped"
    );
}
