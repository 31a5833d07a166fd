//! The reference node's metrics catalogue, declared with `#[metrics_family]`.
//!
//! Five families, one module each; [`ReferenceMetrics`] builds them all and
//! registers them into one registry.

pub mod context;
pub mod exemplars;
pub mod governance;
pub mod native;
pub mod network_event_channel;
pub mod self_purge;
pub mod sim;
pub mod sync;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{check_names, FamilyDescriptor, MetricFamily, RegisterError};

use crate::context::ContextMetrics;
use crate::governance::GovernanceMetrics;
use crate::network_event_channel::NetworkEventChannelMetrics;
use crate::self_purge::SelfPurgeMetrics;
use crate::sync::SyncMetrics;

/// The descriptors of the catalogue's families, in registration order.
pub fn families() -> [&'static FamilyDescriptor; 5] {
    [
        SyncMetrics::descriptor(),
        NetworkEventChannelMetrics::descriptor(),
        ContextMetrics::descriptor(),
        GovernanceMetrics::descriptor(),
        SelfPurgeMetrics::descriptor(),
    ]
}

/// The whole catalogue: every family of the reference.
pub struct ReferenceMetrics {
    /// Sync engine.
    pub sync: SyncMetrics,
    /// Network event channel.
    pub network_event_channel: NetworkEventChannelMetrics,
    /// Context execution.
    pub context: ContextMetrics,
    /// Governance (planned in the reference).
    pub governance: GovernanceMetrics,
    /// TEE self-purge.
    pub self_purge: SelfPurgeMetrics,
}

impl ReferenceMetrics {
    /// Every metric of every family, at zero.
    pub fn new() -> Self {
        Self {
            sync: SyncMetrics::new(),
            network_event_channel: NetworkEventChannelMetrics::new(),
            context: ContextMetrics::new(),
            governance: GovernanceMetrics::new(),
            self_purge: SelfPurgeMetrics::new(),
        }
    }

    /// Registers the five families into `registry`, in [`families()`] order.
    ///
    /// All or nothing: if any name the catalogue exports is already exported
    /// in `registry`, returns the error for the first such name, naming the
    /// metric that wanted it and the family that has it, and registers no
    /// family at all. (Each family's own `register` is all or nothing for
    /// that family; this makes the five one unit.)
    pub fn register(&self, registry: &mut Registry) -> Result<(), RegisterError> {
        check_names(registry, &families())?;
        self.sync.register(registry)?;
        self.network_event_channel.register(registry)?;
        self.context.register(registry)?;
        self.governance.register(registry)?;
        self.self_purge.register(registry)?;
        Ok(())
    }
}

impl Default for ReferenceMetrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The README's Rust examples, compiled and run as doctests so they cannot
/// rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
