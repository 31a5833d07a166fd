//! Every recording path is allocation-free: counted with an instrumented
//! global allocator.
//!
//! Creating a new free-form series allocates by design (the key and the
//! cell); that is asserted too, which also shows the counter counts. Everything
//! else here must allocate nothing.
//!
//! The allocator's counters are process-wide, so this file holds a single
//! test: no other test thread can allocate while a region is measured.

use std::alloc::System;
use std::hint::black_box;
use std::time::Duration;

use metrics_runtime::{metrics_family, Counter, FloatGauge, Gauge, Histogram, LabelValue};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A two-valued label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum A {
    /// First.
    X,
    /// Second.
    Y,
}

/// A three-valued label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum B {
    /// First.
    P,
    /// Second.
    Q,
    /// Third.
    R,
}

/// A two-valued label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum C {
    /// First.
    On,
    /// Second.
    Off,
}

/// A four-valued label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum D {
    /// First.
    North,
    /// Second.
    South,
    /// Third.
    East,
    /// Fourth.
    West,
}

#[metrics_family(prefix = "no_alloc")]
struct Fixed {
    /// Counter, no label.
    c0: Counter,
    /// Counter, one label.
    #[metric(labels(a: A))]
    c1: Counter,
    /// Counter, two labels.
    #[metric(labels(a: A, b: B))]
    c2: Counter,
    /// Counter, three labels.
    #[metric(labels(a: A, b: B, c: C))]
    c3: Counter,
    /// Counter, four labels.
    #[metric(labels(a: A, b: B, c: C, d: D))]
    c4: Counter,
    /// Gauge, no label.
    g0: Gauge,
    /// Gauge, two labels.
    #[metric(labels(a: A, b: B))]
    g2: Gauge,
    /// Gauge, four labels.
    #[metric(labels(a: A, b: B, c: C, d: D))]
    g4: Gauge,
    /// Float gauge, no label.
    f0: FloatGauge,
    /// Float gauge, three labels.
    #[metric(labels(a: A, b: B, c: C))]
    f3: FloatGauge,
    /// Histogram, no label.
    #[metric(unit = "seconds", buckets = exponential(0.001, 2, 20))]
    h0: Histogram,
    /// Histogram, one label.
    #[metric(labels(a: A), buckets = [0.1, 0.5, 1])]
    h1: Histogram,
    /// Histogram, two labels.
    #[metric(labels(a: A, b: B), buckets = linear(0.1, 0.1, 15))]
    h2: Histogram,
    /// Histogram, four labels.
    #[metric(labels(a: A, b: B, c: C, d: D), buckets = exponential(0.001, 2, 15))]
    h4: Histogram,
}

#[metrics_family(prefix = "no_alloc_free")]
struct Free {
    /// Counter by context.
    #[metric(labels(context_id: String), max_series = 4)]
    hits: Counter,
    /// Gauge by context.
    #[metric(labels(context_id: String))]
    depth: Gauge,
    /// Float gauge by context.
    #[metric(labels(context_id: String))]
    ratio: FloatGauge,
    /// Histogram by context.
    #[metric(labels(context_id: String), buckets = exponential(0.001, 2, 15))]
    latency: Histogram,
}

#[metrics_family(prefix = "no_alloc_mixed")]
struct Mixed {
    /// Counter by enum, free-form value and enum.
    #[metric(labels(a: A, route: String, b: B), max_series = 2, max_value_len = 16)]
    requests: Counter,
    /// Gauge by free-form value and enum.
    #[metric(labels(route: String, c: C))]
    inflight: Gauge,
    /// Float gauge by enum and free-form value.
    #[metric(labels(d: D, route: String))]
    load: FloatGauge,
    /// Histogram by two free-form values around an enum.
    #[metric(labels(tenant: String, a: A, peer: String), buckets = [0.1, 1])]
    latency: Histogram,
}

