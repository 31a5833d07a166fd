//! The complete exposition of the freshly registered catalogue, in both
//! formats, against the files in `tests/golden/`.
//!
//! `GOLDEN=overwrite cargo test -p reference-tests --test golden` rewrites
//! the files from the current output (then review the diff).

mod common;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, Format};
use reference_node::ReferenceMetrics;

fn fresh(format: Format) -> String {
    let mut registry = Registry::default();
    ReferenceMetrics::new()
        .register(&mut registry)
        .expect("the catalogue's names are distinct");
    encode(&registry, format).expect("encoding into a String does not fail")
}

fn check(file: &str, actual: &str) {
    common::check_golden(&common::in_package("golden").join(file), actual);
}

#[test]
fn text_format_matches_golden() {
    check("exposition.txt", &fresh(Format::Text));
}

#[test]
fn openmetrics_format_matches_golden() {
    check("exposition.openmetrics.txt", &fresh(Format::OpenMetrics));
}

#[test]
fn exposition_is_deterministic() {
    assert_eq!(fresh(Format::Text), fresh(Format::Text));
    assert_eq!(fresh(Format::OpenMetrics), fresh(Format::OpenMetrics));
}

/// The properties the reference's queries rely on, checked on the output
/// itself so a golden file accepted by mistake cannot hide them.
#[test]
fn exposition_has_the_reference_names() {
    let text = fresh(Format::Text);
    assert!(!text.contains("_total_total"), "{text}");
    for name in [
        "sync_messages_sent_total",
        "sync_bytes_sent_total",
        "sync_round_trips_total",
        "sync_entities_transferred_total",
        "sync_merges_total",
        "sync_comparisons_total",
        "sync_phase_duration_seconds",
        "sync_duration_seconds",
        "sync_snapshot_blocked_total",
        "sync_verification_failures_total",
        "sync_lww_fallback_total",
        "sync_buffer_drops_total",
        "sync_attempts_total",
        "sync_successes_total",
        "sync_failures_total",
        "sync_protocol_selections_total",
        "network_event_channel_depth",
        "network_event_channel_received_total",
        "network_event_channel_processed_total",
        "network_event_channel_dropped_total",
        "network_event_channel_processing_latency_seconds",
        "execution_count",
        "execution_duration_seconds",
        "calimero_governance_ops_applied_total",
        "calimero_governance_ops_rejected_total",
        "calimero_governance_dag_heads",
        "calimero_governance_heartbeat_mismatches_total",
        "context_group_store_self_purge_failures_total",
        "context_group_store_self_purge_reconcile_total",
        "context_group_store_self_purge_events_dropped_total",
    ] {
        let kind = if name.ends_with("_total") {
            "counter"
        } else if name.ends_with("_seconds") {
            "histogram"
        } else {
            "gauge"
        };
        assert!(
            text.contains(&format!("\n# TYPE {name} {kind}\n")),
            "no `# TYPE {name} {kind}` in\n{text}"
        );
    }
    // Besides the reference's 30, only the counters of recordings folded
    // into the `__overflow__` series of the three free-form metrics.
    let mut overflow: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter(|l| l.contains("_overflow_total "))
        .collect();
    overflow.sort_unstable();
    assert_eq!(
        overflow,
        [
            "calimero_governance_dag_heads_overflow_total counter",
            "execution_count_overflow_total counter",
            "execution_duration_seconds_overflow_total counter",
        ]
    );
    assert_eq!(text.matches("# TYPE ").count(), 30 + 3, "{text}");
}

/// Every series of an enum-labelled metric is exported at zero before
/// anything is recorded, so `rate()` and `increase()` have a starting point.
#[test]
fn every_enum_series_is_exported_at_zero() {
    let text = fresh(Format::Text);
    let count = |prefix: &str| {
        text.lines()
            .filter(|l| l.starts_with(prefix) && l.ends_with(" 0"))
            .count()
    };
    for protocol_counter in [
        "sync_messages_sent_total{",
        "sync_bytes_sent_total{",
        "sync_round_trips_total{",
        "sync_merges_total{",
        "sync_attempts_total{",
        "sync_successes_total{",
        "sync_failures_total{",
        "sync_protocol_selections_total{",
    ] {
        assert_eq!(count(protocol_counter), 7, "{protocol_counter}\n{text}");
    }
    // 15 bounds and +Inf, per value.
    assert_eq!(count("sync_phase_duration_seconds_bucket{"), 4 * 16);
    assert_eq!(count("sync_phase_duration_seconds_count{"), 4);
    assert_eq!(count("sync_duration_seconds_bucket{"), 7 * 16);
    assert_eq!(count("sync_duration_seconds_count{"), 7);
    assert_eq!(count("calimero_governance_ops_rejected_total{"), 4);
    assert_eq!(count("context_group_store_self_purge_failures_total{"), 4);
    assert_eq!(count("context_group_store_self_purge_reconcile_total{"), 5);
    for protocol in [
        "none",
        "snapshot",
        "hash_comparison",
        "delta_sync",
        "subtree_prefetch",
        "level_wise",
        "bloom_filter",
    ] {
        assert!(
            text.contains(&format!(
                "sync_attempts_total{{protocol=\"{protocol}\"}} 0\n"
            )),
            "{protocol}"
        );
    }
    // Free-form metrics have no series until a value is recorded.
    assert!(!text.contains("execution_count{"), "{text}");
    assert!(!text.contains("calimero_governance_dag_heads{"), "{text}");
}

#[test]
fn bucket_bounds_are_the_reference_ones() {
    let text = fresh(Format::Text);
    let bounds = |series: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with(series))
            .filter_map(|l| l.split("le=\"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        bounds("sync_phase_duration_seconds_bucket{phase=\"apply\""),
        [
            "0.001", "0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256",
            "0.512", "1.024", "2.048", "4.096", "8.192", "16.384", "+Inf"
        ]
    );
    assert_eq!(
        bounds("sync_duration_seconds_bucket{protocol=\"snapshot\""),
        [
            "0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12",
            "10.24", "20.48", "40.96", "81.92", "163.84", "+Inf"
        ]
    );
}

/// The context histogram's bounds are 1 s … 1024 s; the free-form label means
/// no series exist until recording, so record one.
#[test]
fn context_buckets_are_integral_in_text_and_floats_in_openmetrics() {
    let metrics = ReferenceMetrics::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.context.execution_duration.observe("ctx", 40.0);
    let text = encode(&registry, Format::Text).unwrap();
    let le: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("execution_duration_seconds_bucket{"))
        .map(|l| l.split("le=\"").nth(1).unwrap().split('"').next().unwrap())
        .collect();
    assert_eq!(
        le,
        ["1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1024", "+Inf"]
    );
    assert!(text.contains("execution_duration_seconds_bucket{context_id=\"ctx\",le=\"32\"} 0\n"));
    assert!(text.contains("execution_duration_seconds_bucket{context_id=\"ctx\",le=\"64\"} 1\n"));
    let om = encode(&registry, Format::OpenMetrics).unwrap();
    // OpenMetrics writes every bound as a float: Prometheus 2.x stores `le`
    // as exposed, so `{le="32"}` would not match a scrape of this format.
    assert!(
        om.contains("execution_duration_seconds_bucket{le=\"32.0\",context_id=\"ctx\"} 0\n"),
        "{om}"
    );
}
