//! Alerts and recording rules on metrics and on the family: every form of
//! the grammar, as data in the descriptors.

use metrics_runtime::{
    metrics_family, AlertSeverity, Counter, Gauge, Histogram, LabelValue, MetricFamily,
};

#[derive(Clone, Copy, LabelValue)]
enum Class {
    SigningKey,
    #[label(rename = "cleanup")]
    ContextCleanup,
}

#[metrics_family(
    prefix = "store",
    record(
        name = "store:unaccounted_events",
        expr = "store_received_total - store_depth",
        labels(source = "store"),
    ),
    alert(
        name = "StoreAccountingMismatch",
        expr = "store:unaccounted_events != 0",
        for = "5m",
        severity = "warning",
        summary = "Accounting is off on {{ $labels.instance }}",
    ),
)]
struct Store {
    /// Events received
    received: Counter,
    /// Events waiting
    #[metric(alert(
        name = "StoreBacklog",
        expr = "store_depth > 800 and on(instance) rate(store_received_total[5m]) > 0",
        for = "1h30m",
        severity = "info",
    ))]
    depth: Gauge,
    /// Purge failures
    #[metric(
        labels(class: Class),
        alert(
            name = "StoreSigningKeyResidue",
            expr = "increase(store_failures_total{class=\"signing_key\"}[15m]) > 0",
            severity = "critical",
            labels(team = "security", r#type = "residue"),
            summary = "Signing-key residue on {{ $labels.instance }}",
            description = "A purge failed.",
            annotations(runbook_url = "https://example.com/runbook"),
        ),
        alert(
            name = "StoreCleanupFailures",
            expr = "sum by (class) (rate(store_failures_total{class=~\"cleanup|signing_key\", class!=\"signing_key\"}[5m])) > 1",
            severity = "warning",
        ),
        record(name = "store:failures:rate5m", expr = "sum by (job, class) (rate(store_failures_total[5m]))"),
    )]
    failures: Counter,
    /// Request latency
    #[metric(
        unit = "seconds",
        buckets = [0.1, 0.5, 1],
        alert(
            name = "StoreSlow",
            expr = "histogram_quantile(0.99, sum by (le) (rate(store_latency_seconds_bucket{le=~\".*\"}[5m]))) > 0.5 \
                    or rate(store_latency_seconds_bucket{le=\"0.5\"}[5m]) < bool 0",
            severity = "warning",
            lint_allow = "never-matches",
        )
    )]
    latency: Histogram,
    /// Executions per context
    #[metric(
        labels(context_id: String),
        max_series = 10,
        alert(
            name = "StoreContextsOverflow",
            expr = "rate(store_executions_overflow_total[5m]) > 0 or store_executions{context_id=\"x\"} > 100 or up == 0",
            severity = "warning",
        )
    )]
    executions: Gauge,
}

fn main() {
    let m = Store::new();
    m.received.inc();
    m.depth.inc();
    m.failures.inc(Class::SigningKey);
    m.latency.observe(0.2);
    m.executions.inc("ctx-1");

    let d = Store::descriptor();
    assert_eq!(d.records[0].name, "store:unaccounted_events");
    assert_eq!(d.records[0].labels, &[("source", "store")]);
    assert_eq!(d.alerts[0].name, "StoreAccountingMismatch");
    assert_eq!(d.alerts[0].for_duration, Some("5m"));

    let depth = &d.metrics[1];
    assert_eq!(depth.alerts[0].severity, AlertSeverity::Info);
    // No `summary`: the metric's help text.
    assert_eq!(depth.alerts[0].summary, "Events waiting");
    assert_eq!(depth.alerts[0].description, "");

    let failures = &d.metrics[2];
    let residue = &failures.alerts[0];
    assert_eq!(residue.severity, AlertSeverity::Critical);
    assert_eq!(residue.labels, &[("team", "security"), ("type", "residue")]);
    assert_eq!(residue.annotations, &[("runbook_url", "https://example.com/runbook")]);
    assert_eq!(residue.description, "A purge failed.");
    assert_eq!(failures.alerts.len(), 2);
    assert_eq!(failures.records[0].name, "store:failures:rate5m");
    assert!(residue.line > 0 && residue.file.ends_with("alerts.rs"));

    assert_eq!(d.metrics[3].alerts[0].lint_allow, &["never-matches"]);
    assert_eq!(d.metrics[0].alerts.len(), 0);
}
