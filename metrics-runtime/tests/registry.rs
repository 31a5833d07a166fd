//! `metrics_runtime::Registry`: one table of names for everything in it,
//! whether or not it has series; instances told apart by constant labels;
//! get-or-create under races; removal; collectors and prometheus-client
//! registries held inside; and the registry registered into a
//! prometheus-client one.

use std::sync::{Arc, Barrier};

use metrics_runtime::prometheus_client::collector::Collector;
use metrics_runtime::prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use metrics_runtime::prometheus_client::metrics::counter::{ConstCounter, Counter as PcCounter};
use metrics_runtime::prometheus_client::metrics::family::Family as PcFamily;
use metrics_runtime::prometheus_client::metrics::gauge::Gauge as PcGauge;
use metrics_runtime::prometheus_client::metrics::histogram::Histogram as PcHistogram;
use metrics_runtime::prometheus_client::metrics::info::Info as PcInfo;
use metrics_runtime::prometheus_client::registry::{Registry as PcRegistry, Unit};
use metrics_runtime::{
    encode, metrics_family, Counter, Format, Gauge, Histogram, LabelValue, RegisterError, Registry,
};

mod common;

type Labels = Vec<(String, String)>;

#[metrics_family(prefix = "app")]
struct App {
    /// Requests served
    requests: Counter,
    /// Request latency
    #[metric(unit = "seconds", buckets = [0.1, 1])]
    latency: Histogram,
}

fn text(registry: &Registry) -> String {
    registry.encode(Format::Text).unwrap()
}

fn taken(by: &str, name: &str, owner: &str) -> RegisterError {
    RegisterError::Taken {
        by: by.into(),
        name: name.into(),
        owner: owner.into(),
    }
}

#[test]
fn a_hand_written_family_with_no_series_then_a_family_of_the_same_name() {
    let registry = Registry::new();
    let requests = PcFamily::<Labels, PcCounter>::default();
    registry
        .register_metric("app_requests", "By hand", None, requests.clone())
        .unwrap();
    let before = text(&registry);
    assert_eq!(before, "", "a family with no series writes nothing");

    let err = registry.register(App::new()).err().unwrap();
    assert_eq!(
        err,
        taken(
            "`App::requests`",
            "app_requests_total",
            "the hand-written counter `app_requests`"
        )
    );
    assert_eq!(
        err.to_string(),
        "`App::requests` exports `app_requests_total`, which the hand-written counter `app_requests` already in this registry exports"
    );
    // Nothing of the family was registered: not `requests`, and not
    // `latency`, whose names were free.
    requests
        .get_or_create(&vec![("path".into(), "/".into())])
        .inc();
    let after = text(&registry);
    assert_eq!(after.matches("# TYPE").count(), 1, "{after}");
    assert!(!after.contains("app_latency"), "{after}");
    assert!(registry.get::<App>(&()).is_none());
    // And its names stay free for the family once the clash is gone.
    let other = Registry::new();
    other.register(App::new()).unwrap();
}

