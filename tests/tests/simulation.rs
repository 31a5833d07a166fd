//! The simulated node records what every query of the reference needs, in
//! any few seconds of its run, and reproducibly.

use std::sync::Arc;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, Format};
use reference_node::governance::RejectReason;
use reference_node::self_purge::{Branch, PurgeClass, ReconcileOutcome};
use reference_node::sim::{self, Simulation, CHANNEL_CAPACITY};
use reference_node::sync::{Phase, Protocol};
use reference_node::ReferenceMetrics;

/// The values the alert queries look at, read at one instant.
#[derive(Debug, Clone, PartialEq)]
struct Alerts {
    verification_failures: u64,
    buffer_drops: u64,
    snapshot_blocked: u64,
    channel_dropped: u64,
    signing_key_failures: u64,
    retained: u64,
    events_dropped: u64,
    snapshot_failures: u64,
    slow_executions: u64,
}

fn alerts(m: &ReferenceMetrics) -> Alerts {
    let slow = (0..36)
        .map(|i| format!("ctx-{i:02}"))
        .filter_map(|id| m.context.execution_duration.get(&id))
        .map(|h| {
            // Observations above 32 s: the count minus the le=32 bucket's
            // cumulative count.
            let (_, at_32) = h.buckets.iter().find(|(le, _)| *le == 32.0).unwrap();
            h.count - at_32
        })
        .sum();
    Alerts {
        verification_failures: m.sync.verification_failures.get(),
        buffer_drops: m.sync.buffer_drops.get(),
        snapshot_blocked: m.sync.snapshot_blocked.get(),
        channel_dropped: m.network_event_channel.dropped.get(),
        signing_key_failures: m
            .self_purge
            .self_purge_failures
            .get(Branch::Namespace, PurgeClass::SigningKey)
            + m.self_purge
                .self_purge_failures
                .get(Branch::Subgroup, PurgeClass::SigningKey),
        retained: m
            .self_purge
            .self_purge_reconcile
            .get(ReconcileOutcome::Retained),
        events_dropped: m.self_purge.self_purge_events_dropped.get(),
        snapshot_failures: m.sync.failures.get(Protocol::Snapshot),
        slow_executions: slow,
    }
}

fn every_field_grew(before: &Alerts, after: &Alerts) -> Vec<&'static str> {
    let pairs = [
        (
            "verification_failures",
            before.verification_failures,
            after.verification_failures,
        ),
        ("buffer_drops", before.buffer_drops, after.buffer_drops),
        (
            "snapshot_blocked",
            before.snapshot_blocked,
            after.snapshot_blocked,
        ),
        (
            "channel_dropped",
            before.channel_dropped,
            after.channel_dropped,
        ),
        (
            "signing_key_failures",
            before.signing_key_failures,
            after.signing_key_failures,
        ),
        ("retained", before.retained, after.retained),
        (
            "events_dropped",
            before.events_dropped,
            after.events_dropped,
        ),
        (
            "snapshot_failures",
            before.snapshot_failures,
            after.snapshot_failures,
        ),
        (
            "slow_executions",
            before.slow_executions,
            after.slow_executions,
        ),
    ];
    pairs
        .iter()
        .filter(|(_, b, a)| a <= b)
        .map(|(name, _, _)| *name)
        .collect()
}

/// Every 3 s window (30 ticks) of a long run sees every alert's event: a
/// Prometheus scraping every second has it within its first few scrapes.
#[test]
fn every_alert_fires_in_every_three_second_window() {
    let metrics = Arc::new(ReferenceMetrics::new());
    let mut sim = Simulation::new(Arc::clone(&metrics), 7);
    for window in 0..40 {
        let before = alerts(&metrics);
        for _ in 0..30 {
            sim.step();
        }
        let stale = every_field_grew(&before, &alerts(&metrics));
        assert!(stale.is_empty(), "window {window}: no new {stale:?}");
    }
}

