// expect: ok
// mistake: none, an unusual but correct use: strict lints derive debug (corpus B)
//! A strictly linted binary.
#![deny(warnings, missing_docs, unused)]

use metrics_runtime::{metrics_family, Counter, Gauge, Registry};

/// The app's metrics.
#[metrics_family(prefix = "app", require_help, title = "App Metrics")]
#[derive(Debug)]
pub(crate) struct AppMetrics {
    /// Requests served
    pub(crate) requests: Counter,
    /// Work in progress
    in_progress: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    m.requests.inc();
    m.in_progress.inc();
    m.in_progress.dec();
    println!("{m:?}");
}
