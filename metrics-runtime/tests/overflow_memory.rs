//! The series bound holds memory flat: 10^6 distinct label values recorded
//! into a metric bounded at 1000 series leave exactly 1000 series, fold
//! exactly 999,000 recordings into the overflow series, and allocate nothing
//! once the bound is reached.
//!
//! Alone in its test binary because it measures the process's allocations.

use std::fmt::Write as _;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, metrics_family, Counter, Format, OVERFLOW_LABEL_VALUE};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

mod common;

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

#[metrics_family(prefix = "node")]
struct Node {
    /// Executions per context
    #[metric(labels(context_id: String), max_series = 1000)]
    executions: Counter,
}

const IDS: u64 = 1_000_000;
const CAP: u64 = 1000;

/// Bytes in use now minus bytes in use when `region` started.
fn net_bytes(region: &Region<'_, std::alloc::System>) -> i64 {
    let c = region.change();
    c.bytes_allocated as i64 - c.bytes_deallocated as i64 + c.bytes_reallocated as i64
}

fn a_million_distinct_ids_hold_a_thousand_series_and_fold_the_rest() {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();

    let mut id = String::with_capacity(32);
    for i in 0..CAP {
        id.clear();
        write!(id, "context-{i:07}").unwrap();
        node.executions.inc(&id);
    }
    assert_eq!(node.executions.series(), CAP as usize);
    assert_eq!(node.executions.overflowed(), 0);

    // Past the bound: nothing more is allocated, however many new ids come.
    let region = Region::new(GLOBAL);
    for i in CAP..IDS {
        id.clear();
        write!(id, "context-{i:07}").unwrap();
        node.executions.inc(&id);
    }
    let grown = net_bytes(&region);
    let allocations = region.change().allocations;
    println!(
        "{} ids recorded: {} series held, {} folded; {allocations} allocations and {grown} bytes net after the bound",
        IDS,
        node.executions.series(),
        node.executions.overflowed()
    );
    assert_eq!(allocations, 0, "recording past the bound allocated");
    assert_eq!(grown, 0);

    assert_eq!(node.executions.series(), CAP as usize);
    assert_eq!(node.executions.overflowed(), IDS - CAP);
    assert_eq!(node.executions.get("context-0000000"), 1);
    assert_eq!(
        node.executions.get("context-0999999"),
        0,
        "folded, not held"
    );
    assert_eq!(node.executions.store().overflow().get(), IDS - CAP);

    // The exposition: 1000 series, the overflow series, and the self-metric.
    let text = encode(&registry, Format::OpenMetrics).unwrap();
    let exposition = common::parse(&text, true).unwrap();
    assert_eq!(
        exposition.named("node_executions_total").count(),
        CAP as usize + 1
    );
    assert_eq!(
        exposition.value(
            "node_executions_total",
            &[("context_id", OVERFLOW_LABEL_VALUE)]
        ),
        (IDS - CAP) as f64
    );
    assert_eq!(
        exposition.value("node_executions_overflow_total", &[]),
        (IDS - CAP) as f64
    );
    let total: f64 = exposition
        .named("node_executions_total")
        .map(|s| s.value)
        .sum();
    assert_eq!(total, IDS as f64, "every recording is exported somewhere");
}

/// Run without libtest (`harness = false` in Cargo.toml): libtest's monitor
/// thread allocates when it prints its "running for over 60 seconds" notice,
/// and the allocator's counts are process-wide, so on a loaded machine it
/// could be counted as ours. Here the test runs alone on the main thread; a
/// failed assertion panics and fails the test binary.
fn main() {
    a_million_distinct_ids_hold_a_thousand_series_and_fold_the_rest();
    println!("test a_million_distinct_ids_hold_a_thousand_series_and_fold_the_rest ... ok");
}