#[test]
fn a_family_then_a_hand_written_metric_of_the_same_name() {
    let registry = Registry::new();
    let app = registry.register(App::new()).unwrap();
    app.requests.inc();
    let before = text(&registry);
    for (name, unit, metric, err) in [
        (
            "app_requests",
            None,
            Box::new(PcFamily::<Labels, PcCounter>::default()) as Box<dyn std::any::Any>,
            taken(
                "the hand-written counter `app_requests`",
                "app_requests_total",
                "`App::requests`",
            ),
        ),
        (
            "app_requests_total",
            None,
            Box::new(PcGauge::<i64>::default()),
            taken(
                "the hand-written gauge `app_requests_total`",
                "app_requests_total",
                "`App::requests`",
            ),
        ),
        (
            "app_latency",
            Some(Unit::Seconds),
            Box::new(PcGauge::<i64>::default()),
            taken(
                "the hand-written gauge `app_latency_seconds`",
                "app_latency_seconds",
                "`App::latency`",
            ),
        ),
        (
            "app_latency_seconds_count",
            None,
            Box::new(PcGauge::<i64>::default()),
            taken(
                "the hand-written gauge `app_latency_seconds_count`",
                "app_latency_seconds_count",
                "`App::latency`",
            ),
        ),
        // The counter's `_created`, which OpenMetrics may write.
        (
            "app_requests_created",
            None,
            Box::new(PcGauge::<i64>::default()),
            taken(
                "the hand-written gauge `app_requests_created`",
                "app_requests_created",
                "`App::requests`",
            ),
        ),
    ] {
        let result = if let Some(family) = metric.downcast_ref::<PcFamily<Labels, PcCounter>>() {
            registry.register_metric(name, "By hand", unit, family.clone())
        } else {
            let gauge = metric.downcast_ref::<PcGauge<i64>>().unwrap();
            registry.register_metric(name, "By hand", unit, gauge.clone())
        };
        assert_eq!(result, Err(err));
    }
    assert_eq!(text(&registry), before, "nothing was registered");
}

#[test]
fn hand_written_metrics_are_checked_by_their_true_names() {
    let registry = Registry::new();
    registry
        .register_metric("build", "Build", None, PcInfo::new(vec![("v", "1")]))
        .unwrap();
    // An info metric `build` takes `build` and `build_info`.
    let err = registry
        .register_metric("build_info", "Other", None, PcGauge::<i64>::default())
        .unwrap_err();
    assert_eq!(
        err,
        taken(
            "the hand-written gauge `build_info`",
            "build_info",
            "the hand-written info `build`"
        )
    );
    let histogram = PcHistogram::new([1.0]);
    registry
        .register_metric("rpc", "RPCs", Some(Unit::Seconds), histogram)
        .unwrap();
    for name in ["rpc_seconds", "rpc_seconds_sum", "rpc_seconds_bucket"] {
        assert!(registry
            .register_metric(name, "x", None, PcGauge::<i64>::default())
            .is_err());
    }
    // Names prometheus-client would write wrong are refused too.
    assert_eq!(
        registry.register_metric("sent_total", "x", None, PcCounter::<u64>::default()),
        Err(RegisterError::Invalid {
            name: "sent_total".into(),
            reason:
                "prometheus-client appends `_total` to a counter's samples; register it as `sent`"
                    .into()
        })
    );
    assert_eq!(
        registry.register_metric("uptime_seconds", "x", Some(Unit::Seconds), PcGauge::<i64>::default()),
        Err(RegisterError::Invalid {
            name: "uptime_seconds_seconds".into(),
            reason: "the unit is appended to the name, which already ends in `_seconds`; register it as `uptime`".into()
        })
    );
    assert!(matches!(
        registry.register_metric("bad-name", "x", None, PcGauge::<i64>::default()),
        Err(RegisterError::Invalid { .. })
    ));
    let out = registry.encode(Format::OpenMetrics).unwrap();
    assert!(common::parse(&out, true).is_ok(), "{out}");
}

#[test]
fn two_families_of_one_name_are_refused_and_the_first_stays() {
    #[metrics_family]
    struct A {
        /// A's requests
        app_requests: Gauge,
    }
    let registry = Registry::new();
    registry.register(App::new()).unwrap();
    let err = registry.get_or_create::<A>(()).err().unwrap();
    assert_eq!(
        err.to_string(),
        "`A::app_requests` exports `app_requests`, which `App::requests` already in this registry exports"
    );
    assert!(registry.get::<A>(&()).is_none());
}

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Shard {
    One,
    Two,
}

#[derive(Clone, Copy, Debug, LabelValue)]
enum Direction {
    In,
    Out,
}

