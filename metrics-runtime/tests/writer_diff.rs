//! The differential test of our registry's own exposition writer: the same
//! registry, written by it (`Registry::encode`) and by prometheus-client's
//! encoders (the registry as a collector of a prometheus-client registry,
//! which writes every sample through prometheus-client), must give the same
//! bytes in both formats, for random values (NaN, ±Inf, −0.0, huge and tiny
//! floats, `u64::MAX`, `i64::MIN`), random instances with hostile constant
//! label values, enum labels, units, prefixes and several bucket layouts,
//! free-form and mixed (enum + free-form, one or two free-form labels)
//! metrics of every kind with hostile values (quotes, backslashes,
//! newlines, `}`, non-ASCII, `__overflow__`, values past `max_value_len`),
//! past their bounds (the overflow series and counters), with series
//! removed and added between scrapes, and a hand-written metric.

use metrics_runtime::prometheus_client::metrics::gauge::Gauge as PcGauge;
use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{
    encode, metrics_family, Counter, FloatGauge, Format, Gauge, Histogram, LabelValue, Registry,
};
use proptest::prelude::*;

#[derive(Clone, Copy, Debug, LabelValue)]
enum Method {
    Get,
    Post,
}

#[derive(Clone, Copy, Debug, LabelValue)]
enum Code {
    Ok,
    NotFound,
    ServerError,
}

#[metrics_family(prefix = "diff", const_labels(peer: String))]
struct Diff {
    /// Requests, with a \ backslash in the help
    #[metric(labels(method: Method, code: Code))]
    requests: Counter,
    /// Queue depth
    #[metric(labels(method: Method))]
    depth: Gauge,
    /// Temperature
    #[metric(unit = "celsius")]
    temperature: FloatGauge,
    /// Latency
    #[metric(labels(method: Method), unit = "seconds", buckets = [1e-300, 2.5e-5, 0.005, 0.5, 1.0, 1e6, 123456789.0, 1e300])]
    latency: Histogram,
    /// Sizes
    #[metric(buckets = [0.1, 3.0, 1000000.5])]
    sizes: Histogram,
    /// Per context
    #[metric(labels(context_id: String))]
    per_context: Counter,
    /// Latency per context, bounded so that it overflows
    #[metric(labels(context_id: String), max_series = 3, unit = "seconds", buckets = [0.5, 2.0])]
    context_latency: Histogram,
    /// Depth per context
    #[metric(labels(context_id: String), max_series = 2)]
    context_depth: FloatGauge,
    /// Requests per method and route, a route's bytes bounded
    #[metric(labels(method: Method, route: String), max_series = 3, max_value_len = 16)]
    routes: Counter,
    /// Latency per tenant, code and peer
    #[metric(labels(tenant: String, code: Code, peer_id: String), max_series = 2, buckets = [0.5, 1e300])]
    pair_latency: Histogram,
    /// Depth per route and method
    #[metric(labels(route: String, method: Method))]
    route_depth: Gauge,
}

#[metrics_family]
struct Plain {
    /// Ratio of things
    ratio: FloatGauge,
    /// Things
    things: Gauge,
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(1e21),
        Just(0.1),
        any::<f64>(),
        -1e7..1e7f64,
    ]
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("a\"b\\c\nd".to_owned()),
        Just("}\" evil{x=\"1".to_owned()),
        Just("ünï\u{1F600}\t\r".to_owned()),
        Just("__overflow__".to_owned()),
        Just("a route longer than sixteen bytes".to_owned()),
        "[\\\\\"\n a-z{},=]{0,12}",
        any::<String>(),
    ]
}

#[derive(Debug, Clone)]
struct InstanceValues {
    peer: String,
    counts: Vec<u64>,
    depths: Vec<i64>,
    temperature: f64,
    observations: Vec<f64>,
    sizes: Vec<f64>,
    contexts: Vec<String>,
}

fn instance() -> impl Strategy<Value = InstanceValues> {
    (
        hostile(),
        prop::collection::vec(prop_oneof![Just(u64::MAX), Just(0), any::<u64>()], 0..7),
        prop::collection::vec(
            prop_oneof![Just(i64::MIN), Just(i64::MAX), any::<i64>()],
            0..3,
        ),
        float(),
        prop::collection::vec(float(), 0..12),
        prop::collection::vec(float(), 0..6),
        prop::collection::vec(hostile(), 0..6),
    )
        .prop_map(
            |(peer, counts, depths, temperature, observations, sizes, contexts)| InstanceValues {
                peer,
                counts,
                depths,
                temperature,
                observations,
                sizes,
                contexts,
            },
        )
}

const METHODS: [Method; 2] = [Method::Get, Method::Post];
const CODES: [Code; 3] = [Code::Ok, Code::NotFound, Code::ServerError];

