//! Duplicate names are an error at registration: not a panic and not
//! silence; the error names both sides, and a refused family registers
//! nothing.

use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
use metrics_runtime::prometheus_client::metrics::family::Family as PcFamily;
use metrics_runtime::prometheus_client::metrics::gauge::Gauge as PcGauge;
use metrics_runtime::prometheus_client::metrics::info::Info as PcInfo;
use metrics_runtime::prometheus_client::registry::{Registry, Unit};
use metrics_runtime::{encode, metrics_family, Counter, Format, Gauge, Histogram, RegisterError};

#[metrics_family(prefix = "app")]
struct App {
    /// Requests served
    requests: Counter,
    /// Requests in flight
    in_flight: Gauge,
    /// Request latency
    #[metric(unit = "seconds", buckets = [0.1, 1])]
    latency: Histogram,
}

fn text(registry: &Registry) -> String {
    encode(registry, Format::Text).unwrap()
}

fn duplicate(metric: &str, name: &str, existing: &str) -> RegisterError {
    RegisterError::Duplicate {
        metric: metric.into(),
        name: name.into(),
        existing: existing.into(),
    }
}

#[test]
fn the_same_family_twice_is_refused_and_registers_nothing() {
    let mut registry = Registry::default();
    App::new().register(&mut registry).unwrap();
    let before = text(&registry);
    let second = App::new();
    let err = second.register(&mut registry).unwrap_err();
    assert_eq!(
        err,
        duplicate("App::requests", "app_requests_total", "app_requests")
    );
    assert_eq!(
        err.to_string(),
        "`App::requests` exports `app_requests_total`, which the metric family `app_requests` already in this registry exports"
    );
    second.requests.inc();
    second.latency.observe(0.5);
    assert_eq!(
        text(&registry),
        before,
        "nothing of the second copy is exported"
    );
    // Registering the same value twice is the same as two copies.
    let app = App::new();
    let mut other = Registry::default();
    app.register(&mut other).unwrap();
    assert!(app.register(&mut other).is_err());
}

#[test]
fn one_family_in_two_registries_is_fine() {
    let app = App::new();
    let (mut a, mut b) = (Registry::default(), Registry::default());
    app.register(&mut a).unwrap();
    app.register(&mut b).unwrap();
    app.requests.inc();
    assert_eq!(text(&a), text(&b));
}

#[metrics_family]
struct Bare {
    /// A counter named foo
    foo: Counter,
    /// A histogram named x
    #[metric(buckets = [1])]
    x: Histogram,
}

#[test]
fn a_counter_against_a_hand_written_gauge_named_with_total() {
    let mut registry = Registry::default();
    registry.register("foo_total", "Hand-written", PcGauge::<i64>::default());
    assert_eq!(
        Bare::new().register(&mut registry).unwrap_err(),
        duplicate("Bare::foo", "foo_total", "foo_total")
    );
}

#[test]
fn a_counter_against_a_hand_written_gauge_of_the_same_name() {
    // No sample is shared (`foo_total` against `foo`), but OpenMetrics
    // forbids two families named `foo`.
    let mut registry = Registry::default();
    registry.register("foo", "Hand-written", PcGauge::<i64>::default());
    assert_eq!(
        Bare::new().register(&mut registry).unwrap_err(),
        duplicate("Bare::foo", "foo", "foo")
    );
}

#[test]
fn a_histogram_against_a_hand_written_gauge_named_like_its_count() {
    for (taken, sample) in [
        ("x_count", "x_count"),
        ("x_sum", "x_sum"),
        ("x_bucket", "x_bucket"),
    ] {
        let mut registry = Registry::default();
        registry.register(taken, "Hand-written", PcGauge::<i64>::default());
        assert_eq!(
            Bare::new().register(&mut registry).unwrap_err(),
            duplicate("Bare::x", sample, taken),
            "{taken}"
        );
    }
}

#[test]
fn a_gauge_against_a_registered_histogram_sample() {
    #[metrics_family]
    struct Late {
        /// Named like the histogram's count
        x_count: Gauge,
    }
    let mut registry = Registry::default();
    Bare::new().register(&mut registry).unwrap();
    assert_eq!(
        Late::new().register(&mut registry).unwrap_err(),
        duplicate("Late::x_count", "x_count", "x")
    );
}