#[test]
fn channel_books_balance() {
    let metrics = Arc::new(ReferenceMetrics::new());
    let mut sim = Simulation::new(Arc::clone(&metrics), 1);
    let channel = &metrics.network_event_channel;
    for _ in 0..200 {
        sim.step();
        // The reference's identity: received - processed = depth + dropped.
        assert_eq!(
            channel.received.get() - channel.processed.get(),
            channel.depth.get() as u64 + channel.dropped.get()
        );
        assert!(channel.depth.get() as usize <= CHANNEL_CAPACITY);
    }
    assert!(channel.dropped.get() > 0);
    // Drops are the exception, not the rule.
    assert!(channel.dropped.get() * 10 < channel.received.get());
    assert_eq!(
        channel.processing_latency.get().count,
        channel.processed.get()
    );
}

#[test]
fn sessions_are_consistent() {
    let metrics = Arc::new(ReferenceMetrics::new());
    let mut sim = Simulation::new(Arc::clone(&metrics), 2);
    for _ in 0..300 {
        sim.step();
    }
    assert_eq!(sim.ticks(), 300);
    let sync = &metrics.sync;
    for p in Protocol::ALL {
        // Every attempt ends as exactly one success or failure, and every
        // selection is attempted.
        assert_eq!(
            sync.attempts.get(p),
            sync.successes.get(p) + sync.failures.get(p),
            "{p:?}"
        );
        assert_eq!(sync.protocol_selections.get(p), sync.attempts.get(p));
        assert!(sync.attempts.get(p) > 0, "{p:?} never chosen");
    }
    // Enough failures for the reference's `> 0.1/s` alert on a 5m rate to
    // fire with only seconds of data (the end-to-end run counts on ~6/s).
    assert!(
        sync.failures.get(Protocol::HashComparison) >= 6 * 30,
        "{} hash comparison failures in 30 s",
        sync.failures.get(Protocol::HashComparison)
    );
    // Hash comparison dominates, as in a healthy cluster.
    let hash = sync.attempts.get(Protocol::HashComparison);
    let total: u64 = Protocol::ALL.iter().map(|p| sync.attempts.get(*p)).sum();
    assert!(hash * 3 > total, "{hash} of {total}");
    for phase in Phase::ALL {
        assert!(sync.phase_duration.get(phase).count > 0, "{phase:?}");
    }
    for reason in RejectReason::ALL {
        assert!(
            metrics.governance.ops_rejected.get(reason) > 0,
            "{reason:?}"
        );
    }
    for outcome in [
        ReconcileOutcome::Reconciled,
        ReconcileOutcome::Retained,
        ReconcileOutcome::ClearedStale,
        ReconcileOutcome::StaleClearFailed,
        ReconcileOutcome::Skipped,
    ] {
        assert!(
            metrics.self_purge.self_purge_reconcile.get(outcome) > 0,
            "{outcome:?}"
        );
    }
    assert_eq!(
        metrics.context.execution_count.series(),
        sim::CONTEXTS + sim::HOSTILE_CONTEXT_IDS.len()
    );
    for id in sim::HOSTILE_CONTEXT_IDS {
        assert!(metrics.context.execution_count.get(id) > 0, "{id:?}");
    }
    assert_eq!(metrics.context.execution_count.overflowed(), 0);
    assert_eq!(metrics.governance.dag_heads.series(), 6);
}

