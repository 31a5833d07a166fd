//! Recording cost, ours against the floor (a bare `AtomicU64::fetch_add`)
//! and the peers, all in one run. See BENCHMARKS.md and `benches/report.py`.
//!
//! Label values are passed through `black_box` so no implementation can fold
//! the series choice at compile time; histogram values cycle through 16
//! values spread over the buckets so the bucket search is not trivially
//! predicted.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use benches::{observations, two_threads, Ours, Outcome, Protocol, CONTEXT};
use criterion::{criterion_group, criterion_main, Criterion};
use metrics_runtime::prometheus_client;
use metrics_runtime::CachePadded;
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter as PcCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram as PcHistogram};

// ---------------------------------------------------------------- ours

// ---------------------------------------------------- prometheus-client

#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EncodeLabelValue)]
enum PcProtocol {
    snapshot,
    hash_comparison,
}

#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EncodeLabelValue)]
enum PcOutcome {
    success,
    failure,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PcLabels {
    protocol: PcProtocol,
    outcome: PcOutcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PcContext {
    context_id: String,
}

fn pc_histogram() -> PcHistogram {
    PcHistogram::new(exponential_buckets(0.0001, 2.0, 20))
}

// -------------------------------------------------- prometheus (tikv)

/// prometheus-static-metric's generated types (undocumented by the macro).
#[allow(missing_docs)]
mod tikv_static {
    prometheus_static_metric::make_static_metric! {
        pub label_enum StaticProtocol {
            snapshot,
            hash_comparison,
        }
        pub label_enum StaticOutcome {
            success,
            failure,
        }
        pub struct StaticCounter: IntCounter {
            "protocol" => StaticProtocol,
            "outcome" => StaticOutcome,
        }
    }
}
use tikv_static::{StaticCounter, StaticOutcome, StaticProtocol};

// ------------------------------------------------------------ measured

#[derive(measured::FixedCardinalityLabel, Clone, Copy)]
#[label(rename_all = "snake_case")]
enum MProtocol {
    Snapshot,
    HashComparison,
}

#[derive(measured::FixedCardinalityLabel, Clone, Copy)]
#[label(rename_all = "snake_case")]
enum MOutcome {
    Success,
    Failure,
}

#[derive(measured::LabelGroup)]
#[label(set = MLabelsSet)]
struct MLabels {
    protocol: MProtocol,
    outcome: MOutcome,
}

// ---------------------------------------------------------------- vise

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, vise::EncodeLabelValue)]
#[metrics(rename_all = "snake_case")]
enum VProtocol {
    Snapshot,
    HashComparison,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, vise::EncodeLabelValue)]
#[metrics(rename_all = "snake_case")]
enum VOutcome {
    Success,
    Failure,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, vise::EncodeLabelSet)]
struct VLabels {
    protocol: VProtocol,
    outcome: VOutcome,
}

const VISE_BUCKETS: vise::Buckets = vise::Buckets::exponential(0.0001..=52.4288, 2.0);

#[derive(Debug, vise::Metrics)]
#[metrics(prefix = "bench")]
struct ViseMetrics {
    /// No label.
    plain: vise::Counter,
    /// Two enum labels.
    labelled: vise::Family<VLabels, vise::Counter>,
    /// One free-form label.
    #[metrics(labels = ["context_id"])]
    by_context: vise::LabeledFamily<String, vise::Counter>,
    /// No label.
    #[metrics(buckets = VISE_BUCKETS)]
    latency: vise::Histogram<f64>,
    /// Two enum labels.
    #[metrics(buckets = VISE_BUCKETS)]
    labelled_latency: vise::Family<VLabels, vise::Histogram<f64>>,
}

// ------------------------------------------------------------- helpers

fn group<'a>(c: &'a mut Criterion, name: &str) -> criterion::BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.measurement_time(Duration::from_millis(1500))
        .warm_up_time(Duration::from_millis(500))
        .sample_size(40);
    g
}

use criterion::measurement::WallTime;

// --------------------------------------------------------------- benches

/// The floor, measured first and again last: `report.py` divides by the
/// lower of the two, so a floor measured in a noisy moment cannot flatter
/// the ratios.
fn floor(c: &mut Criterion, name: &str) {
    let mut g = group(c, "floor");
    let atomic = AtomicU64::new(0);
    g.bench_function(name, |b| {
        // The result is dropped, as every recording drops it: `lock add`.
        b.iter(|| {
            black_box(&atomic).fetch_add(1, Ordering::Relaxed);
        })
    });
    g.finish();
}

