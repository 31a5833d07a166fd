//! Exact totals under concurrent recording, for fixed (enum-labelled) and
//! free-form stores, and well-formed scrapes taken while threads write.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Barrier;
use std::thread;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    encode, metrics_family, Counter, FloatGauge, Format, Gauge, Histogram, LabelValue,
    OVERFLOW_LABEL_VALUE,
};

mod common;

/// Threads recording at once (the test machines have 2 to 8 cores; more
/// threads than cores also exercises preemption mid-operation).
const THREADS: usize = 8;
/// Recordings per thread per metric.
const OPS: usize = 50_000;
/// Distinct free-form ids, and the bound that folds the last ten of them.
const IDS: usize = 50;
const CAP: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Shard {
    A,
    B,
    C,
}

const SHARDS: [Shard; 3] = [Shard::A, Shard::B, Shard::C];

#[metrics_family(prefix = "stress")]
struct Stress {
    /// Plain counter
    plain: Counter,
    /// Counter by shard
    #[metric(labels(shard: Shard))]
    by_shard: Counter,
    /// Gauge by shard
    #[metric(labels(shard: Shard))]
    level: Gauge,
    /// Float gauge
    load: FloatGauge,
    /// Histogram by shard
    #[metric(labels(shard: Shard), buckets = [0.5, 1, 2])]
    latency: Histogram,
    /// Counter per id
    #[metric(labels(id: String), max_series = 40)]
    per_id: Counter,
    /// Histogram per id
    #[metric(labels(id: String), max_series = 40, buckets = [1])]
    per_id_latency: Histogram,
}

/// The values observed, cycling: one per bucket of `[0.5, 1, 2]` and `+Inf`.
/// All are exact in binary, so sums are exact too.
const OBSERVED: [f64; 4] = [0.25, 1.0, 1.5, 4.0];

fn id(i: usize) -> String {
    format!("ctx-{}", i % IDS)
}

/// What thread `t` records at its step `i`.
fn record(m: &Stress, t: usize, i: usize) {
    let shard = SHARDS[(t + i) % 3];
    m.plain.inc();
    m.by_shard.inc(shard);
    m.level.inc(shard);
    if i.is_multiple_of(2) {
        m.level.dec(shard);
    }
    m.load.inc_by(1.0);
    m.latency.observe(shard, OBSERVED[i % 4]);
    let id = id(t * OPS + i);
    m.per_id.inc(&id);
    m.per_id_latency.observe(&id, OBSERVED[i % 4]);
}

fn run_writers(m: &Stress, scrape: impl Fn() + Send + Sync) -> usize {
    let barrier = Barrier::new(THREADS + 1);
    let done = AtomicBool::new(false);
    thread::scope(|s| {
        let writers: Vec<_> = (0..THREADS)
            .map(|t| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    for i in 0..OPS {
                        record(m, t, i);
                    }
                })
            })
            .collect();
        let scraper = s.spawn(|| {
            barrier.wait();
            let mut scrapes = 0;
            while !done.load(Ordering::Acquire) {
                scrape();
                scrapes += 1;
            }
            scrapes
        });
        for w in writers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        scraper.join().unwrap()
    })
}