fn record(diff: &Diff, v: &InstanceValues) {
    for (i, count) in v.counts.iter().enumerate() {
        diff.requests.inc_by(METHODS[i % 2], CODES[i % 3], *count);
    }
    for (i, depth) in v.depths.iter().enumerate() {
        diff.depth.set(METHODS[i % 2], *depth);
    }
    diff.temperature.set(v.temperature);
    for (i, o) in v.observations.iter().enumerate() {
        diff.latency.observe(METHODS[i % 2], *o);
    }
    for o in &v.sizes {
        diff.sizes.observe(*o);
    }
    for (i, c) in v.contexts.iter().enumerate() {
        diff.per_context.inc(c);
        diff.context_latency
            .observe(c, v.sizes.get(i).copied().unwrap_or(1.0));
        diff.context_depth.set(c, v.temperature);
    }
    for (i, c) in v.contexts.iter().enumerate() {
        let other = &v.contexts[(i + 1) % v.contexts.len()];
        let value = v.sizes.get(i).copied().unwrap_or(0.25);
        diff.routes
            .inc_by(METHODS[i % 2], c, v.counts.get(i).copied().unwrap_or(1));
        diff.pair_latency.observe(c, CODES[i % 3], other, value);
        diff.route_depth.set(
            c,
            METHODS[(i + 1) % 2],
            v.depths.get(i).copied().unwrap_or(-1),
        );
    }
    // Removed series are in neither exposition.
    if let Some(first) = v.contexts.first() {
        if v.counts.len() % 2 == 1 {
            diff.per_context.remove(first);
            diff.context_latency.remove(first);
            diff.routes.remove(first);
            diff.pair_latency
                .remove((first, v.contexts.last().unwrap_or(first)));
        }
    }
}

fn both_ways(registry: &Registry) -> Result<(), TestCaseError> {
    let mut theirs = PcRegistry::default();
    theirs.register_collector(Box::new(registry.clone()));
    for format in [Format::OpenMetrics, Format::Text] {
        let ours = registry.encode(format).unwrap();
        let expected = encode(&theirs, format).unwrap();
        prop_assert_eq!(&ours, &expected, "{:?}", format);
        // And into a reused buffer, twice.
        let mut buffer = String::new();
        for _ in 0..2 {
            buffer.clear();
            registry.encode_to_string(&mut buffer, format).unwrap();
            prop_assert_eq!(&buffer, &expected);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn our_writer_writes_what_prometheus_client_writes(
        instances in prop::collection::vec(instance(), 1..4),
        ratio in float(),
        things in any::<i64>(),
        hand in any::<i64>(),
    ) {
        let registry = Registry::new();
        for v in &instances {
            // Same peer twice: the same instance, recorded into again.
            let diff = registry.get_or_create::<Diff>(v.peer.clone()).unwrap();
            record(&diff, v);
        }
        let plain = registry.register(Plain::new()).unwrap();
        plain.ratio.set(ratio);
        plain.things.set(things);
        let gauge: PcGauge = PcGauge::default();
        gauge.set(hand);
        registry.register_metric("hand", "Hand-written", None, gauge).unwrap();
        both_ways(&registry)?;
        // Series added and removed between scrapes: the texts kept from the
        // last scrape are reused or dropped, and the bytes still match.
        for (i, v) in instances.iter().enumerate() {
            let diff = registry.get_or_create::<Diff>(v.peer.clone()).unwrap();
            let later = format!("later \"{i}\"\n");
            diff.per_context.inc(&later);
            diff.routes.inc(METHODS[i % 2], &later);
            diff.pair_latency.observe(&later, Code::Ok, "x", 0.75);
            diff.route_depth.set(&later, Method::Post, 7);
            for c in v.contexts.iter().skip(1) {
                diff.per_context.remove(c);
                diff.routes.remove(c);
                diff.route_depth.remove(c);
            }
        }
        both_ways(&registry)?;
    }

    /// One instance: also what the plain prometheus-client path (the family
    /// registered into a prometheus-client registry) writes.
    #[test]
    fn one_instance_as_the_plain_path_writes_it(v in instance()) {
        let registry = Registry::new();
        let diff = registry.register(Diff::new(v.peer.clone())).unwrap();
        record(&diff, &v);
        let mut plain = PcRegistry::default();
        diff.register(&mut plain).unwrap();
        for format in [Format::OpenMetrics, Format::Text] {
            prop_assert_eq!(registry.encode(format).unwrap(), encode(&plain, format).unwrap());
        }
        both_ways(&registry)?;
    }
}

#[test]
fn an_empty_registry_is_one_eof() {
    assert_eq!(
        Registry::new().encode(Format::OpenMetrics).unwrap(),
        "# EOF\n"
    );
    assert_eq!(Registry::new().encode(Format::Text).unwrap(), "");
}

/// When the texts are rendered (see `metrics-runtime-core/src/write.rs`): an
/// enum-labelled family's when it is registered (a scrape adds nothing), a
/// free-form value's by the first scrape after it is recorded (the next
/// scrape adds nothing).
#[test]
fn enum_texts_at_registration_free_form_texts_at_the_next_scrape() {
    let registry = Registry::new();
    assert_eq!(registry.__prerendered_bytes(), 0);
    registry.register(Plain::new()).unwrap();
    let plain = registry.__prerendered_bytes();
    assert!(plain > 0);
    let diff = registry.get_or_create::<Diff>("p".to_owned()).unwrap();
    let registered = registry.__prerendered_bytes();
    assert!(registered > plain);
    registry.encode(Format::Text).unwrap();
    registry.encode(Format::OpenMetrics).unwrap();
    assert_eq!(registry.__prerendered_bytes(), registered);
    diff.per_context.inc("ctx-1");
    diff.routes.inc(Method::Get, "/a");
    assert_eq!(registry.__prerendered_bytes(), registered);
    registry.encode(Format::Text).unwrap();
    let scraped = registry.__prerendered_bytes();
    assert!(scraped > registered);
    registry.encode(Format::OpenMetrics).unwrap();
    assert_eq!(registry.__prerendered_bytes(), scraped);
}