fn counter_plain(c: &mut Criterion) {
    let mut g = group(c, "counter_no_label");
    let ours = Ours::new();
    g.bench_function("ours", |b| b.iter(|| black_box(&ours.plain).inc()));

    let pc = PcCounter::<u64>::default();
    g.bench_function("prometheus_client", |b| b.iter(|| black_box(&pc).inc()));

    let tikv = prometheus::IntCounter::new("plain", "No label").expect("valid");
    g.bench_function("prometheus", |b| b.iter(|| black_box(&tikv).inc()));

    let measured = measured::Counter::new();
    g.bench_function("measured", |b| b.iter(|| black_box(&measured).inc()));

    g.bench_function("metrics", |b| {
        b.iter(|| metrics::counter!("bench_plain").increment(1))
    });

    let vise = ViseMetrics::default();
    g.bench_function("vise", |b| b.iter(|| black_box(&vise.plain).inc()));
    g.finish();
}

fn counter_enum_labels(c: &mut Criterion) {
    let mut g = group(c, "counter_2_enum_labels");
    let ours = Ours::new();
    g.bench_function("ours", |b| {
        b.iter(|| {
            ours.labelled.inc(
                black_box(Protocol::HashComparison),
                black_box(Outcome::Failure),
            )
        })
    });

    let pc = Family::<PcLabels, PcCounter>::default();
    g.bench_function("prometheus_client", |b| {
        b.iter(|| {
            pc.get_or_create(black_box(&PcLabels {
                protocol: PcProtocol::hash_comparison,
                outcome: PcOutcome::failure,
            }))
            .inc()
        })
    });

    let vec = prometheus::IntCounterVec::new(
        prometheus::Opts::new("labelled", "Two enum labels"),
        &["protocol", "outcome"],
    )
    .expect("valid");
    g.bench_function("prometheus_with_label_values", |b| {
        b.iter(|| {
            vec.with_label_values(black_box(&["hash_comparison", "failure"]))
                .inc()
        })
    });
    let fixed = StaticCounter::from(&vec);
    g.bench_function("prometheus_static_metric", |b| {
        b.iter(|| {
            fixed
                .get(black_box(StaticProtocol::hash_comparison))
                .get(black_box(StaticOutcome::failure))
                .inc()
        })
    });

    let measured = measured::CounterVec::with_label_set(MLabelsSet::new());
    g.bench_function("measured", |b| {
        b.iter(|| {
            measured.inc(MLabels {
                protocol: black_box(MProtocol::HashComparison),
                outcome: black_box(MOutcome::Failure),
            })
        })
    });

    g.bench_function("metrics", |b| {
        b.iter(|| {
            metrics::counter!("bench_labelled", "protocol" => "hash_comparison", "outcome" => "failure")
                .increment(1)
        })
    });

    let vise = ViseMetrics::default();
    g.bench_function("vise", |b| {
        b.iter(|| {
            vise.labelled[black_box(&VLabels {
                protocol: VProtocol::HashComparison,
                outcome: VOutcome::Failure,
            })]
            .inc()
        })
    });
    g.finish();
}

fn counter_free_label(c: &mut Criterion) {
    let mut g = group(c, "counter_string_label");
    let ours = Ours::new();
    // The series exists, as for every recording but a context's first.
    ours.by_context.inc(CONTEXT);
    g.bench_function("ours_lookup", |b| {
        b.iter(|| ours.by_context.inc(black_box(CONTEXT)))
    });
    let handle = ours.by_context.with(CONTEXT);
    g.bench_function("ours_cached_handle", |b| {
        b.iter(|| black_box(&handle).inc())
    });

    let pc = Family::<PcContext, PcCounter>::default();
    g.bench_function("prometheus_client", |b| {
        // prometheus-client keys by an owned label set: a String per lookup.
        b.iter(|| {
            pc.get_or_create(&PcContext {
                context_id: black_box(CONTEXT).to_owned(),
            })
            .inc()
        })
    });

    let vec = prometheus::IntCounterVec::new(
        prometheus::Opts::new("by_context", "One free-form label"),
        &["context_id"],
    )
    .expect("valid");
    g.bench_function("prometheus_with_label_values", |b| {
        b.iter(|| vec.with_label_values(&[black_box(CONTEXT)]).inc())
    });

    g.bench_function("metrics", |b| {
        // A dynamic label value is an owned String in a `metrics` key.
        b.iter(|| {
            metrics::counter!("bench_by_context", "context_id" => black_box(CONTEXT).to_owned())
                .increment(1)
        })
    });

    let vise = ViseMetrics::default();
    let key = CONTEXT.to_owned();
    g.bench_function("vise", |b| {
        b.iter(|| vise.by_context[black_box(&key)].inc())
    });
    g.finish();
}

