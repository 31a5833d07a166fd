use metrics_runtime::{metrics_family, Counter, Format, Gauge, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
enum Shard {
    One,
    Two,
}

#[derive(Clone, Copy, Debug, LabelValue)]
enum Direction {
    In,
    Out,
}

#[metrics_family(prefix = "peer", const_labels(peer: String, shard: Shard))]
struct PeerMetrics {
    /// Messages by direction
    #[metric(labels(direction: Direction))]
    messages: Counter,
    /// Open streams
    streams: Gauge,
}

#[metrics_family(prefix = "tenant", const_labels(r#type: String))]
struct Tenant {
    /// Requests
    requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let a = registry
        .get_or_create::<PeerMetrics>(("a".to_owned(), Shard::One))
        .unwrap();
    let b = registry
        .register(PeerMetrics::new("b".to_owned(), Shard::Two))
        .unwrap();
    a.messages.inc(Direction::In);
    b.streams.set(3);
    registry
        .get_or_create::<Tenant>("t".to_owned())
        .unwrap()
        .requests
        .inc();
    let text = registry.encode(Format::Text).unwrap();
    let expected = "\
# HELP peer_messages_total Messages by direction.
# TYPE peer_messages_total counter
peer_messages_total{peer=\"a\",shard=\"one\",direction=\"in\"} 1
peer_messages_total{peer=\"a\",shard=\"one\",direction=\"out\"} 0
peer_messages_total{peer=\"b\",shard=\"two\",direction=\"in\"} 0
peer_messages_total{peer=\"b\",shard=\"two\",direction=\"out\"} 0
# HELP peer_streams Open streams.
# TYPE peer_streams gauge
peer_streams{peer=\"a\",shard=\"one\"} 0
peer_streams{peer=\"b\",shard=\"two\"} 3
# HELP tenant_requests_total Requests.
# TYPE tenant_requests_total counter
tenant_requests_total{type=\"t\"} 1
";
    assert_eq!(text, expected);
    // The same constant labels: the same instance.
    let again = registry
        .get_or_create::<PeerMetrics>(("a".to_owned(), Shard::One))
        .unwrap();
    assert_eq!(again.messages.get(Direction::In), 1);
    assert!(registry.remove::<PeerMetrics>(&("b".to_owned(), Shard::Two)));
    assert!(!registry.encode(Format::Text).unwrap().contains("peer=\"b\""));
}
