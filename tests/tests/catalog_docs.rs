//! The rendered reference of the whole catalogue, in `docs/`, must be what
//! the declarations render now: the docs cannot drift from the code.
//!
//! `GOLDEN=overwrite cargo test -p reference-tests --test catalog_docs`
//! rewrites `docs/metrics-reference.md` and `docs/metrics-reference.json`
//! from the current declarations (then review the diff).

mod common;

use metrics_catalog::Catalog;
use metrics_runtime::{LabelValues, MetricKind};
use reference_node::families;

fn catalog() -> Catalog {
    Catalog::from_families(families())
}

fn check(file: &str, actual: &str) {
    common::check_golden(&common::in_package("../docs").join(file), actual);
}

#[test]
fn markdown_reference_matches_the_declarations() {
    check("metrics-reference.md", &catalog().to_markdown());
}

#[test]
fn json_reference_matches_the_declarations() {
    check("metrics-reference.json", &catalog().to_json());
}

/// Every table row of the reference, as `(metric, type, labels)`: what the
/// rendered Markdown must reproduce for all five families.
const REFERENCE_ROWS: &[(&str, &str, &str)] = &[
    ("sync_messages_sent_total", "`Family<Counter>`", "protocol"),
    ("sync_bytes_sent_total", "`Family<Counter>`", "protocol"),
    ("sync_round_trips_total", "`Family<Counter>`", "protocol"),
    ("sync_entities_transferred_total", "`Counter`", ""),
    ("sync_merges_total", "`Family<Counter>`", "protocol"),
    ("sync_comparisons_total", "`Counter`", ""),
    (
        "sync_phase_duration_seconds",
        "`Family<Histogram>`",
        "phase",
    ),
    ("sync_duration_seconds", "`Family<Histogram>`", "protocol"),
    ("sync_snapshot_blocked_total", "`Counter`", ""),
    ("sync_verification_failures_total", "`Counter`", ""),
    ("sync_lww_fallback_total", "`Counter`", ""),
    ("sync_buffer_drops_total", "`Counter`", ""),
    ("sync_attempts_total", "`Family<Counter>`", "protocol"),
    ("sync_successes_total", "`Family<Counter>`", "protocol"),
    ("sync_failures_total", "`Family<Counter>`", "protocol"),
    (
        "sync_protocol_selections_total",
        "`Family<Counter>`",
        "protocol",
    ),
    ("network_event_channel_depth", "`Gauge`", ""),
    ("network_event_channel_received_total", "`Counter`", ""),
    ("network_event_channel_processed_total", "`Counter`", ""),
    ("network_event_channel_dropped_total", "`Counter`", ""),
    (
        "network_event_channel_processing_latency_seconds",
        "`Histogram`",
        "",
    ),
    ("execution_count", "`Family<Gauge>`", "context_id"),
    (
        "execution_duration_seconds",
        "`Family<Histogram>`",
        "context_id",
    ),
    ("calimero_governance_ops_applied_total", "`Counter`", ""),
    (
        "calimero_governance_ops_rejected_total",
        "`Family<Counter>`",
        "reason",
    ),
    (
        "calimero_governance_dag_heads",
        "`Family<Gauge>`",
        "group_id",
    ),
    (
        "calimero_governance_heartbeat_mismatches_total",
        "`Counter`",
        "",
    ),
    (
        "context_group_store_self_purge_failures_total",
        "`Family<Counter>`",
        "branch, class",
    ),
    (
        "context_group_store_self_purge_reconcile_total",
        "`Family<Counter>`",
        "outcome",
    ),
    (
        "context_group_store_self_purge_events_dropped_total",
        "`Counter`",
        "",
    ),
];

#[test]
fn markdown_has_a_section_and_a_row_for_everything_in_the_reference() {
    let markdown = catalog().to_markdown();
    // The reference's sections and, within Sync, its five tables.
    for section in [
        "## Sync Metrics",
        "### Transfer & Volume",
        "### CRDT Operations",
        "### Phase Timing",
        "### Invariant Monitoring",
        "### Protocol Selection & Outcomes",
        "## Network Event Channel Metrics",
        "## Context Metrics",
        "## Governance metrics (planned)",
        "## TEE Self-Purge Metrics",
    ] {
        assert!(
            markdown.lines().any(|l| l == section),
            "no section {section:?}"
        );
    }
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with("| `") && l.matches(" | ").count() == 3)
        .collect();
    assert_eq!(rows.len(), REFERENCE_ROWS.len(), "{rows:#?}");
    for (metric, ty, labels) in REFERENCE_ROWS {
        let prefix = format!("| `{metric}` | {ty} | {labels} | ");
        assert!(
            rows.iter().any(|row| row.starts_with(&prefix)),
            "no row starting {prefix:?}"
        );
    }
}