/// Per peer and shard.
#[metrics_family(prefix = "peer", const_labels(peer: String, shard: Shard))]
struct PeerMetrics {
    /// Messages by direction
    #[metric(labels(direction: Direction))]
    messages: Counter,
    /// Round-trip time
    #[metric(unit = "seconds", buckets = [0.01, 0.1])]
    rtt: Histogram,
    /// Bytes per topic
    #[metric(labels(topic: String), max_series = 2)]
    topic_bytes: Counter,
    /// Open streams
    streams: Gauge,
}

fn peer(name: &str, shard: Shard) -> (String, Shard) {
    (name.to_owned(), shard)
}

#[test]
fn two_instances_export_both_series_sets_under_one_header_per_name() {
    let registry = Registry::new();
    let a = registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap();
    let b = registry
        .register(PeerMetrics::new("b\"\n\\".to_owned(), Shard::Two))
        .unwrap();
    a.messages.inc_by(Direction::In, 3);
    b.messages.inc(Direction::Out);
    a.rtt.observe(0.05);
    b.rtt.observe(0.5);
    a.topic_bytes.inc_by("blocks", 10);
    b.topic_bytes.inc_by("txs", 20);
    for topic in ["x", "y", "z"] {
        b.topic_bytes.inc(topic);
    }
    b.streams.set(2);

    let om = registry.encode(Format::OpenMetrics).unwrap();
    let parsed = common::parse(&om, true).unwrap();
    let families: Vec<&str> = parsed.types.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        families,
        [
            "peer_messages",
            "peer_rtt_seconds",
            "peer_topic_bytes",
            "peer_topic_bytes_overflow",
            "peer_streams"
        ],
        "{om}"
    );
    let a_labels = [("peer", "a"), ("shard", "one")];
    let b_labels = [("peer", "b\"\n\\"), ("shard", "two")];
    let with = |base: &[(&'static str, &'static str)], more: &[(&'static str, &'static str)]| {
        base.iter().chain(more).copied().collect::<Vec<_>>()
    };
    assert_eq!(
        parsed.value(
            "peer_messages_total",
            &with(&a_labels, &[("direction", "in")])
        ),
        3.0
    );
    assert_eq!(
        parsed.value(
            "peer_messages_total",
            &with(&a_labels, &[("direction", "out")])
        ),
        0.0
    );
    assert_eq!(
        parsed.value(
            "peer_messages_total",
            &with(&b_labels, &[("direction", "out")])
        ),
        1.0
    );
    assert_eq!(parsed.value("peer_rtt_seconds_count", &a_labels), 1.0);
    assert_eq!(
        parsed.value(
            "peer_rtt_seconds_bucket",
            &with(&b_labels, &[("le", "+Inf")])
        ),
        1.0
    );
    assert_eq!(
        parsed.value(
            "peer_topic_bytes_total",
            &with(&a_labels, &[("topic", "blocks")])
        ),
        10.0
    );
    assert_eq!(
        parsed.value("peer_topic_bytes_overflow_total", &a_labels),
        0.0
    );
    // `txs` and `x` fill b's bound of 2; `y` and `z` fold.
    assert_eq!(
        parsed.value("peer_topic_bytes_overflow_total", &b_labels),
        2.0
    );
    assert_eq!(
        parsed.value(
            "peer_topic_bytes_total",
            &with(&b_labels, &[("topic", "__overflow__")])
        ),
        2.0
    );
    assert_eq!(parsed.value("peer_streams", &b_labels), 2.0);
    assert_eq!(parsed.value("peer_streams", &a_labels), 0.0);
    // Constant labels come first on every sample.
    assert!(om.contains("peer_messages_total{peer=\"a\",shard=\"one\",direction=\"in\"} 3\n"));
    assert!(common::check_histograms(&parsed).unwrap() == 2);

    let text = registry.encode(Format::Text).unwrap();
    let parsed_text = common::parse(&text, false).unwrap();
    assert_eq!(parsed_text.samples.len(), parsed.samples.len());

    const SCRIPT: &str = r#"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
