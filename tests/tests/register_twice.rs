//! Registering the catalogue twice into one registry is refused with an
//! error naming both sides, and the second attempt registers nothing.

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, Format, RegisterError};
use reference_node::context::ContextMetrics;
use reference_node::governance::GovernanceMetrics;
use reference_node::network_event_channel::NetworkEventChannelMetrics;
use reference_node::self_purge::SelfPurgeMetrics;
use reference_node::sync::SyncMetrics;
use reference_node::ReferenceMetrics;

fn exposition(registry: &Registry) -> String {
    encode(registry, Format::Text).unwrap()
}

#[test]
fn whole_catalogue_twice_is_an_error_and_registers_nothing() {
    let mut registry = Registry::default();
    ReferenceMetrics::new().register(&mut registry).unwrap();
    let before = exposition(&registry);

    let second = ReferenceMetrics::new();
    let err = second.register(&mut registry).unwrap_err();
    assert_eq!(
        err,
        RegisterError::Duplicate {
            metric: "SyncMetrics::messages_sent".into(),
            name: "sync_messages_sent_total".into(),
            existing: "sync_messages_sent".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "`SyncMetrics::messages_sent` exports `sync_messages_sent_total`, which the metric family `sync_messages_sent` already in this registry exports"
    );

    // Nothing of the second catalogue is in the registry: recording into it
    // changes nothing exported.
    second.sync.entities_transferred.inc();
    second.network_event_channel.dropped.inc();
    second.governance.ops_applied.inc();
    second.context.execution_count.inc("ctx");
    assert_eq!(exposition(&registry), before);
}

/// Each family, registered again on its own, is refused by name.
#[test]
fn every_family_twice_is_an_error() {
    let mut registry = Registry::default();
    ReferenceMetrics::new().register(&mut registry).unwrap();
    let before = exposition(&registry);

    let errors: Vec<RegisterError> = vec![
        SyncMetrics::new().register(&mut registry).unwrap_err(),
        NetworkEventChannelMetrics::new()
            .register(&mut registry)
            .unwrap_err(),
        // The context family is free-form only: before any series exists the
        // registry writes its `# TYPE` lines all the same.
        ContextMetrics::new().register(&mut registry).unwrap_err(),
        GovernanceMetrics::new()
            .register(&mut registry)
            .unwrap_err(),
        SelfPurgeMetrics::new().register(&mut registry).unwrap_err(),
    ];
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "`SyncMetrics::messages_sent` exports `sync_messages_sent_total`, which the metric family `sync_messages_sent` already in this registry exports",
            "`NetworkEventChannelMetrics::depth` exports `network_event_channel_depth`, which the metric family `network_event_channel_depth` already in this registry exports",
            "`ContextMetrics::execution_count` exports `execution_count`, which the metric family `execution_count` already in this registry exports",
            "`GovernanceMetrics::ops_applied` exports `calimero_governance_ops_applied_total`, which the metric family `calimero_governance_ops_applied` already in this registry exports",
            "`SelfPurgeMetrics::self_purge_failures` exports `context_group_store_self_purge_failures_total`, which the metric family `context_group_store_self_purge_failures` already in this registry exports",
        ]
    );
    assert_eq!(exposition(&registry), before);
}

/// A registry holding only the last family: the catalogue is refused as a
/// whole, and the families before it in registration order are not left
/// half-registered.
#[test]
fn catalogue_is_all_or_nothing() {
    let mut registry = Registry::default();
    SelfPurgeMetrics::new().register(&mut registry).unwrap();
    let before = exposition(&registry);

    let err = ReferenceMetrics::new().register(&mut registry).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`SelfPurgeMetrics::self_purge_failures` exports `context_group_store_self_purge_failures_total`, which the metric family `context_group_store_self_purge_failures` already in this registry exports"
    );
    assert_eq!(exposition(&registry), before);
    assert!(!before.contains("sync_"), "{before}");
}

/// A hand-written metric taking the name of a middle family's overflow
/// counter: the catalogue is refused naming that metric, and the families
/// registered before it in order are not left behind.
#[test]
fn conflict_in_a_middle_family_registers_nothing() {
    use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;

    let mut registry = Registry::default();
    registry.register(
        "calimero_governance_dag_heads_overflow",
        "Hand-written",
        PcCounter::<u64>::default(),
    );
    let before = exposition(&registry);
    let err = ReferenceMetrics::new().register(&mut registry).unwrap_err();
    assert_eq!(
        err,
        RegisterError::Duplicate {
            metric: "GovernanceMetrics::dag_heads".into(),
            name: "calimero_governance_dag_heads_overflow_total".into(),
            existing: "calimero_governance_dag_heads_overflow".into(),
        }
    );
    assert_eq!(exposition(&registry), before);
}
