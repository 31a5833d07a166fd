//! The target ratios, measured paired so a shared, noisy machine
//! cannot skew them.
//!
//! Criterion (`record`, `encode`) measures each implementation for a second
//! or two, one after the other; when other work starts or stops in between,
//! two medians taken seconds apart are not comparable. Here each candidate
//! and its reference run in alternating short batches (the order flipping
//! each round), each round gives one ratio, and the median over the rounds is
//! reported: a burst of load hits both sides of a round alike.
//!
//! Writes `<target>/criterion/paired_ratios.json` for `report.py`, and prints
//! the table.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use benches::SyncMetrics;
use benches::{
    observations, ours_registry, pc_registry, two_threads, Ours, Outcome, Protocol, CONTEXT,
    LONG_ROUTE, PAIR, ROUTE,
};
use metrics_runtime::prometheus_client::encoding::{prometheus_text, text};
use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
use metrics_runtime::prometheus_client::metrics::exemplar::{
    CounterWithExemplar as PcCounterWithExemplar,
    HistogramWithExemplars as PcHistogramWithExemplars,
};
use metrics_runtime::prometheus_client::metrics::family::Family as PcFamily;
use metrics_runtime::prometheus_client::metrics::histogram::exponential_buckets;
use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{metrics_family, CachePadded, Counter, Format, Histogram, Registry};

/// One free-form family, for the scrape rows at 1k, 10k and 100k series.
#[metrics_family(prefix = "node")]
struct PerContext {
    /// Executions per context
    #[metric(labels(context_id: String), max_series = 100_000)]
    executions: Counter,
}

/// The same free-form family on measured: a dynamic label interned in a
/// `lasso::ThreadedRodeo`, as measured's docs show.
#[derive(measured::LabelGroup)]
#[label(set = MContextSet)]
struct MContext<'a> {
    #[label(dynamic_with = measured::lasso::ThreadedRodeo, default)]
    context_id: &'a str,
}

#[derive(measured::MetricGroup)]
struct MPerContext {
    /// Executions per context
    node_executions: measured::CounterVec<MContextSet>,
}

/// The same free-form family on vise.
#[derive(Debug, vise::Metrics)]
#[metrics(prefix = "node")]
struct VPerContext {
    /// Executions per context
    #[metrics(labels = ["context_id"])]
    executions: vise::LabeledFamily<String, vise::Counter>,
}

/// A counter and a histogram with exemplars (one label, a trace id), for
/// the rows beside prometheus-client's `CounterWithExemplar` and
/// `HistogramWithExemplars`.
#[metrics_family(prefix = "traced")]
struct Traced {
    /// Requests, with a trace
    #[metric(exemplar(trace_id))]
    requests: Counter,
    /// Latency, with traces
    #[metric(buckets = exponential(0.001, 2, 20), exemplar(trace_id))]
    latency: Histogram,
}

/// A W3C trace id's 32 hex digits.
const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// Encodes a prometheus-client registry into a buffer.
type Encoder = fn(&mut String, &PcRegistry) -> std::fmt::Result;

const FORMATS: [(Format, &str, Encoder); 2] = [
    (Format::Text, "0.0.4 text", prometheus_text::encode),
    (Format::OpenMetrics, "OpenMetrics", text::encode),
];

const ROUNDS: usize = 301;

/// Times `batch` iterations of `f`.
fn time(batch: u64, f: &mut impl FnMut(u64)) -> Duration {
    let start = Instant::now();
    f(batch);
    start.elapsed()
}

/// The median over `ROUNDS` of (candidate time / reference time), and each
/// side's median time per iteration in ns.
fn paired(
    batch: u64,
    mut reference: impl FnMut(u64),
    mut candidate: impl FnMut(u64),
) -> (f64, f64, f64) {
    for _ in 0..5 {
        time(batch, &mut reference);
        time(batch, &mut candidate);
    }
    let mut ratios = Vec::with_capacity(ROUNDS);
    let mut refs = Vec::with_capacity(ROUNDS);
    let mut cands = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let (r, c) = if round % 2 == 0 {
            let r = time(batch, &mut reference);
            (r, time(batch, &mut candidate))
        } else {
            let c = time(batch, &mut candidate);
            (time(batch, &mut reference), c)
        };
        let (r, c) = (r.as_secs_f64(), c.as_secs_f64());
        ratios.push(c / r);
        refs.push(r * 1e9 / batch as f64);
        cands.push(c * 1e9 / batch as f64);
    }
    (median(ratios), median(refs), median(cands))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Row {
    what: &'static str,
    reference: &'static str,
    target: f64,
    ratio: f64,
    reference_ns: f64,
    candidate_ns: f64,
}