n = 0
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        n += 1
print(n)
"#;
    if let Some((ok, out)) = common::external::python_openmetrics(SCRIPT, &om) {
        assert!(ok, "rejected: {out}\n{om}");
        assert_eq!(out.trim(), parsed.samples.len().to_string(), "{out}");
    }
    if let Some((ok, out)) = common::external::promtool(&text) {
        assert!(ok, "promtool: {out}\n{text}");
    }
}

#[test]
fn the_same_constant_labels_are_the_same_instance() {
    let registry = Registry::new();
    let first = registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap();
    first.streams.inc();
    let again = registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap();
    assert!(Arc::ptr_eq(&first, &again));
    again.streams.inc();
    assert_eq!(first.streams.get(), 2);
    let other = registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::Two))
        .unwrap();
    assert!(!Arc::ptr_eq(&first, &other));
    assert!(Arc::ptr_eq(
        &registry.get::<PeerMetrics>(&peer("a", Shard::One)).unwrap(),
        &first
    ));
    // Registering another copy with the same labels is refused.
    let err = registry
        .register(PeerMetrics::new("a".into(), Shard::One))
        .err()
        .unwrap();
    assert_eq!(
        err,
        RegisterError::Instance {
            family: "PeerMetrics".into(),
            labels: "peer=\"a\",shard=\"one\"".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "`PeerMetrics` already has an instance with constant labels {peer=\"a\",shard=\"one\"} in this registry; get it with `Registry::get_or_create`"
    );
    assert_eq!(
        text(&registry).matches("peer_streams{").count(),
        2,
        "{}",
        text(&registry)
    );
}

#[test]
fn eight_threads_racing_get_or_create_share_one_instance_and_exact_totals() {
    const THREADS: usize = 8;
    const PER_THREAD: u64 = 10_000;
    for round in 0..20 {
        let registry = Registry::new();
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                let registry = registry.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    let metrics = registry
                        .get_or_create::<PeerMetrics>(peer("racer", Shard::One))
                        .unwrap();
                    for _ in 0..PER_THREAD {
                        metrics.messages.inc(Direction::In);
                    }
                    metrics
                })
            })
            .collect();
        let instances: Vec<Arc<PeerMetrics>> =
            handles.into_iter().map(|h| h.join().unwrap()).collect();
        for instance in &instances {
            assert!(Arc::ptr_eq(instance, &instances[0]), "round {round}");
        }
        let total = THREADS as u64 * PER_THREAD;
        assert_eq!(instances[0].messages.get(Direction::In), total);
        let parsed = common::parse(&text(&registry), false).unwrap();
        let samples: Vec<_> = parsed.named("peer_messages_total").collect();
        assert_eq!(
            samples.len(),
            2,
            "one instance, two directions: {samples:?}"
        );
        assert_eq!(
            parsed.value(
                "peer_messages_total",
                &[("peer", "racer"), ("shard", "one"), ("direction", "in")]
            ),
            total as f64
        );
    }
}

#[test]
fn removing_an_instance_takes_its_series_out_of_the_next_scrape() {
    let registry = Registry::new();
    let a = registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap();
    registry
        .get_or_create::<PeerMetrics>(peer("b", Shard::One))
        .unwrap();
    a.messages.inc(Direction::In);
    assert!(text(&registry).contains("peer=\"a\""));
    assert!(registry.remove::<PeerMetrics>(&peer("a", Shard::One)));
    assert!(!registry.remove::<PeerMetrics>(&peer("a", Shard::One)));
    let after = text(&registry);
    assert!(!after.contains("peer=\"a\""), "{after}");
    assert!(after.contains("peer=\"b\""), "{after}");
    // The handle kept records into series no longer exported.
    a.messages.inc(Direction::In);
    assert_eq!(a.messages.get(Direction::In), 2);
    // The family keeps its names, and a new instance starts at zero.
    let again = registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap();
    assert_eq!(again.messages.get(Direction::In), 0);
    assert!(registry
        .register_metric("peer_streams", "x", None, PcGauge::<i64>::default())
        .is_err());
    // No instance left: nothing written, names still the family's.
    registry.remove::<PeerMetrics>(&peer("a", Shard::One));
    registry.remove::<PeerMetrics>(&peer("b", Shard::One));
    assert_eq!(text(&registry), "");
    assert_eq!(registry.encode(Format::OpenMetrics).unwrap(), "# EOF\n");
    assert!(registry
        .register_metric("peer_streams", "x", None, PcGauge::<i64>::default())
        .is_err());
}