#[test]
fn totals_are_exact_and_every_concurrent_scrape_is_well_formed() {
    let m = Stress::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();

    let checked = std::sync::atomic::AtomicUsize::new(0);
    let last_plain = std::sync::Mutex::new(0.0f64);
    let scrapes = run_writers(&m, || {
        for (format, openmetrics) in [(Format::OpenMetrics, true), (Format::Text, false)] {
            let text = encode(&registry, format).unwrap();
            let s = common::parse(&text, openmetrics).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let histograms = common::check_histograms(&s).unwrap_or_else(|e| panic!("{e}"));
            checked.fetch_add(histograms, Ordering::Relaxed);
            // Counters never go backwards between scrapes.
            let plain = s.value("stress_plain_total", &[]);
            let mut last = last_plain.lock().unwrap();
            assert!(plain >= *last, "plain went from {last} to {plain}");
            *last = plain;
            // Never more series than the bound, plus the overflow series.
            assert!(s.named("stress_per_id_total").count() <= CAP + 1);
        }
    });
    println!(
        "{THREADS} threads x {OPS} recordings per metric; {scrapes} concurrent scrapes (x2 formats), {} histogram series checked _count == +Inf",
        checked.load(Ordering::Relaxed)
    );
    assert!(scrapes > 0);

    let total = (THREADS * OPS) as u64;
    assert_eq!(m.plain.get(), total);
    assert_eq!(m.load.get(), total as f64);

    // Per shard: thread t's step i goes to shard (t + i) % 3.
    let mut per_shard = [0u64; 3];
    let mut halves = [0i64; 3];
    let mut buckets = [[0u64; 4]; 3];
    for t in 0..THREADS {
        for i in 0..OPS {
            let s = (t + i) % 3;
            per_shard[s] += 1;
            halves[s] += if i.is_multiple_of(2) { 0 } else { 1 };
            buckets[s][i % 4] += 1;
        }
    }
    for (k, shard) in SHARDS.into_iter().enumerate() {
        assert_eq!(m.by_shard.get(shard), per_shard[k]);
        assert_eq!(m.level.get(shard), halves[k]);
        let h = m.latency.get(shard);
        assert_eq!(h.count, per_shard[k]);
        let mut cumulative = 0;
        for (b, (_, c)) in h.buckets.iter().enumerate() {
            cumulative += buckets[k][b];
            assert_eq!(*c, cumulative, "{shard:?} bucket {b}");
        }
        let sum: f64 = (0..4).map(|b| buckets[k][b] as f64 * OBSERVED[b]).sum();
        assert_eq!(h.sum, sum);
    }

    // Free-form: which 40 ids won a series is a race, but each id is wholly
    // held or wholly folded (the bound never frees without removal), so
    // every count is exact.
    let mut expected: HashMap<String, u64> = HashMap::new();
    for t in 0..THREADS {
        for i in 0..OPS {
            *expected.entry(id(t * OPS + i)).or_default() += 1;
        }
    }
    assert_eq!(m.per_id.series(), CAP);
    assert_eq!(m.per_id_latency.series(), CAP);
    let mut folded = 0;
    for (id, n) in &expected {
        match m.per_id.store().existing(id) {
            Some(cell) => assert_eq!(cell.get(), *n, "{id}"),
            None => folded += n,
        }
    }
    assert_eq!(m.per_id.overflowed(), folded);
    assert_eq!(m.per_id.store().overflow().get(), folded);
    let held_count: u64 = expected
        .keys()
        .filter_map(|id| m.per_id_latency.get(id))
        .map(|h| h.count)
        .sum();
    assert_eq!(
        held_count + m.per_id_latency.store().overflow().get().count,
        total
    );
    assert_eq!(
        m.per_id_latency.overflowed(),
        m.per_id_latency.store().overflow().get().count
    );

    // The final scrape agrees with the totals.
    let text = encode(&registry, Format::OpenMetrics).unwrap();
    let s = common::parse(&text, true).unwrap();
    let exported: f64 = s.named("stress_per_id_total").map(|x| x.value).sum();
    assert_eq!(exported, total as f64);
    assert_eq!(
        s.value("stress_per_id_total", &[("id", OVERFLOW_LABEL_VALUE)]),
        folded as f64
    );
    assert_eq!(s.value("stress_per_id_overflow_total", &[]), folded as f64);
    assert_eq!(
        s.value("stress_latency_count", &[("shard", "a")]),
        per_shard[0] as f64
    );
}

/// Threads creating and removing their own series while others fill the
/// bound: the bound is never exceeded, and at the end the store holds
/// exactly the series not removed, each with its exact count.
#[test]
fn concurrent_creation_and_removal_respect_the_bound() {
    #[metrics_family]
    struct Churn {
        /// Per id
        #[metric(labels(id: String), max_series = 64)]
        hits: Counter,
    }
    const ROUNDS: usize = 2_000;
    let m = Churn::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    let done = AtomicBool::new(false);
    let max_seen = thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let m = &m;
                s.spawn(move || {
                    // Each thread owns ids t-0..t-7: it creates them all,
                    // then removes all but the last in every round.
                    for round in 0..ROUNDS {
                        for k in 0..8 {
                            m.hits.inc(&format!("{t}-{k}"));
                        }
                        if round + 1 < ROUNDS {
                            for k in 0..8 {
                                assert!(m.hits.remove(&format!("{t}-{k}")));
                            }
                        }
                    }
                })
            })
            .collect();
        let watcher = s.spawn(|| {
            let mut max = 0;
            while !done.load(Ordering::Acquire) {
                max = max.max(m.hits.series());
                let text = encode(&registry, Format::Text).unwrap();
                let parsed = common::parse(&text, false).unwrap();
                assert!(parsed.named("hits_total").count() <= 64 + 1);
            }
            max
        });
        for w in workers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        watcher.join().unwrap()
    });
    assert!(max_seen <= 64);
    // 8 threads x 8 ids = 64 = the bound: nothing ever had to fold.
    assert_eq!(m.hits.overflowed(), 0);
    assert_eq!(m.hits.series(), THREADS * 8);
    for t in 0..THREADS {
        for k in 0..8 {
            assert_eq!(m.hits.get(&format!("{t}-{k}")), 1, "re-created at zero");
        }
    }
}