#[test]
fn a_hand_written_counter_and_info_are_seen_by_their_true_names() {
    let mut registry = Registry::default();
    // prometheus-client appends `_total` to a counter's name itself.
    registry.register("foo", "Hand-written", PcCounter::<u64>::default());
    assert_eq!(
        Bare::new().register(&mut registry).unwrap_err(),
        duplicate("Bare::foo", "foo_total", "foo")
    );

    // An info metric `build` exports `build_info`: the 0.0.4 format writes
    // it as a gauge `build_info`, OpenMetrics as family `build`, type info.
    #[metrics_family]
    struct Build {
        /// Builds
        build: Gauge,
    }
    let mut registry = Registry::default();
    registry.register("build", "Build", PcInfo::new(vec![("v", "1")]));
    assert_eq!(
        Build::new().register(&mut registry).unwrap_err(),
        duplicate("Build::build", "build", "build")
    );
}

#[test]
fn prefixes_and_units_make_the_name_that_collides() {
    // Prefix `app` + `requests` against a prefix-less `app_requests`.
    #[metrics_family]
    struct Flat {
        /// Flat requests
        app_requests: Counter,
    }
    let mut registry = Registry::default();
    Flat::new().register(&mut registry).unwrap();
    assert_eq!(
        App::new().register(&mut registry).unwrap_err(),
        duplicate("App::requests", "app_requests_total", "app_requests")
    );

    // Prefix `app_latency` + `seconds` against prefix `app` + unit seconds.
    #[metrics_family(prefix = "app_latency")]
    struct Nested {
        /// Named like App's latency with its unit
        #[metric(buckets = [1])]
        seconds: Histogram,
    }
    let mut registry = Registry::default();
    Nested::new().register(&mut registry).unwrap();
    assert_eq!(
        App::new().register(&mut registry).unwrap_err(),
        duplicate(
            "App::latency",
            "app_latency_seconds_bucket",
            "app_latency_seconds"
        )
    );

    // A hand-written metric with a unit under a hand-made sub-registry.
    let mut registry = Registry::default();
    registry.sub_registry_with_prefix("app").register_with_unit(
        "in_flight",
        "Hand-written",
        Unit::Bytes,
        PcGauge::<i64>::default(),
    );
    App::new().register(&mut registry).unwrap();
    let mut registry = Registry::default();
    registry.sub_registry_with_prefix("app").register(
        "in_flight",
        "Hand-written",
        PcGauge::<i64>::default(),
    );
    assert_eq!(
        App::new().register(&mut registry).unwrap_err(),
        duplicate("App::in_flight", "app_in_flight", "app_in_flight")
    );

    // Different prefixes that share a start do not collide.
    #[metrics_family(prefix = "app_v2")]
    struct V2 {
        /// Requests served
        requests: Counter,
    }
    let mut registry = Registry::default();
    App::new().register(&mut registry).unwrap();
    V2::new().register(&mut registry).unwrap();
}

#[test]
fn a_free_form_metric_overflow_counter_collides_too() {
    #[metrics_family]
    struct Ctx {
        /// Per context
        #[metric(labels(context_id: String))]
        executions: Counter,
    }
    let mut registry = Registry::default();
    registry.register(
        "executions_overflow",
        "Hand-written",
        PcCounter::<u64>::default(),
    );
    assert_eq!(
        Ctx::new().register(&mut registry).unwrap_err(),
        duplicate(
            "Ctx::executions",
            "executions_overflow_total",
            "executions_overflow"
        )
    );
    // And the other way round: a later metric named like the self-metric.
    #[metrics_family]
    struct Later {
        /// Named like Ctx's overflow counter
        executions_overflow: Gauge,
    }
    let mut registry = Registry::default();
    Ctx::new().register(&mut registry).unwrap();
    assert_eq!(
        Later::new().register(&mut registry).unwrap_err(),
        duplicate(
            "Later::executions_overflow",
            "executions_overflow",
            "executions_overflow"
        )
    );
}

/// The documented limit: a hand-written prometheus-client `Family` writes
/// nothing before its first series, so the registry's exposition (the only
/// view of its contents prometheus-client gives) does not show its name and
/// a family registered then is accepted; once the `Family` has a series the
/// same name is refused.
#[test]
fn an_empty_hand_written_family_is_invisible_until_it_has_a_series() {
    let hand: PcFamily<Vec<(String, String)>, PcCounter> = PcFamily::default();
    let mut registry = Registry::default();
    registry.register("app_requests", "Hand-written", hand.clone());
    assert!(App::new().register(&mut registry).is_ok(), "the limit");

    let mut registry = Registry::default();
    registry.register("app_requests", "Hand-written", hand.clone());
    hand.get_or_create(&vec![("k".to_owned(), "v".to_owned())])
        .inc();
    assert_eq!(
        App::new().register(&mut registry).unwrap_err(),
        duplicate("App::requests", "app_requests_total", "app_requests")
    );
}