#[test]
fn a_family_in_our_registry_writes_what_the_plain_path_writes() {
    let ours = Registry::new();
    let app = ours.register(App::new()).unwrap();
    app.requests.inc();
    app.latency.observe(0.5);
    let plain = App::new();
    let mut theirs = PcRegistry::default();
    plain.register(&mut theirs).unwrap();
    plain.requests.inc();
    plain.latency.observe(0.5);
    for format in [Format::Text, Format::OpenMetrics] {
        assert_eq!(
            ours.encode(format).unwrap(),
            encode(&theirs, format).unwrap()
        );
    }
}

#[test]
fn registered_into_a_prometheus_client_registry_as_a_collector() {
    let ours = Registry::new();
    ours.get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap()
        .streams
        .set(1);
    let hand = PcCounter::<u64>::default();
    ours.register_metric("dials", "Dials", None, hand.clone())
        .unwrap();
    hand.inc();
    let mut theirs = PcRegistry::default();
    let gauge = PcGauge::<i64>::default();
    theirs.register("theirs", "Theirs", gauge.clone());
    theirs.register_collector(Box::new(ours.clone()));
    for format in [Format::Text, Format::OpenMetrics] {
        let out = encode(&theirs, format).unwrap();
        let own = ours.encode(format).unwrap();
        let own = own.strip_suffix("# EOF\n").unwrap_or(&own);
        assert!(out.contains(own), "{out}");
        assert!(out.starts_with("# HELP theirs"), "{out}");
        common::parse(&out, format == Format::OpenMetrics).unwrap();
    }
    // Added later: seen by the next scrape of the outer registry.
    ours.get_or_create::<PeerMetrics>(peer("b", Shard::Two))
        .unwrap();
    assert!(encode(&theirs, Format::Text)
        .unwrap()
        .contains("peer=\"b\""));

    // A collector or a prometheus-client registry inside ours cannot be
    // written through a prometheus-client collector: the scrape fails
    // rather than leave them out unseen.
    ours.register_sub_registry("lib", |r| {
        r.register("lib_x", "X", PcGauge::<i64>::default())
    })
    .unwrap();
    assert!(encode(&theirs, Format::Text).is_err());
}

#[derive(Debug)]
struct Boots(u64);

impl Collector for Boots {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let boots = ConstCounter::new(self.0);
        boots.encode(encoder.encode_descriptor("boots", "Boots", None, boots.metric_type())?)
    }
}

#[test]
fn collectors_are_checked_by_what_they_write() {
    #[metrics_family]
    struct Boot {
        /// Boots, again
        boots: Counter,
    }
    let registry = Registry::new();
    registry.register_collector(Boots(3)).unwrap();
    let err = registry.register(Boot::new()).err().unwrap();
    assert_eq!(
        err.to_string(),
        "`Boot::boots` exports `boots_total`, which the collector `registry::Boots` already in this registry exports"
    );
    // In the other order, the collector is refused.
    let other = Registry::new();
    other.register(Boot::new()).unwrap();
    assert_eq!(
        other.register_collector(Boots(3)),
        Err(taken(
            "the collector `registry::Boots`",
            "boots_total",
            "`Boot::boots`"
        ))
    );
    let out = registry.encode(Format::OpenMetrics).unwrap();
    let parsed = common::parse(&out, true).unwrap();
    assert_eq!(parsed.value("boots_total", &[]), 3.0);
    assert_eq!(
        parsed.value("metrics_runtime_left_out_families_total", &[]),
        0.0
    );
}