/// Writers recording over more ids than the bound while a remover keeps
/// removing series: every recording is accounted for exactly, in a series
/// still held, in the overflow series, or in a series removed (read through
/// a handle taken before its removal, after every thread is done).
#[test]
fn no_recording_is_lost_across_folding_and_removal() {
    #[metrics_family]
    struct Churn {
        /// Per id
        #[metric(labels(id: String), max_series = 64)]
        hits: Counter,
    }
    const WRITERS: usize = 4;
    const IDS: usize = 200;
    let ids: Vec<String> = (0..IDS).map(|i| format!("ctx-{i}")).collect();
    let m = Churn::new();
    let done = AtomicBool::new(false);
    let (removed, removals) = thread::scope(|s| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|t| {
                let (m, ids) = (&m, &ids);
                s.spawn(move || {
                    for i in 0..OPS {
                        m.hits.inc(&ids[(i * 7 + t * 13) % IDS]);
                    }
                })
            })
            .collect();
        // One remover, so the handle it takes is the series it removes.
        let remover = s.spawn(|| {
            let mut removed = Vec::new();
            let mut removals = 0u64;
            let mut k = 0;
            while !done.load(Ordering::Acquire) {
                let id = &ids[k % IDS];
                k += 1;
                if let Some(handle) = m.hits.store().existing(id) {
                    assert!(m.hits.remove(id));
                    removed.push(handle);
                    removals += 1;
                }
            }
            (removed, removals)
        });
        for w in writers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        remover.join().unwrap()
    });
    let held: u64 = ids.iter().map(|id| m.hits.get(id)).sum();
    let detached: u64 = removed.iter().map(|h| h.get()).sum();
    let folded = m.hits.store().overflow().get();
    println!(
        "{WRITERS} writers x {OPS} recordings over {IDS} ids (bound 64), {removals} removals: {held} held + {folded} folded + {detached} in removed series"
    );
    assert!(m.hits.series() <= 64);
    assert_eq!(folded, m.hits.overflowed());
    assert_eq!(held + folded + detached, (WRITERS * OPS) as u64);
}

/// A value that holds a series is never folded: threads racing to create
/// the one value a bound of 1 allows all record into its series, even the
/// ones whose first lookup missed and then saw the bound full.
#[test]
fn a_held_value_is_never_folded_while_it_is_being_created() {
    const ROUNDS: usize = 2000;
    let mut folded = 0;
    for _ in 0..ROUNDS {
        let metric: Counter<(String,)> = Counter::new(&["id"], (), 1);
        let start = Barrier::new(4);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    start.wait();
                    metric.inc("a");
                });
            }
        });
        assert_eq!(metric.get("a") + metric.overflowed(), 4);
        folded += metric.overflowed();
    }
    assert_eq!(
        folded,
        0,
        "{folded} of {} recordings of a held value folded",
        ROUNDS * 4
    );
}

/// The same stress through our own `Registry`, written by its own writer:
/// every concurrent scrape parses, every histogram's `_count` is its `+Inf`
/// bucket, no more series than the bound, and a free-form series churned
/// (removed and re-created) never shows twice in one scrape.
#[test]
fn our_writer_is_consistent_under_concurrent_recording_and_churn() {
    let registry = metrics_runtime::Registry::new();
    let m = registry.register(Stress::new()).unwrap();
    let checked = std::sync::atomic::AtomicUsize::new(0);
    let scrapes = run_writers(&m, || {
        // Churn beside the writers: a removed series and its successor.
        m.per_id.remove(&id(0));
        m.per_id.inc(&id(0));
        let mut buffer = String::new();
        for (format, openmetrics) in [(Format::OpenMetrics, true), (Format::Text, false)] {
            buffer.clear();
            registry.encode_to_string(&mut buffer, format).unwrap();
            let s = common::parse(&buffer, openmetrics).unwrap_or_else(|e| panic!("{e}\n{buffer}"));
            let histograms = common::check_histograms(&s).unwrap_or_else(|e| panic!("{e}"));
            checked.fetch_add(histograms, Ordering::Relaxed);
            assert!(s.named("stress_per_id_total").count() <= CAP + 1);
            let zero = id(0);
            assert!(
                s.named("stress_per_id_total")
                    .filter(|x| x.label("id") == Some(zero.as_str()))
                    .count()
                    <= 1
            );
        }
    });
    assert!(scrapes > 0);
    assert!(checked.load(Ordering::Relaxed) > 0);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
    Delete,
}

const METHODS: [Method; 3] = [Method::Get, Method::Post, Method::Delete];