/// Our own free-form metrics have no such gap: their `# TYPE` line is
/// written before any series exists.
#[test]
fn an_empty_free_form_metric_is_seen() {
    #[metrics_family]
    struct Ctx {
        /// Per context
        #[metric(labels(context_id: String))]
        executions: Counter,
    }
    let mut registry = Registry::default();
    Ctx::new().register(&mut registry).unwrap();
    assert_eq!(
        Ctx::new().register(&mut registry).unwrap_err(),
        duplicate("Ctx::executions", "executions_total", "executions")
    );
}

#[test]
fn a_registry_that_cannot_encode_is_an_error_not_a_pass() {
    use metrics_runtime::prometheus_client::encoding::{EncodeMetric, MetricEncoder};
    use metrics_runtime::prometheus_client::metrics::MetricType;

    #[derive(Debug)]
    struct Broken;
    impl EncodeMetric for Broken {
        fn encode(&self, _: MetricEncoder) -> std::fmt::Result {
            Err(std::fmt::Error)
        }
        fn metric_type(&self) -> MetricType {
            MetricType::Gauge
        }
    }
    let mut registry = Registry::default();
    registry.register("broken", "Fails to encode", Broken);
    let err = App::new().register(&mut registry).unwrap_err();
    assert_eq!(err, RegisterError::Unreadable);
    assert_eq!(
        err.to_string(),
        "the registry's exposition fails to encode, so its names cannot be checked"
    );
}

/// Several families checked together, as a catalogue registering all or
/// nothing does: clashes between them are found before any is registered.
#[test]
fn families_checked_together_clash_with_each_other_and_the_registry() {
    use metrics_runtime::{check_names, MetricFamily};

    #[metrics_family]
    struct Flat {
        /// Flat requests
        app_requests: Counter,
    }
    let mut registry = Registry::default();
    assert_eq!(
        check_names(&registry, &[App::descriptor(), Flat::descriptor()]),
        Err(RegisterError::Conflict {
            metric: "Flat::app_requests".into(),
            name: "app_requests_total".into(),
            other: "App::requests".into(),
        })
    );
    assert_eq!(
        check_names(&registry, &[App::descriptor(), Bare::descriptor()]),
        Ok(())
    );
    assert_eq!(text(&registry), "", "checking registers nothing");
    Bare::new().register(&mut registry).unwrap();
    assert_eq!(
        check_names(&registry, &[App::descriptor(), Bare::descriptor()]),
        Err(duplicate("Bare::foo", "foo_total", "foo"))
    );
}

/// The README's limits of this path: a duplicate in a registry made with a
/// prefix or a label, one registered after the family, and one inside our
/// `Registry` registered as a collector are not seen, and the name is
/// exported twice. (Our `Registry` refuses each: `tests/registry.rs`.)
#[test]
fn duplicates_this_path_does_not_see() {
    let type_lines =
        |registry: &Registry| text(registry).matches("# TYPE app_requests_total ").count();
    // A registry made with a prefix, or with a label.
    let mut registry = Registry::default();
    App::new().register(&mut registry).unwrap();
    App::new()
        .register(registry.sub_registry_with_label(("shard".into(), "a".into())))
        .unwrap();
    assert_eq!(type_lines(&registry), 2, "{}", text(&registry));
    let mut registry = Registry::default();
    let counter = PcCounter::<u64>::default();
    counter.inc();
    registry.register("edge_app_requests", "Hand-written", counter);
    App::new()
        .register(registry.sub_registry_with_prefix("edge"))
        .unwrap();
    let twice = text(&registry)
        .matches("# TYPE edge_app_requests_total ")
        .count();
    assert_eq!(twice, 2, "{}", text(&registry));
    // A hand-written metric registered after the family.
    let mut registry = Registry::default();
    App::new().register(&mut registry).unwrap();
    registry.register("app_requests", "Hand-written", PcCounter::<u64>::default());
    assert_eq!(type_lines(&registry), 2, "{}", text(&registry));
    // A family inside our registry, registered as a collector.
    let mut registry = Registry::default();
    App::new().register(&mut registry).unwrap();
    let ours = metrics_runtime::Registry::new();
    ours.register(App::new()).unwrap();
    registry.register_collector(Box::new(ours));
    assert_eq!(type_lines(&registry), 2, "{}", text(&registry));
}