/// What a library that takes `&mut prometheus_client::registry::Registry`
/// does: a prefixed sub-registry, and families with no series yet.
struct Library {
    dials: PcFamily<Labels, PcCounter>,
    peers: PcGauge<i64>,
}

fn library(registry: &mut PcRegistry) -> Library {
    let sub = registry.sub_registry_with_prefix("lib");
    let dials = PcFamily::default();
    sub.register("dials", "Dials", dials.clone());
    let peers = PcGauge::default();
    sub.register("peers", "Peers", peers.clone());
    Library { dials, peers }
}

#[test]
fn a_prometheus_client_registry_inside_is_checked_at_registration_and_at_each_scrape() {
    #[metrics_family(prefix = "lib")]
    struct Peers {
        /// Peers, as we count them
        peers: Gauge,
    }
    #[metrics_family(prefix = "lib")]
    struct Dials {
        /// Dials, as we count them
        dials: Counter,
    }

    // What the library writes at registration is checked then, both ways.
    let registry = Registry::new();
    registry.register(Peers::new()).unwrap();
    let err = registry
        .register_sub_registry("lib", library)
        .err()
        .unwrap();
    assert_eq!(
        err,
        taken(
            "the prometheus-client registry `lib`",
            "lib_peers",
            "`Peers::peers`"
        )
    );
    assert_eq!(
        text(&registry),
        "# HELP lib_peers Peers, as we count them.\n# TYPE lib_peers gauge\nlib_peers 0\n"
    );

    let registry = Registry::new();
    let lib = registry.register_sub_registry("lib", library).unwrap();
    assert_eq!(
        registry.register(Peers::new()).err().unwrap().to_string(),
        "`Peers::peers` exports `lib_peers`, which the prometheus-client registry `lib` already in this registry exports"
    );
    // `lib_dials` has no series, so the library's registry writes nothing
    // for it: the family gets the name.
    let dials = registry.register(Dials::new()).unwrap();
    dials.dials.inc();
    lib.peers.set(7);
    let before = registry.encode(Format::OpenMetrics).unwrap();
    common::parse(&before, true).unwrap();
    assert!(
        before.contains("metrics_runtime_left_out_families_total 0\n"),
        "{before}"
    );
    // Once the library's family has a series, every scrape leaves it out,
    // counted, and the exposition stays valid.
    lib.dials
        .get_or_create(&vec![("peer".into(), "a".into())])
        .inc_by(5);
    for (scrape, format) in [Format::OpenMetrics, Format::Text, Format::OpenMetrics]
        .into_iter()
        .enumerate()
    {
        let out = registry.encode(format).unwrap();
        let parsed = common::parse(&out, format == Format::OpenMetrics).unwrap();
        assert_eq!(parsed.value("lib_dials_total", &[]), 1.0, "{out}");
        assert_eq!(parsed.named("lib_dials_total").count(), 1, "{out}");
        assert_eq!(parsed.value("lib_peers", &[]), 7.0);
        assert_eq!(
            parsed.value("metrics_runtime_left_out_families_total", &[]),
            (scrape + 1) as f64
        );
        if format == Format::OpenMetrics {
            if let Some((ok, out)) = common::external::python_openmetrics(
                "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families\nlist(text_string_to_metric_families(sys.stdin.read()))",
                &out,
            ) {
                assert!(ok, "{out}");
            }
        } else if let Some((ok, report)) = common::external::promtool(&out) {
            assert!(ok, "{report}\n{out}");
        }
    }
}

