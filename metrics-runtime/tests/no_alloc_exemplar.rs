//! Recording with an exemplar does not allocate once the exemplar's slot
//! has held a label set of the same shape (values no longer than before):
//! each slot reuses its `String` buffers. Counted with an instrumented
//! global allocator; the counts are process-wide, so this file runs one
//! test from its own `main` (`harness = false`).
//!
//! What does allocate, and is asserted so (which also shows the counter
//! counts): the first exemplar of a slot (its buffers), a longer value than
//! the slot has held, and a new free-form series.

use std::alloc::System;

use metrics_runtime::{metrics_family, Counter, Histogram, LabelValue};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A two-valued label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    /// First.
    Get,
    /// Second.
    Post,
}

#[metrics_family]
struct Traced {
    /// A counter with one exemplar label.
    #[metric(labels(method: Method), exemplar(trace_id))]
    requests: Counter,
    /// A counter with free-form labels and two exemplar labels.
    #[metric(labels(route: String, method: Method), exemplar(trace_id, span_id))]
    by_route: Counter,
    /// A histogram with one exemplar label.
    #[metric(labels(method: Method), buckets = [0.1, 1], exemplar(trace_id))]
    latency: Histogram,
}

fn allocations(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    let stats = region.change();
    stats.allocations + stats.reallocations
}

const TRACE_A: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACE_B: &str = "0af7651916cd43dd8448eb211c80319c";
const SPAN: &str = "00f067aa0ba902b7";

fn record(m: &Traced, trace: &str) {
    m.requests.inc_with_exemplar(Method::Get, trace);
    m.requests.inc_by_with_exemplar(Method::Post, 3, trace);
    m.by_route
        .inc_with_exemplar("/users", Method::Get, (trace, SPAN));
    m.by_route
        .with_free("/users")
        .inc_by_with_exemplar(Method::Post, 2, (trace, SPAN));
    m.latency.observe_with_exemplar(Method::Get, 0.05, trace);
    m.latency.observe_with_exemplar(Method::Get, 0.5, trace);
    m.latency.observe_with_exemplar(Method::Post, 5.0, trace);
    // Without an exemplar, as ever.
    m.requests.inc(Method::Get);
    m.latency.observe(Method::Get, 0.2);
}

fn recording_with_exemplars_reuses_the_slots() {
    let m = Traced::new();
    let first = allocations(|| record(&m, TRACE_A));
    assert!(first > 0, "the first exemplars fill their slots' buffers");
    // Same shape (as long or shorter values), other values: no allocation.
    for trace in [TRACE_B, TRACE_A, &TRACE_B[..16]] {
        let again = allocations(|| record(&m, trace));
        assert_eq!(
            again, 0,
            "a repeat of the same shape allocated {again} times"
        );
    }
    assert_eq!(
        m.requests.exemplar(Method::Get).unwrap().labels[0].1,
        &TRACE_B[..16]
    );
    // A longer value than the slot held grows its buffer once.
    let longer = format!("{TRACE_A}{TRACE_A}");
    assert!(allocations(|| m.requests.inc_with_exemplar(Method::Get, &longer)) > 0);
    assert_eq!(
        allocations(|| m.requests.inc_with_exemplar(Method::Get, &longer)),
        0
    );
}

fn main() {
    recording_with_exemplars_reuses_the_slots();
    println!("test recording_with_exemplars_reuses_the_slots ... ok");
}
