//! The worst-case memory of a metric with free-form labels, as
//! RELIABILITY.md gives it, against what a metric filled to its bounds
//! actually allocates: `max_series` tuples of values of `max_value_len`
//! bytes, every enum combination, and a fold.
//!
//! Alone in its test binary because it measures the process's allocations.

use metrics_runtime::{metrics_family, Counter, Histogram, LabelValue};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
    Put,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Status {
    Success,
    ClientError,
    ServerError,
}

const N: usize = 500;
const L: usize = 256;
const BUCKETS: usize = 4;

#[metrics_family]
struct Http {
    /// Requests
    #[metric(labels(method: Method, route: String, status: Status), max_series = 500, max_value_len = 256)]
    requests: Counter,
    /// Latency
    #[metric(labels(route: String, method: Method), max_series = 500, max_value_len = 256, buckets = [0.1, 0.5, 1, 5])]
    latency: Histogram,
}

/// RELIABILITY.md's bound, in bytes, for one metric: 8 KiB for the store
/// (its shards, and their tables' first allocations), then per held tuple
/// and for the overflow tuple its cells (an `Arc` header padded to 128
/// bytes and 128 per enum combination, plus a histogram's padded counts),
/// and per held tuple its key and its table slot.
fn bound(enums: usize, free: usize, histogram_buckets: Option<usize>) -> usize {
    let fixed = 8192;
    let cells = 128 * (enums + 1) + histogram_buckets.map_or(0, |b| enums * 8 * (b + 33));
    let key = 16 + free * L;
    let table = 113;
    fixed + (N + 1) * cells + N * (key + table)
}

fn net(region: &Region<'_, std::alloc::System>) -> usize {
    let c = region.change();
    (c.bytes_allocated + c.bytes_reallocated as usize).saturating_sub(c.bytes_deallocated)
}

fn a_metric_filled_to_its_bounds_stays_under_the_documented_formula() {
    // The values first, so only the metric's allocations are counted.
    let routes: Vec<String> = (0..=N)
        .map(|i| {
            let mut v = format!("/route/{i:05}/");
            v.extend(std::iter::repeat_n('x', L - v.len()));
            v
        })
        .collect();
    let region = Region::new(GLOBAL);
    let m = Http::new();
    for route in &routes {
        for method in [Method::Get, Method::Post, Method::Put] {
            for status in [Status::Success, Status::ClientError, Status::ServerError] {
                m.requests.inc(method, route, status);
            }
            m.latency.observe(route, method, 0.2);
        }
    }
    assert_eq!((m.requests.series(), m.latency.series()), (N, N));
    assert!(m.requests.overflowed() > 0 && m.latency.overflowed() > 0);
    let used = net(&region);
    let documented = bound(9, 1, None) + bound(3, 1, Some(BUCKETS));
    println!("filled to the bounds: {used} bytes in use, documented bound {documented} bytes");
    assert!(used <= documented, "{used} > {documented}");
    // The bound is not loose: most of it is in use.
    assert!(
        used * 10 >= documented * 8,
        "{used} is far below {documented}"
    );
    drop(m);
}

/// Run without libtest (`harness = false` in Cargo.toml): libtest's monitor
/// thread allocates when it prints its "running for over 60 seconds" notice,
/// and the allocator's counts are process-wide, so on a loaded machine it
/// could be counted as ours. Here the test runs alone on the main thread; a
/// failed assertion panics and fails the test binary.
fn main() {
    a_metric_filled_to_its_bounds_stays_under_the_documented_formula();
    println!("test a_metric_filled_to_its_bounds_stays_under_the_documented_formula ... ok");
}