/// 8 threads recording into a metric with enum and free-form labels over
/// more routes than its bound, with a scraper running: which routes won a
/// tuple is a race, but each route is wholly held or wholly folded, so
/// held + folded = recorded exactly, for every method; the overflow series
/// keep their method, and `sum by (method)` of the last scrape is exact.
#[test]
fn a_mixed_metric_past_its_bound_keeps_exact_totals_and_its_enum_labels() {
    #[metrics_family]
    struct Http {
        /// Requests per method, route and shard
        #[metric(labels(method: Method, route: String, shard: Shard), max_series = 40)]
        requests: Counter,
    }
    const ROUTES: usize = 50;
    // In our registry too, so the scraper also checks our writer's scrapes.
    let own = metrics_runtime::Registry::new();
    let m = own.register(Http::new()).unwrap();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    let routes: Vec<String> = (0..ROUTES).map(|i| format!("/api/v1/items/{i}")).collect();
    let record = |t: usize, i: usize| {
        let route = &routes[(t * 7 + i) % ROUTES];
        (METHODS[(t + i) % 3], route, SHARDS[i % 3])
    };
    let done = AtomicBool::new(false);
    let start = Barrier::new(THREADS + 1);
    let scrapes = thread::scope(|s| {
        let writers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (m, start, record) = (&m, &start, &record);
                s.spawn(move || {
                    start.wait();
                    for i in 0..OPS {
                        let (method, route, shard) = record(t, i);
                        m.requests.inc(method, route, shard);
                    }
                })
            })
            .collect();
        let scraper = s.spawn(|| {
            start.wait();
            let mut scrapes = 0;
            let mut buffer = String::new();
            while !done.load(Ordering::Acquire) {
                let text = encode(&registry, Format::OpenMetrics).unwrap();
                buffer.clear();
                own.encode_to_string(&mut buffer, Format::OpenMetrics)
                    .unwrap();
                for text in [&text, &buffer] {
                    let parsed = common::parse(text, true).unwrap();
                    let routes: std::collections::HashSet<&str> = parsed
                        .named("requests_total")
                        .map(|x| x.label("route").unwrap())
                        .collect();
                    assert!(routes.len() <= 40 + 1, "{} routes", routes.len());
                    // Every held route with all 9 of its enum combinations.
                    assert_eq!(parsed.named("requests_total").count(), routes.len() * 9);
                }
                scrapes += 1;
            }
            scrapes
        });
        for w in writers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        scraper.join().unwrap()
    });
    assert!(scrapes > 0);
    assert_eq!(m.requests.series(), 40);
    // At rest, our writer writes what prometheus-client writes.
    for format in [Format::OpenMetrics, Format::Text] {
        assert_eq!(
            own.encode(format).unwrap(),
            encode(&registry, format).unwrap()
        );
    }

    let mut expected: HashMap<(usize, &str, usize), u64> = HashMap::new();
    for t in 0..THREADS {
        for i in 0..OPS {
            let (method, route, shard) = record(t, i);
            *expected
                .entry((method as usize, route.as_str(), shard as usize))
                .or_default() += 1;
        }
    }
    let held_routes: std::collections::HashSet<&str> = routes
        .iter()
        .map(String::as_str)
        .filter(|r| {
            METHODS.iter().any(|method| {
                SHARDS
                    .iter()
                    .any(|shard| m.requests.get(*method, r, *shard) > 0)
            })
        })
        .collect();
    assert_eq!(held_routes.len(), 40);
    let mut folded_by = [[0u64; 3]; 3];
    let mut held = 0;
    for ((method, route, shard), n) in &expected {
        if held_routes.contains(route) {
            assert_eq!(
                m.requests.get(METHODS[*method], route, SHARDS[*shard]),
                *n,
                "{route}"
            );
            held += n;
        } else {
            folded_by[*method][*shard] += n;
        }
    }
    let folded: u64 = folded_by.iter().flatten().sum();
    assert_eq!(held + folded, (THREADS * OPS) as u64);
    assert_eq!(m.requests.overflowed(), folded);
    for (j, method) in METHODS.into_iter().enumerate() {
        for (k, shard) in SHARDS.into_iter().enumerate() {
            assert_eq!(
                m.requests.get(method, OVERFLOW_LABEL_VALUE, shard),
                folded_by[j][k],
                "{method:?} {shard:?}"
            );
        }
    }
    let s = common::parse(&encode(&registry, Format::Text).unwrap(), false).unwrap();
    for method in ["get", "post", "delete"] {
        let exported: f64 = s
            .named("requests_total")
            .filter(|x| x.label("method") == Some(method))
            .map(|x| x.value)
            .sum();
        let recorded: u64 = expected
            .iter()
            .filter(|((j, _, _), _)| METHODS[*j].as_str() == method)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(exported, recorded as f64, "sum by (method) for {method}");
    }
    for x in s
        .named("requests_total")
        .filter(|x| x.label("route") == Some(OVERFLOW_LABEL_VALUE))
    {
        assert!(x.label("method").is_some() && x.label("shard").is_some());
    }
}