fn main() {
    // `cargo bench` passes flags such as `--bench`; a filter argument that
    // names nothing here is also ignored, so `cargo bench -p benches -- X`
    // still runs this (it takes about half a minute).
    let floor = AtomicU64::new(0);
    let floor_add = |n: u64| {
        let a = black_box(&floor);
        for _ in 0..n {
            a.fetch_add(1, Ordering::Relaxed);
        }
    };
    let ours = Ours::new();
    ours.by_context.inc(CONTEXT);
    let handle = ours.by_context.with(CONTEXT);
    ours.by_route
        .inc(Protocol::Snapshot, ROUTE, Outcome::Success);
    ours.by_route
        .inc(Protocol::Snapshot, LONG_ROUTE, Outcome::Success);
    ours.by_pair.inc(PAIR.0, Outcome::Success, PAIR.1);
    let route = ours.by_route.with_free(ROUTE);
    let values = observations();
    let mut rows = Vec::new();
    let batch = 20_000;

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for _ in 0..n {
            ours.labelled.inc(
                black_box(Protocol::HashComparison),
                black_box(Outcome::Failure),
            );
        }
    });
    rows.push(Row {
        what: "enum-labelled counter increment",
        reference: "floor",
        target: 1.1,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for i in 0..n as usize {
            ours.labelled_latency.observe(
                black_box(Protocol::Snapshot),
                black_box(Outcome::Success),
                values[i & 15],
            );
        }
    });
    rows.push(Row {
        what: "enum-labelled histogram observe (20 buckets)",
        reference: "floor",
        target: 2.0,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for _ in 0..n {
            ours.by_context.inc(black_box(CONTEXT));
        }
    });
    rows.push(Row {
        what: "free-form label lookup",
        reference: "floor",
        target: 3.0,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for _ in 0..n {
            ours.by_route.inc(
                black_box(Protocol::HashComparison),
                black_box(ROUTE),
                black_box(Outcome::Failure),
            );
        }
    });
    rows.push(Row {
        what: "mixed labels lookup (enum, 10-byte route, enum)",
        reference: "floor",
        target: 3.0,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for _ in 0..n {
            ours.by_route.inc(
                black_box(Protocol::HashComparison),
                black_box(LONG_ROUTE),
                black_box(Outcome::Failure),
            );
        }
    });
    rows.push(Row {
        what: "mixed labels lookup, 23-byte route",
        reference: "floor",
        target: 3.0,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for _ in 0..n {
            let (tenant, peer) = black_box(PAIR);
            ours.by_pair.inc(tenant, black_box(Outcome::Failure), peer);
        }
    });
    rows.push(Row {
        what: "two free-form labels lookup",
        reference: "floor",
        target: 3.0,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        let h = black_box(&route);
        for _ in 0..n {
            h.inc(
                black_box(Protocol::HashComparison),
                black_box(Outcome::Failure),
            );
        }
    });
    rows.push(Row {
        what: "mixed labels, free-form handle (with_free), an enum combination",
        reference: "floor",
        target: 1.2,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (ratio, r, c) = paired(batch, floor_add, |n| {
        let h = black_box(&handle);
        for _ in 0..n {
            h.inc();
        }
    });
    rows.push(Row {
        what: "free-form label, cached handle",
        reference: "floor",
        target: 1.2,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    // Two threads: a fresh pair per batch, so batches are longer; the
    // spawn (tens of µs) is in both sides alike.
    let floors = [
        CachePadded(AtomicU64::new(0)),
        CachePadded(AtomicU64::new(0)),
    ];
    const PROTOCOLS: [Protocol; 2] = [Protocol::Snapshot, Protocol::HashComparison];
    let (ratio, r, c) = paired(
        500_000,
        |n| {
            two_threads(n, |t, n| {
                let a = black_box(&floors[t]);
                for _ in 0..n {
                    a.fetch_add(1, Ordering::Relaxed);
                }
            });
        },
        |n| {
            two_threads(n, |t, n| {
                let p = PROTOCOLS[t];
                for _ in 0..n {
                    ours.labelled.inc(black_box(p), black_box(Outcome::Success));
                }
            });
        },
    );
    rows.push(Row {
        what: "two threads on distinct series",
        reference: "two threads on distinct bare atomics",
        target: 1.3,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    // Exemplars: ours takes the trace id as `&str` into the slot's buffer;
    // prometheus-client takes an owned label set, made per call as its docs
    // show. Both with the time now. No target: the issue asks for a row.
    let traced = Traced::new();
    let pc_counter = PcCounterWithExemplar::<Vec<(String, String)>>::default();
    let (ratio, r, c) = paired(
        batch,
        |n| {
            for _ in 0..n {
                black_box(&pc_counter).inc_by(
                    1,
                    Some(vec![("trace_id".to_owned(), black_box(TRACE).to_owned())]),
                    Some(std::time::SystemTime::now()),
                );
            }
        },
        |n| {
            for _ in 0..n {
                black_box(&traced.requests).inc_with_exemplar(black_box(TRACE));
            }
        },
    );
    rows.push(Row {
        what: "counter increment with an exemplar (trace id)",
        reference: "prometheus-client CounterWithExemplar",
        target: f64::NAN,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });
    let pc_histogram =
        PcHistogramWithExemplars::<Vec<(String, String)>>::new(exponential_buckets(0.001, 2.0, 20));
    let (ratio, r, c) = paired(
        batch,
        |n| {
            for i in 0..n as usize {
                black_box(&pc_histogram).observe(
                    values[i & 15],
                    Some(vec![("trace_id".to_owned(), black_box(TRACE).to_owned())]),
                    Some(std::time::SystemTime::now()),
                );
            }
        },
        |n| {
            for i in 0..n as usize {
                black_box(&traced.latency).observe_with_exemplar(values[i & 15], black_box(TRACE));
            }
        },
    );
    rows.push(Row {
        what: "histogram observe with an exemplar (20 buckets, trace id)",
        reference: "prometheus-client HistogramWithExemplars",
        target: f64::NAN,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });
    let (ratio, r, c) = paired(batch, floor_add, |n| {
        for _ in 0..n {
            black_box(&traced.requests).inc();
        }
    });
    rows.push(Row {
        what: "counter declared with exemplar(..), increment without one",
        reference: "floor",
        target: f64::NAN,
        ratio,
        reference_ns: r,
        candidate_ns: c,
    });

    let (_ours_metrics, ours_reg) = ours_registry();
    let (_pc_metrics, pc_reg) = pc_registry();
    let mut buffer = String::with_capacity(64 * 1024);
    let mut buffer2 = String::with_capacity(64 * 1024);
    type Encoder = fn(
        &mut String,
        &metrics_runtime::prometheus_client::registry::Registry,
    ) -> std::fmt::Result;
    let formats: [(&'static str, Encoder); 2] = [
        (
            "encoding, time per series (0.0.4 text)",
            prometheus_text::encode,
        ),
        ("encoding, time per series (OpenMetrics)", text::encode),
    ];
    for (what, encode) in formats {
        let (ratio, r, c) = paired(
            10,
            |n| {
                for _ in 0..n {
                    buffer.clear();
                    encode(&mut buffer, black_box(&pc_reg)).expect("encodes");
                }
            },
            |n| {
                for _ in 0..n {
                    buffer2.clear();
                    encode(&mut buffer2, black_box(&ours_reg)).expect("encodes");
                }
            },
        );
        let per = benches::CATALOGUE_SAMPLES as f64;
        rows.push(Row {
            what,
            reference: "prometheus-client, same catalogue",
            target: 0.8,
            ratio,
            reference_ns: r / per,
            candidate_ns: c / per,
        });
    }

    // Our own registry, written by our writer, against the same catalogue
    // by hand on prometheus-client.
    let own = Registry::new();
    let own_sync = own.register(SyncMetrics::new()).expect("registers");
    own_sync.record_all();
    for (format, _, encode) in FORMATS {
        let (ratio, r, c) = paired(
            10,
            |n| {
                for _ in 0..n {
                    buffer.clear();
                    encode(&mut buffer, black_box(&pc_reg)).expect("encodes");
                }
            },
            |n| {
                for _ in 0..n {
                    buffer2.clear();
                    own.encode_to_string(&mut buffer2, black_box(format))
                        .expect("encodes");
                }
            },
        );
        let per = benches::CATALOGUE_SAMPLES as f64;
        rows.push(Row {
            what: if format == Format::Text {
                "our Registry (own writer), time per series (0.0.4 text)"
            } else {
                "our Registry (own writer), time per series (OpenMetrics)"
            },
            reference: "prometheus-client, same catalogue",
            target: 0.3,
            ratio,
            reference_ns: r / per,
            candidate_ns: c / per,
        });
    }
    let mut memory = vec![format!(
        "pre-rendered text of the sync catalogue: {} bytes for {} samples",
        own.__prerendered_bytes(),
        benches::CATALOGUE_SAMPLES
    )];

    // One free-form family of n series: ours (our Registry) against a
    // hand-written prometheus-client `Family` with the same series.
    for (n, what) in [
        (
            1_000usize,
            [
                "free-form family, 1k series, per series (0.0.4 text)",
                "free-form family, 1k series, per series (OpenMetrics)",
            ],
        ),
        (
            10_000,
            [
                "free-form family, 10k series, per series (0.0.4 text)",
                "free-form family, 10k series, per series (OpenMetrics)",
            ],
        ),
        (
            100_000,
            [
                "free-form family, 100k series, per series (0.0.4 text)",
                "free-form family, 100k series, per series (OpenMetrics)",
            ],
        ),
    ] {
        let own = Registry::new();
        let family = own.register(PerContext::new()).expect("registers");
        let mut pc = PcRegistry::default();
        let pc_family = PcFamily::<[(&'static str, String); 1], PcCounter>::default();
        pc.sub_registry_with_prefix("node").register(
            "executions",
            "Executions per context",
            pc_family.clone(),
        );
        for i in 0..n {
            let id = format!("ctx-{i:06}");
            family.executions.inc_by(&id, i as u64);
            pc_family
                .get_or_create(&[("context_id", id)])
                .inc_by(i as u64);
        }
        let peer_rows = n == 10_000;
        for (k, (format, _, encode)) in FORMATS.into_iter().enumerate() {
            let (ratio, r, c) = paired(
                1,
                |m| {
                    for _ in 0..m {
                        buffer.clear();
                        encode(&mut buffer, black_box(&pc)).expect("encodes");
                    }
                },
                |m| {
                    for _ in 0..m {
                        buffer2.clear();
                        own.encode_to_string(&mut buffer2, black_box(format))
                            .expect("encodes");
                    }
                },
            );
            rows.push(Row {
                what: what[k],
                reference: "prometheus-client Family, same series",
                target: 0.3,
                ratio,
                reference_ns: r / n as f64,
                candidate_ns: c / n as f64,
            });
            if peer_rows {
                peers(n, format, encode, &pc, &mut buffer, &mut rows);
            }
        }
        memory.push(format!(
            "pre-rendered text of {n} free-form series: {} bytes, {:.1} per series",
            own.__prerendered_bytes(),
            own.__prerendered_bytes() as f64 / n as f64
        ));
    }

    println!("{}", memory.join("\n"));
    println!("| what | reference | ours (ns) | reference (ns) | ratio | target |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut json = String::from("[\n");
    for (i, row) in rows.iter().enumerate() {
        // A peer's row has no target of ours (NaN).
        let target = if row.target.is_nan() {
            "(peer)".to_owned()
        } else {
            format!("≤ {}×", row.target)
        };
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2}× | {target} |",
            row.what, row.reference, row.candidate_ns, row.reference_ns, row.ratio
        );
        json.push_str(&format!(
            "  {{\"what\": \"{}\", \"reference\": \"{}\", \"ours_ns\": {:.4}, \"reference_ns\": {:.4}, \"ratio\": {:.4}, \"target\": {}}}{}\n",
            row.what,
            row.reference,
            row.candidate_ns,
            row.reference_ns,
            row.ratio,
            if row.target.is_nan() {
                "null".to_owned()
            } else {
                row.target.to_string()
            },
            if i + 1 < rows.len() { "," } else { "" }
        ));
    }
    json.push_str("]\n");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("criterion");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("paired_ratios.json"), json));
    if let Err(e) = written {
        eprintln!("could not write {}: {e}", dir.display());
    }
}

/// The peers' scrape of the same `n`-series free-form family, each paired
/// with prometheus-client's (`pc`, encoded by `encode`) in `format`:
/// prometheus (tikv) gathers and writes the 0.0.4 text format only,
/// measured writes the 0.0.4 text format only (its `BufferedTextEncoder`),
/// vise writes both. A peer's time is the candidate, prometheus-client the
/// reference, so the ratio reads as our rows do.
fn peers(
    n: usize,
    format: Format,
    encode: Encoder,
    pc: &PcRegistry,
    buffer: &mut String,
    rows: &mut Vec<Row>,
) {
    let name = |what: &'static str| -> &'static str {
        match (what, format) {
            ("tikv", _) => "prometheus (tikv) IntCounterVec, 10k series, per series (0.0.4 text)",
            ("measured", _) => "measured CounterVec (lasso), 10k series, per series (0.0.4 text)",
            ("vise", Format::Text) => "vise LabeledFamily, 10k series, per series (0.0.4 text)",
            _ => "vise LabeledFamily, 10k series, per series (OpenMetrics)",
        }
    };
    let mut peer_buffer = String::with_capacity(buffer.capacity());
    let mut reference = |m: u64| {
        for _ in 0..m {
            buffer.clear();
            encode(buffer, black_box(pc)).expect("encodes");
        }
    };
    let push = |rows: &mut Vec<Row>, what, (ratio, r, c): (f64, f64, f64)| {
        rows.push(Row {
            what,
            reference: "prometheus-client Family, same series",
            target: f64::NAN,
            ratio,
            reference_ns: r / n as f64,
            candidate_ns: c / n as f64,
        })
    };
    if format == Format::Text {
        let tikv = prometheus::Registry::new();
        let vec = prometheus::IntCounterVec::new(
            prometheus::Opts::new("node_executions", "Executions per context"),
            &["context_id"],
        )
        .expect("valid");
        tikv.register(Box::new(vec.clone())).expect("registers");
        let measured = MPerContext {
            node_executions: measured::CounterVec::with_label_set(MContextSet::default()),
        };
        let mut measured_encoder = measured::text::BufferedTextEncoder::new();
        for i in 0..n {
            let id = format!("ctx-{i:06}");
            vec.with_label_values(&[id.as_str()]).inc_by(i as u64);
            measured
                .node_executions
                .inc_by(MContext { context_id: &id }, i as u64);
        }
        let result = paired(1, &mut reference, |m| {
            for _ in 0..m {
                peer_buffer.clear();
                prometheus::TextEncoder::new()
                    .encode_utf8(&black_box(&tikv).gather(), &mut peer_buffer)
                    .expect("encodes");
            }
        });
        push(rows, name("tikv"), result);
        let result = paired(1, &mut reference, |m| {
            use measured::MetricGroup as _;
            for _ in 0..m {
                black_box(&measured)
                    .collect_group_into(&mut measured_encoder)
                    .expect("encodes");
                black_box(measured_encoder.finish());
            }
        });
        push(rows, name("measured"), result);
    }
    let vise = VPerContext::default();
    for i in 0..n {
        vise.executions[&format!("ctx-{i:06}")].inc_by(i as u64);
    }
    let mut vise_registry = vise::Registry::empty();
    vise_registry.register_metrics(&vise);
    let vise_format = match format {
        Format::Text => vise::Format::Prometheus,
        _ => vise::Format::OpenMetrics,
    };
    let result = paired(1, &mut reference, |m| {
        for _ in 0..m {
            peer_buffer.clear();
            black_box(&vise_registry)
                .encode(&mut peer_buffer, vise_format)
                .expect("encodes");
        }
    });
    push(rows, name("vise"), result);
}