fn record_mixed_existing(m: &Mixed) {
    m.requests.inc(A::X, "/users", B::P);
    m.requests.inc_by(A::Y, "/users", B::R, 3);
    m.requests.inc(A::X, "/orders/:id", B::Q);
    m.inflight.set("/users", C::On, 4);
    m.inflight.inc("/users", C::Off);
    m.inflight.dec_by("/users", C::On, 2);
    m.load.inc(D::East, "/users");
    m.load.dec(D::West, "/users");
    m.load.inc_by(D::North, "/users", 0.5);
    m.latency.observe("t1", A::Y, "p1", 0.5);
    m.latency
        .observe("tenant-0123456789abcdef", A::X, "p1", 0.5);
    m.latency
        .observe_duration("t1", A::X, "p1", Duration::from_millis(3));
}

/// Runs `f` and returns how many allocations (including reallocations) it made.
fn allocations(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    let stats = region.change();
    stats.allocations + stats.reallocations
}

fn record_fixed(m: &Fixed) {
    m.c0.inc();
    m.c0.inc_by(3);
    m.c1.inc(A::Y);
    m.c2.inc(A::X, B::R);
    m.c2.inc_by(A::Y, B::Q, 7);
    m.c3.inc(A::Y, B::P, C::Off);
    m.c4.inc(A::Y, B::R, C::On, D::West);
    m.c4.with(A::X, B::Q, C::Off, D::East).inc();

    m.g0.set(5);
    m.g0.inc();
    m.g0.dec_by(2);
    m.g2.inc(A::X, B::P);
    m.g2.dec(A::Y, B::R);
    m.g4.set(A::Y, B::Q, C::On, D::South, -4);

    m.f0.set(0.5);
    m.f0.inc_by(0.25);
    m.f0.inc();
    m.f0.dec();
    m.f3.inc(A::Y, B::P, C::On);
    m.f3.dec(A::Y, B::P, C::On);
    m.f3.inc_by(A::X, B::Q, C::Off, 1.5);
    m.f3.dec_by(A::Y, B::R, C::On, 0.5);

    m.h0.observe(0.003);
    m.h0.observe(f64::NAN);
    m.h0.observe(1e9);
    m.h0.observe_duration(Duration::from_millis(12));
    m.h1.observe(A::Y, 0.7);
    m.h2.observe(A::X, B::R, 0.45);
    m.h4.observe(A::Y, B::P, C::Off, D::North, 0.02);
    m.h4.observe_duration(A::X, B::Q, C::On, D::East, Duration::from_micros(7));

    // Timers: recorded on drop, or explicitly.
    drop(m.h0.start_timer());
    let elapsed = m.h2.start_timer(A::Y, B::P).observe();
    black_box(elapsed);
    let timer = m.h4.start_timer(A::X, B::R, C::Off, D::West);
    drop(timer);
}

/// Longer than the 32 bytes the per-thread memo compares in its slot.
const LONG_ID: &str = "context-0123456789abcdef0123456789abcdef";

fn record_free_existing(m: &Free) {
    m.depth.inc(LONG_ID);
    m.hits.inc("ctx-1");
    m.hits.inc_by("ctx-2", 3);
    m.depth.set("ctx-1", 9);
    m.depth.dec("ctx-1");
    m.ratio.inc_by("ctx-1", 0.5);
    m.latency.observe("ctx-1", 0.2);
    m.latency
        .observe_duration("ctx-1", Duration::from_millis(3));
}