fn histogram_plain(c: &mut Criterion) {
    let mut g = group(c, "histogram_no_label_20_buckets");
    let values = observations();
    let mut i = 0usize;
    let mut next = move || {
        i = i.wrapping_add(1);
        values[i & 15]
    };
    let ours = Ours::new();
    g.bench_function("ours", |b| b.iter(|| ours.latency.observe(next())));

    let pc = pc_histogram();
    g.bench_function("prometheus_client", |b| b.iter(|| pc.observe(next())));

    let tikv = prometheus::Histogram::with_opts(
        prometheus::HistogramOpts::new("latency", "No label")
            .buckets(exponential_buckets(0.0001, 2.0, 20).collect()),
    )
    .expect("valid");
    g.bench_function("prometheus", |b| b.iter(|| tikv.observe(next())));

    let measured = measured::Histogram::<20>::with_metadata(
        measured::metric::histogram::Thresholds::exponential_buckets(0.0001, 2.0),
    );
    g.bench_function("measured", |b| b.iter(|| measured.observe(next())));

    g.bench_function("metrics", |b| {
        b.iter(|| metrics::histogram!("bench_latency").record(next()))
    });

    let vise = ViseMetrics::default();
    g.bench_function("vise", |b| b.iter(|| vise.latency.observe(next())));
    g.finish();
}

fn histogram_enum_labels(c: &mut Criterion) {
    let mut g = group(c, "histogram_2_enum_labels_20_buckets");
    let values = observations();
    let mut i = 0usize;
    let mut next = move || {
        i = i.wrapping_add(1);
        values[i & 15]
    };
    let ours = Ours::new();
    g.bench_function("ours", |b| {
        b.iter(|| {
            ours.labelled_latency.observe(
                black_box(Protocol::Snapshot),
                black_box(Outcome::Success),
                next(),
            )
        })
    });

    let pc =
        Family::<PcLabels, PcHistogram, fn() -> PcHistogram>::new_with_constructor(pc_histogram);
    g.bench_function("prometheus_client", |b| {
        b.iter(|| {
            pc.get_or_create(black_box(&PcLabels {
                protocol: PcProtocol::snapshot,
                outcome: PcOutcome::success,
            }))
            .observe(next())
        })
    });

    let tikv = prometheus::HistogramVec::new(
        prometheus::HistogramOpts::new("labelled_latency", "Two enum labels")
            .buckets(exponential_buckets(0.0001, 2.0, 20).collect()),
        &["protocol", "outcome"],
    )
    .expect("valid");
    g.bench_function("prometheus_with_label_values", |b| {
        b.iter(|| {
            tikv.with_label_values(black_box(&["snapshot", "success"]))
                .observe(next())
        })
    });

    let measured = measured::HistogramVec::<MLabelsSet, 20>::with_label_set_and_metadata(
        MLabelsSet::new(),
        measured::metric::histogram::Thresholds::exponential_buckets(0.0001, 2.0),
    );
    g.bench_function("measured", |b| {
        b.iter(|| {
            measured.observe(
                MLabels {
                    protocol: black_box(MProtocol::Snapshot),
                    outcome: black_box(MOutcome::Success),
                },
                next(),
            )
        })
    });

    g.bench_function("metrics", |b| {
        b.iter(|| {
            metrics::histogram!("bench_labelled_latency", "protocol" => "snapshot", "outcome" => "success")
                .record(next())
        })
    });

    let vise = ViseMetrics::default();
    g.bench_function("vise", |b| {
        b.iter(|| {
            vise.labelled_latency[black_box(&VLabels {
                protocol: VProtocol::Snapshot,
                outcome: VOutcome::Success,
            })]
            .observe(next())
        })
    });
    g.finish();
}