#[test]
fn same_seed_same_exposition() {
    let run = |seed| {
        let metrics = Arc::new(ReferenceMetrics::new());
        let mut registry = Registry::default();
        metrics.register(&mut registry).unwrap();
        let mut sim = Simulation::new(metrics, seed);
        for _ in 0..50 {
            sim.step();
        }
        encode(&registry, Format::Text).unwrap()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}

/// A healthy node (`--trip none`) records none of the events the alerts
/// watch, and each fault (`--trip NAME`) records its own and no other: the
/// end-to-end run trips chosen alerts this way and leaves the rest quiet.
#[test]
fn a_healthy_node_records_only_the_faults_it_is_given() {
    use reference_node::sim::{Faults, Trip};

    let run = |faults: Faults| {
        let metrics = Arc::new(ReferenceMetrics::new());
        let mut sim = Simulation::with_faults(Arc::clone(&metrics), 7, faults);
        for _ in 0..100 {
            sim.step();
            let channel = &metrics.network_event_channel;
            // No scrape between two steps sees a backlog.
            assert_eq!(channel.depth.get(), 0);
        }
        metrics
    };
    let quiet = Alerts {
        verification_failures: 0,
        buffer_drops: 0,
        snapshot_blocked: 0,
        channel_dropped: 0,
        signing_key_failures: 0,
        retained: 0,
        events_dropped: 0,
        snapshot_failures: 0,
        slow_executions: 0,
    };
    let gap = |m: &ReferenceMetrics| {
        let c = &m.network_event_channel;
        c.received.get() - c.processed.get() - c.depth.get() as u64 - c.dropped.get()
    };
    let failures = |m: &ReferenceMetrics| -> u64 {
        Protocol::ALL.iter().map(|p| m.sync.failures.get(*p)).sum()
    };
    let healthy = run(Faults::Only(Vec::new()));
    assert_eq!(
        Alerts {
            slow_executions: 0,
            ..alerts(&healthy)
        },
        quiet
    );
    assert_eq!((failures(&healthy), gap(&healthy)), (0, 0));
    // The dead-pointer cleanups still fail: informational, no alert.
    assert!(
        healthy
            .self_purge
            .self_purge_failures
            .get(Branch::Subgroup, PurgeClass::ContextCleanup)
            > 0
    );
    assert_eq!(
        healthy
            .self_purge
            .self_purge_reconcile
            .get(ReconcileOutcome::Reconciled),
        1
    );

    for trip in Trip::ALL {
        let m = run(Faults::Only(vec![trip]));
        let a = Alerts {
            slow_executions: 0,
            ..alerts(&m)
        };
        let mut expected = quiet.clone();
        match trip {
            Trip::VerificationFailures => {
                expected.verification_failures = a.verification_failures;
                // A failed verification fails its snapshot session.
                expected.snapshot_failures = a.snapshot_failures;
                assert_eq!(a.snapshot_failures, a.verification_failures);
            }
            Trip::BufferDrops => expected.buffer_drops = a.buffer_drops,
            Trip::SnapshotBlocked => {
                expected.snapshot_blocked = a.snapshot_blocked;
                // A blocked snapshot is a failed attempt.
                expected.snapshot_failures = a.snapshot_failures;
                assert_eq!(a.snapshot_failures, a.snapshot_blocked);
            }
            Trip::SyncFailures => {
                expected.snapshot_failures = a.snapshot_failures;
                // Snapshot sessions only: 100 ticks, about 130 of them.
                assert_eq!(failures(&m), a.snapshot_failures);
                assert!(a.snapshot_failures > 60, "{}", a.snapshot_failures);
            }
            Trip::ChannelDrops => expected.channel_dropped = a.channel_dropped,
            Trip::ChannelLeak => assert_eq!(gap(&m), 10),
            Trip::SigningKey => expected.signing_key_failures = a.signing_key_failures,
            Trip::Retained => expected.retained = a.retained,
            Trip::EventsDropped => expected.events_dropped = a.events_dropped,
        }
        assert_eq!(a, expected, "{trip:?}");
        if trip != Trip::ChannelLeak {
            assert_eq!(gap(&m), 0, "{trip:?}");
            assert_ne!(a, quiet, "{trip:?} records nothing");
        }
        assert_eq!(Trip::from_name(trip.name()), Some(trip));
    }
}

/// The end-to-end run's table of the alert each fault trips
/// (`tests/e2e/alerts.py`) is `Trip::alert`'s, and each is declared.
#[test]
fn the_e2e_knows_which_alert_each_fault_trips() {
    use reference_node::sim::Trip;

    let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/e2e/alerts.py"))
        .expect("tests/e2e/alerts.py");
    let catalog = metrics_catalog::Catalog::from_families(reference_node::families());
    for trip in Trip::ALL {
        let row = format!("\"{}\": \"{}\",", trip.name(), trip.alert());
        assert!(script.contains(&row), "alerts.py lacks {row}");
        assert!(
            catalog.alerts().any(|a| a.alert.name == trip.alert()),
            "{} is not declared",
            trip.alert()
        );
    }
}
