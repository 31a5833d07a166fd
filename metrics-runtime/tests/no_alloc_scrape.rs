//! A scrape of our registry's enum-labelled families allocates nothing after
//! the first, with a reused buffer: counted with an instrumented global
//! allocator. (Free-form metrics are written through prometheus-client's
//! encoder for now, which allocates; they are not in this test.)
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
}

fn allocations(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    let stats = region.change();
    stats.allocations + stats.reallocations
}

#[test]
fn a_scrape_after_the_first_allocates_nothing() {
    let registry = Registry::new();
    for peer in ["a", "b"] {
        let node = registry.get_or_create::<Node>(peer.to_owned()).unwrap();
        node.requests.inc(Method::Get);
        node.depth.set(3);
        node.load.set(0.5);
        node.latency.observe(Method::Post, 0.3);
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
