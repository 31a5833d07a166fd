//! The self-purge family registered beside a hand-written prometheus-client
//! metric: every enum series at zero before recording, exact text after.

use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, Format};
use reference_node::self_purge::{Branch, PurgeClass, ReconcileOutcome, SelfPurgeMetrics};

fn setup() -> (SelfPurgeMetrics, PcCounter, Registry) {
    let mut registry = Registry::default();
    let hand_written: PcCounter = PcCounter::default();
    registry.register(
        "hand_written_events",
        "A metric registered by hand",
        hand_written.clone(),
    );
    let metrics = SelfPurgeMetrics::new();
    metrics.register(&mut registry).expect("names are free");
    (metrics, hand_written, registry)
}

#[test]
fn every_enum_series_exists_at_zero_before_recording() {
    let (_, _, registry) = setup();
    let text = encode(&registry, Format::Text).unwrap();
    let zero_series = text
        .lines()
        .filter(|l| {
            l.starts_with("context_group_store_self_purge_") && l.contains('{') && l.ends_with(" 0")
        })
        .count();
    assert_eq!(zero_series, 4 + 5, "{text}");
}

#[test]
fn records_and_encodes_exactly() {
    let (m, hand_written, registry) = setup();
    hand_written.inc();
    m.self_purge_failures
        .inc(Branch::Namespace, PurgeClass::SigningKey);
    m.self_purge_failures
        .with(Branch::Subgroup, PurgeClass::ContextCleanup)
        .inc_by(2);
    m.self_purge_reconcile.inc(ReconcileOutcome::Retained);
    m.self_purge_events_dropped.inc();

    assert_eq!(
        m.self_purge_failures
            .get(Branch::Namespace, PurgeClass::SigningKey),
        1
    );
    assert_eq!(
        m.self_purge_failures
            .get(Branch::Namespace, PurgeClass::ContextCleanup),
        0
    );

    assert_eq!(
        encode(&registry, Format::Text).unwrap(),
        "\
# HELP hand_written_events_total A metric registered by hand.
# TYPE hand_written_events_total counter
hand_written_events_total 1
# HELP context_group_store_self_purge_failures_total Self-purge local-state cleanup failures.
# TYPE context_group_store_self_purge_failures_total counter
context_group_store_self_purge_failures_total{branch=\"namespace\",class=\"signing_key\"} 1
context_group_store_self_purge_failures_total{branch=\"namespace\",class=\"context_cleanup\"} 0
context_group_store_self_purge_failures_total{branch=\"subgroup\",class=\"signing_key\"} 0
context_group_store_self_purge_failures_total{branch=\"subgroup\",class=\"context_cleanup\"} 2
# HELP context_group_store_self_purge_reconcile_total Startup reconcile-sweep outcomes, one increment per marked namespace processed.
# TYPE context_group_store_self_purge_reconcile_total counter
context_group_store_self_purge_reconcile_total{outcome=\"reconciled\"} 0
context_group_store_self_purge_reconcile_total{outcome=\"retained\"} 1
context_group_store_self_purge_reconcile_total{outcome=\"cleared_stale\"} 0
context_group_store_self_purge_reconcile_total{outcome=\"stale_clear_failed\"} 0
context_group_store_self_purge_reconcile_total{outcome=\"skipped\"} 0
# HELP context_group_store_self_purge_events_dropped_total Self-purge op-events dropped by the broadcast Lagged arm (subscriber fell behind).
# TYPE context_group_store_self_purge_events_dropped_total counter
context_group_store_self_purge_events_dropped_total 1
"
    );

    assert_eq!(
        encode(&registry, Format::OpenMetrics).unwrap(),
        "\
# HELP hand_written_events A metric registered by hand.
# TYPE hand_written_events counter
hand_written_events_total 1
# HELP context_group_store_self_purge_failures Self-purge local-state cleanup failures.
# TYPE context_group_store_self_purge_failures counter
context_group_store_self_purge_failures_total{branch=\"namespace\",class=\"signing_key\"} 1
context_group_store_self_purge_failures_total{branch=\"namespace\",class=\"context_cleanup\"} 0
context_group_store_self_purge_failures_total{branch=\"subgroup\",class=\"signing_key\"} 0
context_group_store_self_purge_failures_total{branch=\"subgroup\",class=\"context_cleanup\"} 2
# HELP context_group_store_self_purge_reconcile Startup reconcile-sweep outcomes, one increment per marked namespace processed.
# TYPE context_group_store_self_purge_reconcile counter
context_group_store_self_purge_reconcile_total{outcome=\"reconciled\"} 0
context_group_store_self_purge_reconcile_total{outcome=\"retained\"} 1
context_group_store_self_purge_reconcile_total{outcome=\"cleared_stale\"} 0
context_group_store_self_purge_reconcile_total{outcome=\"stale_clear_failed\"} 0
context_group_store_self_purge_reconcile_total{outcome=\"skipped\"} 0
# HELP context_group_store_self_purge_events_dropped Self-purge op-events dropped by the broadcast Lagged arm (subscriber fell behind).
# TYPE context_group_store_self_purge_events_dropped counter
context_group_store_self_purge_events_dropped_total 1
# EOF
"
    );
}
