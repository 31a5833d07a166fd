//! Generated code of declared alerts and recording rules is clean under the
//! user's strictest lints (as `tests/lints.rs` is for the rest of the DSL):
//! `cargo clippy --workspace --all-targets -- -D warnings` checks this file.
#![deny(
    missing_docs,
    warnings,
    clippy::all,
    clippy::must_use_candidate,
    clippy::missing_const_for_fn,
    clippy::redundant_pub_crate,
    clippy::use_self,
    clippy::semicolon_if_nothing_returned,
    clippy::unreadable_literal,
    clippy::default_trait_access
)]

/// A public family with alerts, as a library exports it.
pub mod public {
    use metrics_runtime::{metrics_family, Counter, Gauge, Histogram, LabelValue};

    /// What was purged.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
    pub enum Class {
        /// Private signing keys.
        SigningKey,
        /// Context state.
        ContextCleanup,
    }

    /// A store with alerts on its metrics and on itself.
    #[metrics_family(
        prefix = "store",
        record(
            name = "store:unaccounted:events",
            expr = "store_received_total - store_depth"
        ),
        alert(
            name = "StoreAccounting",
            expr = "store:unaccounted:events != 0",
            for = "5m",
            severity = "warning",
            summary = "Accounting is off",
        )
    )]
    pub struct Store {
        /// Events received
        pub received: Counter,
        /// Events waiting
        #[metric(alert(
            name = "StoreBacklog",
            expr = "store_depth > 800",
            for = "5m",
            severity = "info"
        ))]
        pub depth: Gauge,
        /// Purge failures
        #[metric(
            labels(class: Class),
            alert(
                name = "StoreSigningKeyResidue",
                expr = "increase(store_failures_total{class=\"signing_key\", class!=\"context_cleanup\"}[15m]) > 0",
                severity = "critical",
                labels(team = "security"),
                annotations(runbook_url = "https://example.com"),
            )
        )]
        pub failures: Counter,
        /// Latency
        #[metric(
            unit = "seconds",
            buckets = [0.1, 0.5],
            alert(
                name = "StoreSlow",
                expr = "histogram_quantile(0.99, sum by (le) (rate(store_latency_seconds_bucket[5m]))) > 0.5",
                severity = "warning",
            )
        )]
        pub latency: Histogram,
    }
}

#[test]
fn the_alerts_are_in_the_descriptor() {
    use metrics_runtime::MetricFamily;
    let d = public::Store::descriptor();
    assert_eq!(d.alerts.len(), 1);
    assert_eq!(d.records.len(), 1);
    let names: Vec<&str> = d
        .metrics
        .iter()
        .flat_map(|m| m.alerts)
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        ["StoreBacklog", "StoreSigningKeyResidue", "StoreSlow"]
    );
    let m = public::Store::new();
    m.failures.inc(public::Class::SigningKey);
    assert_eq!(m.failures.get(public::Class::SigningKey), 1);
}