fn recording_never_allocates() {
    let fixed = Fixed::new();

    // Fixed labels, from the very first recording: every series exists
    // already, so there is nothing to create lazily.
    assert_eq!(allocations(|| record_fixed(&fixed)), 0, "fixed labels");
    assert_eq!(
        allocations(|| record_fixed(&fixed)),
        0,
        "fixed labels, again"
    );
    assert_eq!(fixed.c2.get(A::X, B::R), 2);
    assert_eq!(fixed.c4.get(A::Y, B::R, C::On, D::West), 2);
    // Four observations and one timer per pass.
    assert_eq!(fixed.h0.get().count, 2 * 5);

    let free = Free::new();

    // Creating a free-form series allocates by design: its key and its cell.
    let created = allocations(|| {
        free.hits.inc("ctx-1");
        free.hits.inc("ctx-2");
        free.depth.inc("ctx-1");
        free.depth.inc(LONG_ID);
        free.ratio.set("ctx-1", 0.0);
        free.latency.observe("ctx-1", 0.1);
    });
    assert!(created > 0, "creating series must show up in the count");

    // Looking up an existing value: no allocation.
    assert_eq!(
        allocations(|| record_free_existing(&free)),
        0,
        "free-form lookup of existing values"
    );

    // Cached handles: taking one and recording through it.
    let mut handle = None;
    assert_eq!(
        allocations(|| handle = Some(free.hits.with("ctx-1"))),
        0,
        "taking a handle on an existing series"
    );
    let handle = handle.expect("set above");
    let histogram = free.latency.with("ctx-1");
    assert_eq!(
        allocations(|| {
            for _ in 0..100 {
                handle.inc();
                histogram.observe(0.05);
            }
            let clone = handle.clone();
            clone.inc_by(2);
        }),
        0,
        "recording through a cached handle"
    );
    assert_eq!(free.hits.get("ctx-1"), 1 + 1 + 100 + 2);

    // Past the series bound, recordings fold into the overflow series
    // without creating anything.
    free.hits.inc("ctx-3");
    free.hits.inc("ctx-4");
    assert_eq!(free.hits.series(), 4);
    assert_eq!(
        allocations(|| {
            free.hits.inc("ctx-5");
            free.hits.inc("ctx-6");
        }),
        0,
        "overflowed lookups"
    );
    assert_eq!(free.hits.overflowed(), 2);

    // Enum and free-form labels in one metric.
    let mixed = Mixed::new();
    let created = allocations(|| record_mixed_existing(&mixed));
    assert!(created > 0, "creating tuples must show up in the count");
    assert_eq!(
        allocations(|| record_mixed_existing(&mixed)),
        0,
        "mixed lookups of existing tuples"
    );
    assert_eq!(
        allocations(|| {
            for _ in 0..100 {
                record_mixed_existing(&mixed);
            }
        }),
        0,
        "mixed lookups, repeated"
    );
    let mut users = None;
    let mut pair = None;
    assert_eq!(
        allocations(|| {
            users = Some(mixed.requests.with_free("/users"));
            pair = Some(mixed.latency.with_free(("t1", "p1")));
        }),
        0,
        "taking handles on held tuples"
    );
    let (users, pair) = (users.expect("set above"), pair.expect("set above"));
    assert_eq!(
        allocations(|| {
            for _ in 0..100 {
                users.inc(A::Y, B::Q);
                users.with(A::X, B::R).inc_by(2);
                pair.observe(A::X, 0.05);
            }
            mixed.requests.with(A::Y, "/users", B::P).inc();
        }),
        0,
        "recording through mixed handles"
    );
    assert_eq!(mixed.requests.get(A::Y, "/users", B::Q), 100);
    // The bound (2 routes) is full: new routes, too-long and reserved values
    // fold without allocating.
    assert_eq!(mixed.requests.series(), 2);
    assert_eq!(
        allocations(|| {
            mixed.requests.inc(A::X, "/new", B::P);
            mixed
                .requests
                .inc(A::Y, "a value longer than sixteen bytes", B::R);
            mixed
                .requests
                .inc(A::Y, metrics_runtime::OVERFLOW_LABEL_VALUE, B::R);
        }),
        0,
        "folded mixed lookups"
    );
    assert_eq!(mixed.requests.overflowed(), 3);
}

/// Run without libtest (`harness = false` in Cargo.toml): libtest's monitor
/// thread allocates when it prints its "running for over 60 seconds" notice,
/// and the allocator's counts are process-wide, so on a loaded machine it
/// could be counted as ours. Here the test runs alone on the main thread; a
/// failed assertion panics and fails the test binary.
fn main() {
    recording_never_allocates();
    println!("test recording_never_allocates ... ok");
}