#[test]
fn a_prometheus_client_registry_that_writes_a_name_twice_is_written_once() {
    let registry = Registry::new();
    registry
        .register_sub_registry("twice", |r| {
            r.register("dup", "First", PcGauge::<i64>::default());
            r.register("dup", "Second", PcGauge::<i64>::default());
        })
        .unwrap();
    let out = registry.encode(Format::OpenMetrics).unwrap();
    common::parse(&out, true).unwrap();
    assert_eq!(out.matches("# TYPE dup gauge").count(), 1, "{out}");
    assert!(out.contains("metrics_runtime_left_out_families_total 1\n"));
}

#[test]
fn the_left_out_counter_takes_its_name_too() {
    let registry = Registry::new();
    registry
        .register_metric(
            "metrics_runtime_left_out_families",
            "Mine",
            None,
            PcCounter::<u64>::default(),
        )
        .unwrap();
    assert_eq!(
        registry.register_collector(Boots(1)),
        Err(taken(
            "the registry's own counter of left-out families",
            "metrics_runtime_left_out_families_total",
            "the hand-written counter `metrics_runtime_left_out_families`"
        ))
    );
}

#[test]
fn instances_are_written_in_the_order_of_their_constant_labels() {
    let registry = Registry::new();
    for name in ["c", "a", "b"] {
        registry
            .get_or_create::<PeerMetrics>(peer(name, Shard::Two))
            .unwrap();
    }
    registry
        .get_or_create::<PeerMetrics>(peer("a", Shard::One))
        .unwrap();
    let parsed = common::parse(&text(&registry), false).unwrap();
    let order: Vec<(&str, &str)> = parsed
        .named("peer_streams")
        .map(|s| (s.label("peer").unwrap(), s.label("shard").unwrap()))
        .collect();
    assert_eq!(
        order,
        [("a", "one"), ("a", "two"), ("b", "two"), ("c", "two")]
    );
}

/// The README's limit: a hand-written metric's label names are written as
/// it encodes them, not checked (known only once it has a series).
#[test]
fn a_hand_written_family_s_label_names_are_written_as_given() {
    let registry = Registry::new();
    let by_hand = PcFamily::<Labels, PcCounter>::default();
    registry
        .register_metric("jobs", "Jobs", None, by_hand.clone())
        .unwrap();
    by_hand
        .get_or_create(&vec![("bad-name".to_owned(), "x".to_owned())])
        .inc();
    assert!(
        text(&registry).contains("jobs_total{bad-name=\"x\"} 1\n"),
        "{}",
        text(&registry)
    );
}

/// The left-out counter a first prometheus-client registry brings is a
/// name like any other: a registry writing it is refused, and nothing is
/// exported twice.
#[test]
fn a_sub_registry_writing_the_left_out_counter_s_name_is_refused() {
    let registry = Registry::new();
    let err = registry
        .register_sub_registry("lib", |r| {
            let c = PcCounter::<u64>::default();
            c.inc();
            r.register("metrics_runtime_left_out_families", "Mine", c);
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the prometheus-client registry `lib` exports `metrics_runtime_left_out_families`, which the registry's own counter of left-out families already in this registry exports"
    );
    assert_eq!(text(&registry), "", "nothing was registered");
}

/// A registry given to itself as a collector would make every scrape of it
/// fail: refused, and it scrapes as before.
#[test]
fn a_registry_is_not_its_own_collector() {
    let registry = Registry::new();
    registry.register(App::new()).unwrap();
    assert_eq!(
        registry.register_collector(registry.clone()),
        Err(RegisterError::Itself)
    );
    assert!(registry
        .encode(Format::Text)
        .unwrap()
        .contains("app_requests_total 0\n"));
    // Another registry of ours, without collectors, is a collector like any.
    let other = Registry::new();
    other
        .register_metric("boots", "Boots", None, PcGauge::<i64>::default())
        .unwrap();
    assert_eq!(registry.register_collector(other), Ok(()));
}