#[test]
fn markdown_states_every_value_bucket_and_bound() {
    let markdown = catalog().to_markdown();
    assert!(markdown.contains(
        "| `context_group_store_self_purge_failures_total` | `Family<Counter>` | branch, class | \
         Self-purge local-state cleanup failures. branch ∈ {namespace, subgroup}. \
         class ∈ {signing_key, context_cleanup} |"
    ));
    // The reference rounds the last bucket to 160s; the declaration says 0.01 * 2^14.
    assert!(markdown.contains(
        "(buckets: 10ms, 20ms, 40ms, 80ms, 160ms, 320ms, 640ms, 1.28s, 2.56s, 5.12s, 10.24s, \
         20.48s, 40.96s, 81.92s, 163.84s)"
    ));
    assert!(markdown.contains("(buckets: 1s, 2s, 4s, 8s, 16s, 32s, 64s, 128s, 256s, 512s, 1024s)"));
    assert!(markdown.contains(
        "- `execution_duration_seconds_bucket`: `1.0`, `2.0`, `4.0`, `8.0`, `16.0`, `32.0`, \
         `64.0`, `128.0`, `256.0`, `512.0`, `1024.0`, `+Inf`"
    ));
    assert!(markdown.contains(
        "| `stale_clear_failed` | Clearing a stale marker failed; re-evaluated next restart. |"
    ));
    assert!(markdown.contains("`context_id`, on `execution_count`, `execution_duration_seconds`: free-form; at most 1000 values"));
}

/// Every enum value, variant doc and free-form cap of the declarations is in
/// the JSON, and the JSON is well-formed enough for a strict reader: checked
/// by counting what must be there, from the descriptors themselves.
#[test]
fn json_carries_every_label_value_and_location() {
    let catalog = catalog();
    let json = catalog.to_json();
    for (family, metric) in catalog.metrics() {
        let exported = metric.exported_name(family.prefix);
        assert!(
            json.contains(&format!("\"exported_name\": \"{exported}\"")),
            "{exported}"
        );
        assert!(json.contains(&format!(
            "\"source\": {{\"file\": \"{}\", \"line\": {}}}",
            metric.file, metric.line
        )));
        for label in metric.labels {
            match label.values {
                LabelValues::Enum { values, .. } => {
                    for value in values {
                        assert!(json.contains(&format!("{{\"value\": \"{value}\", \"doc\": ")));
                    }
                }
                LabelValues::Free { max_series, .. } => {
                    assert!(json.contains(&format!("\"max_series\": {max_series}, ")));
                }
            }
        }
        if metric.kind == MetricKind::Histogram {
            for bucket in metric.bucket_labels() {
                assert!(json.contains(&format!("\"le\": \"{}\"", bucket.normalized)));
            }
        }
    }
    assert_eq!(json.matches('{').count(), json.matches('}').count());
    assert_eq!(json.matches('[').count(), json.matches(']').count());
}

/// The catalogue names exactly the samples the registered families export:
/// what the docs list and the lint accepts is what a scrape sees.
#[test]
fn catalogue_sample_names_are_the_exported_ones() {
    use std::collections::BTreeSet;

    use metrics_runtime::prometheus_client::registry::Registry;
    use metrics_runtime::{encode, Format};
    use reference_node::ReferenceMetrics;

    let mut registry = Registry::default();
    let metrics = ReferenceMetrics::new();
    metrics
        .register(&mut registry)
        .expect("the catalogue registers");
    // A free-form metric exports samples once it has a series.
    metrics.context.execution_count.inc("ctx-1");
    metrics.context.execution_duration.observe("ctx-1", 1.5);
    metrics.governance.dag_heads.inc("group-1");
    let text = encode(&registry, Format::Text).expect("encodes");
    let exported: BTreeSet<String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split(['{', ' ']).next())
        .map(str::to_owned)
        .collect();
    let declared: BTreeSet<String> = catalog().sample_names().into_iter().collect();
    assert_eq!(declared, exported);
    for name in &exported {
        assert!(catalog().series(name).is_some(), "{name}");
    }
}
