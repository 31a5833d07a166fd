//! A flood of free-form values into a metric with enum labels too: 10^6
//! distinct routes × 3 methods into a bound of 500 routes hold exactly the
//! bound, fold and count every other recording, keep `method` on every
//! overflow series (so `sum by (method)` stays exact), and allocate nothing
//! once the bound is reached.
//!
//! Alone in its test binary because it measures the process's allocations.

use std::fmt::Write as _;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, metrics_family, Counter, Format, LabelValue, OVERFLOW_LABEL_VALUE};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

mod common;

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
    Delete,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(labels(method: Method, route: String), max_series = 500)]
    requests: Counter,
}

const ROUTES: u64 = 1_000_000;
const CAP: u64 = 500;
const METHODS: [Method; 3] = [Method::Get, Method::Post, Method::Delete];

fn a_million_routes_by_three_methods_hold_the_bound_and_keep_the_method() {
    let m = Http::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();

    let mut route = String::with_capacity(32);
    for i in 0..CAP {
        route.clear();
        write!(route, "/items/{i:07}").unwrap();
        for method in METHODS {
            m.requests.inc(method, &route);
        }
    }
    assert_eq!(m.requests.series(), CAP as usize);
    assert_eq!(m.requests.overflowed(), 0);

    // Past the bound: nothing more is allocated, however many new routes.
    let region = Region::new(GLOBAL);
    for i in CAP..ROUTES {
        route.clear();
        write!(route, "/items/{i:07}").unwrap();
        for method in METHODS {
            m.requests.inc(method, &route);
        }
    }
    let change = region.change();
    let grown = change.bytes_allocated as i64 - change.bytes_deallocated as i64
        + change.bytes_reallocated as i64;
    println!(
        "{ROUTES} routes x 3 methods: {} routes held, {} recordings folded; {} allocations, {grown} bytes net after the bound",
        m.requests.series(),
        m.requests.overflowed(),
        change.allocations
    );
    assert_eq!(change.allocations, 0, "recording past the bound allocated");
    assert_eq!(grown, 0);

    let folded = 3 * (ROUTES - CAP);
    assert_eq!(m.requests.series(), CAP as usize);
    assert_eq!(m.requests.overflowed(), folded);
    for method in METHODS {
        assert_eq!(m.requests.get(method, OVERFLOW_LABEL_VALUE), ROUTES - CAP);
        assert_eq!(m.requests.get(method, "/items/0000000"), 1);
        assert_eq!(
            m.requests.get(method, "/items/0999999"),
            0,
            "folded, not held"
        );
    }

    // The exposition: 500 routes × 3 methods, the overflow route × 3, each
    // overflow series with its method; sums by method exact.
    let text = encode(&registry, Format::OpenMetrics).unwrap();
    let s = common::parse(&text, true).unwrap();
    assert_eq!(
        s.named("http_requests_total").count(),
        (CAP as usize + 1) * 3
    );
    let overflow: Vec<&str> = s
        .named("http_requests_total")
        .filter(|x| x.label("route") == Some(OVERFLOW_LABEL_VALUE))
        .map(|x| x.label("method").expect("method kept"))
        .collect();
    assert_eq!(overflow, ["get", "post", "delete"]);
    for method in ["get", "post", "delete"] {
        let sum: f64 = s
            .named("http_requests_total")
            .filter(|x| x.label("method") == Some(method))
            .map(|x| x.value)
            .sum();
        assert_eq!(sum, ROUTES as f64, "sum by (method) for {method}");
        assert_eq!(
            s.value(
                "http_requests_total",
                &[("method", method), ("route", OVERFLOW_LABEL_VALUE)]
            ),
            (ROUTES - CAP) as f64
        );
    }
    assert_eq!(s.value("http_requests_overflow_total", &[]), folded as f64);
}

/// Run without libtest (`harness = false` in Cargo.toml): libtest's monitor
/// thread allocates when it prints its "running for over 60 seconds" notice,
/// and the allocator's counts are process-wide, so on a loaded machine it
/// could be counted as ours. Here the test runs alone on the main thread; a
/// failed assertion panics and fails the test binary.
fn main() {
    a_million_routes_by_three_methods_hold_the_bound_and_keep_the_method();
    println!("test a_million_routes_by_three_methods_hold_the_bound_and_keep_the_method ... ok");
}
