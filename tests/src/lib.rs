//! The reference node's metrics catalogue, declared with `#[metrics_family]`.
//!
//! Five families, one module each; [`ReferenceMetrics`] builds them all and
//! registers them into one registry.

pub mod context;
pub mod governance;
pub mod network_event_channel;
pub mod self_purge;
pub mod sim;
pub mod sync;

use std::collections::HashMap;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{FamilyDescriptor, MetricFamily, RegisterError};

use crate::context::ContextMetrics;
use crate::governance::GovernanceMetrics;
use crate::network_event_channel::NetworkEventChannelMetrics;
use crate::self_purge::SelfPurgeMetrics;
use crate::sync::SyncMetrics;

/// The descriptors of the catalogue's families, in registration order.
pub const FAMILIES: [&FamilyDescriptor; 5] = [
    &SyncMetrics::DESCRIPTOR,
    &NetworkEventChannelMetrics::DESCRIPTOR,
    &ContextMetrics::DESCRIPTOR,
    &GovernanceMetrics::DESCRIPTOR,
    &SelfPurgeMetrics::DESCRIPTOR,
];

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

    /// Registers the five families into `registry`, in [`FAMILIES`] order.
    ///
    /// All or nothing: if any name the catalogue exports is already exported
    /// in `registry`, returns the error for the first such name, naming the
    /// metric that wanted it and the family that has it, and registers no
    /// family at all.
    pub fn register(&self, registry: &mut Registry) -> Result<(), RegisterError> {
        let taken = exported_samples(registry);
        for family in FAMILIES {
            for metric in family.metrics {
                for sample in metric.sample_names(family.prefix) {
                    if let Some(owner) = taken.get(&sample) {
                        return Err(RegisterError::Duplicate {
                            metric: format!("{}::{}", family.name, metric.field),
                            name: sample,
                            existing: owner.clone(),
                        });
                    }
                }
            }
        }
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

/// Every sample name `registry` exports now, mapped to the metric family
/// exporting it, read from its 0.0.4 exposition's `# TYPE` lines (the
/// registry has no API listing its metrics). The per-family check in
/// `metrics_runtime` reads the same lines; this one runs over all five
/// families before any is registered.
fn exported_samples(registry: &Registry) -> HashMap<String, String> {
    let Ok(text) = metrics_runtime::encode(registry, metrics_runtime::Format::Text) else {
        return HashMap::new();
    };
    let mut samples = HashMap::new();
    for rest in text.lines().filter_map(|l| l.strip_prefix("# TYPE ")) {
        let Some((name, kind)) = rest.split_once(' ') else {
            continue;
        };
        let (family, suffixes): (&str, &[&str]) = match kind {
            "counter" => (name.strip_suffix("_total").unwrap_or(name), &["_total"]),
            "histogram" => (name, &["_bucket", "_sum", "_count"]),
            _ => (name, &[""]),
        };
        for suffix in suffixes {
            samples.insert(format!("{family}{suffix}"), family.to_owned());
        }
    }
    samples
}
