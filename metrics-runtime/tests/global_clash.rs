//! Two `global!` statics of different families exporting one name: the
//! process-wide registry's first use panics with the error naming both, as
//! `Registry::global` documents. (A test binary of its own: the panic
//! poisons this process's registry.)

use metrics_runtime::{global, metrics_family, Counter, Registry};

#[metrics_family(prefix = "jobs")]
struct Jobs {
    /// Jobs started
    started: Counter,
}

#[metrics_family]
struct Flat {
    /// Jobs started, named flat
    jobs_started: Counter,
}

global! {
    static JOBS: Jobs;
    static FLAT: Flat;
}

#[test]
#[should_panic(
    expected = "registering a `global!` static: `Jobs::started` exports `jobs_started_total`, which `Flat::jobs_started` already in this registry exports"
)]
fn two_statics_exporting_one_name_panic_on_first_use() {
    // Forced in the order of their family names: `Flat` first.
    let _ = Registry::global();
    unreachable!("{} {}", JOBS.started.get(), FLAT.jobs_started.get());
}