fn threads(c: &mut Criterion) {
    const PROTOCOLS: [Protocol; 2] = [Protocol::Snapshot, Protocol::HashComparison];
    const PC: [PcProtocol; 2] = [PcProtocol::snapshot, PcProtocol::hash_comparison];

    for (name, distinct) in [
        ("two_threads_distinct_series", true),
        ("two_threads_same_series", false),
    ] {
        let mut g = group(c, name);
        let pick = |t: usize| if distinct { t } else { 0 };

        let floor = [
            CachePadded(AtomicU64::new(0)),
            CachePadded(AtomicU64::new(0)),
        ];
        g.bench_function("floor", |b| {
            b.iter_custom(|iters| {
                two_threads(iters, |t, n| {
                    let a = black_box(&floor[pick(t)]);
                    for _ in 0..n {
                        a.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
        });

        let ours = Ours::new();
        g.bench_function("ours", |b| {
            b.iter_custom(|iters| {
                two_threads(iters, |t, n| {
                    let p = PROTOCOLS[pick(t)];
                    for _ in 0..n {
                        ours.labelled.inc(black_box(p), black_box(Outcome::Success));
                    }
                })
            })
        });

        let contexts = ["ctx-7f3a9c2e", "ctx-0b91d44a"];
        for context in contexts {
            ours.by_context.inc(context);
        }
        g.bench_function("ours_string_lookup", |b| {
            b.iter_custom(|iters| {
                two_threads(iters, |t, n| {
                    let context = contexts[pick(t)];
                    for _ in 0..n {
                        ours.by_context.inc(black_box(context));
                    }
                })
            })
        });

        let pc = Family::<PcLabels, PcCounter>::default();
        g.bench_function("prometheus_client", |b| {
            b.iter_custom(|iters| {
                two_threads(iters, |t, n| {
                    let labels = PcLabels {
                        protocol: PC[pick(t)],
                        outcome: PcOutcome::success,
                    };
                    for _ in 0..n {
                        pc.get_or_create(black_box(&labels)).inc();
                    }
                })
            })
        });
        g.finish();
    }
}

fn install_recorder() {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new()
        .set_buckets(&exponential_buckets(0.0001, 2.0, 20).collect::<Vec<_>>())
        .expect("non-empty buckets")
        .build_recorder();
    metrics::set_global_recorder(recorder).expect("the only recorder");
}

/// A counter and a histogram with exemplars (one label, a trace id).
#[metrics_runtime::metrics_family(prefix = "traced")]
struct Traced {
    /// Requests, with a trace
    #[metric(exemplar(trace_id))]
    requests: metrics_runtime::Counter,
    /// Latency, with traces
    #[metric(buckets = exponential(0.001, 2, 20), exemplar(trace_id))]
    latency: metrics_runtime::Histogram,
}

/// A W3C trace id's 32 hex digits.
const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// Recording with an exemplar: ours (the trace id copied into the slot's
/// buffer, the time now) beside prometheus-client's `CounterWithExemplar`
/// and `HistogramWithExemplars` (an owned label set per call, as its docs
/// show, and the time now).
fn exemplars(c: &mut Criterion) {
    use prometheus_client::metrics::exemplar::{CounterWithExemplar, HistogramWithExemplars};
    let traced = Traced::new();
    let mut g = group(c, "counter_with_exemplar");
    g.bench_function("ours", |b| {
        b.iter(|| black_box(&traced.requests).inc_with_exemplar(black_box(TRACE)))
    });
    let pc = CounterWithExemplar::<Vec<(String, String)>>::default();
    g.bench_function("prometheus_client", |b| {
        b.iter(|| {
            black_box(&pc).inc_by(
                1,
                Some(vec![("trace_id".to_owned(), black_box(TRACE).to_owned())]),
                Some(std::time::SystemTime::now()),
            )
        })
    });
    g.finish();
    let mut g = group(c, "histogram_with_exemplars_20_buckets");
    let values = observations();
    let mut i = 0usize;
    g.bench_function("ours", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            black_box(&traced.latency).observe_with_exemplar(values[i & 15], black_box(TRACE))
        })
    });
    let pc =
        HistogramWithExemplars::<Vec<(String, String)>>::new(exponential_buckets(0.001, 2.0, 20));
    g.bench_function("prometheus_client", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            black_box(&pc).observe(
                values[i & 15],
                Some(vec![("trace_id".to_owned(), black_box(TRACE).to_owned())]),
                Some(std::time::SystemTime::now()),
            )
        })
    });
    g.finish();
}

fn all(c: &mut Criterion) {
    install_recorder();
    floor(c, "atomic_fetch_add");
    counter_plain(c);
    counter_enum_labels(c);
    counter_free_label(c);
    histogram_plain(c);
    histogram_enum_labels(c);
    threads(c);
    exemplars(c);
    floor(c, "atomic_fetch_add_again");
}

criterion_group!(benches, all);
criterion_main!(benches);
