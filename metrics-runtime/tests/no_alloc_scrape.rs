//! A scrape of our registry's families allocates nothing after the first,
//! with a reused buffer, while no series is created or removed (a scrape
//! after one renders the new series' texts and lists the series again):
//! enum-labelled, free-form and mixed metrics of every kind, one past its
//! bound (the overflow series and counter). Counted with an instrumented
//! global allocator.
//!
//! The allocator's counters are process-wide, so this file holds a single
//! test: no other test thread can allocate while a region is measured.

use std::alloc::System;

use metrics_runtime::{
    metrics_family, Counter, FloatGauge, Format, Gauge, Histogram, LabelValue, Registry,
};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

#[metrics_family(prefix = "node", const_labels(peer: String))]
struct Node {
    /// Requests
    #[metric(labels(method: Method))]
    requests: Counter,
    /// Depth
    depth: Gauge,
    /// Load
    load: FloatGauge,
    /// Latency
    #[metric(labels(method: Method), unit = "seconds", buckets = [0.1, 1.0])]
    latency: Histogram,
    /// Executions per context
    #[metric(labels(context_id: String), max_series = 2)]
    executions: Counter,
    /// Requests per method and route
    #[metric(labels(method: Method, route: String))]
    routes: Counter,
    /// Latency per tenant, method and peer
    #[metric(labels(tenant: String, method: Method, peer_id: String), buckets = [0.5])]
    pair_latency: Histogram,
    /// Depth per route
    #[metric(labels(route: String))]
    route_depth: Gauge,
    /// Load per route
    #[metric(labels(route: String, method: Method))]
    route_load: FloatGauge,
}

fn allocations(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    let stats = region.change();
    stats.allocations + stats.reallocations
}

fn a_scrape_after_the_first_allocates_nothing() {
    let registry = Registry::new();
    for peer in ["a", "b"] {
        let node = registry.get_or_create::<Node>(peer.to_owned()).unwrap();
        node.requests.inc(Method::Get);
        node.depth.set(3);
        node.load.set(0.5);
        node.latency.observe(Method::Post, 0.3);
        for ctx in ["c\"1", "c2", "c3"] {
            // The third is past the bound: folded.
            node.executions.inc(ctx);
        }
        node.routes.inc(Method::Get, "/users/:id");
        node.pair_latency.observe("t", Method::Post, "p\n", 0.1);
        node.route_depth.set("/a", 2);
        node.route_load.set("/a", Method::Get, 0.25);
    }
    let mut buffer = String::new();
    for format in [Format::OpenMetrics, Format::Text] {
        // The first scrape renders the texts and grows the buffers.
        buffer.clear();
        registry.encode_to_string(&mut buffer, format).unwrap();
        let first = buffer.clone();
        let n = allocations(|| {
            buffer.clear();
            registry.encode_to_string(&mut buffer, format).unwrap();
        });
        assert_eq!(n, 0, "{format:?}");
        assert_eq!(buffer, first);
        assert!(buffer.contains("node_latency_seconds_bucket"));
        assert!(buffer.contains("context_id=\"__overflow__\""));
        assert!(buffer.contains("node_executions_overflow_total"));
        assert!(buffer.contains("peer_id=\"p\\n\""));
    }
    // A new series: that scrape renders it (and may allocate), the next
    // allocates nothing again.
    let node = registry.get_or_create::<Node>("a".to_owned()).unwrap();
    node.routes.inc(Method::Post, "/new");
    for format in [Format::OpenMetrics, Format::Text] {
        buffer.clear();
        registry.encode_to_string(&mut buffer, format).unwrap();
    }
    for format in [Format::OpenMetrics, Format::Text] {
        let n = allocations(|| {
            buffer.clear();
            registry.encode_to_string(&mut buffer, format).unwrap();
        });
        assert_eq!(n, 0, "{format:?} after a new series");
        assert!(buffer.contains("route=\"/new\""));
    }
    // The counter counts: a scrape of a new registry allocates.
    let fresh = Registry::new();
    fresh.get_or_create::<Node>("c".to_owned()).unwrap();
    assert!(
        allocations(|| {
            let mut b = String::new();
            fresh.encode_to_string(&mut b, Format::Text).unwrap();
        }) > 0
    );
}

/// Run without libtest (`harness = false` in Cargo.toml): libtest's monitor
/// thread allocates when it prints its "running for over 60 seconds" notice,
/// and the allocator's counts are process-wide, so on a loaded machine it
/// could be counted as ours. Here the test runs alone on the main thread; a
/// failed assertion panics and fails the test binary.
fn main() {
    a_scrape_after_the_first_allocates_nothing();
    println!("test a_scrape_after_the_first_allocates_nothing ... ok");
}
