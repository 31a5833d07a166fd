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
use metrics_runtime::{
    encode, overflow_counter_name, FamilyDescriptor, Format, MetricFamily, RegisterError,
};

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
    /// family at all. (Each family's own `register` is all or nothing for
    /// that family; this makes the five one unit.)
    pub fn register(&self, registry: &mut Registry) -> Result<(), RegisterError> {
        check_free(registry)?;
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

/// Fails with the error the first conflicting family's `register` would
/// return if any name of the catalogue is taken in `registry`.
///
/// The rule is the runtime's: a metric takes its OpenMetrics family name and
/// every sample name its type may write in either format (a counter's
/// `_total` and `_created`; a histogram's `_bucket`, `_sum`, `_count`,
/// `_created`), and so does its overflow counter if it has a free-form
/// label; a name is taken if a family already in the registry takes it.
fn check_free(registry: &Registry) -> Result<(), RegisterError> {
    let taken = taken_names(registry)?;
    for family in FAMILIES {
        for metric in family.metrics {
            let mut exports = vec![(metric.exported_name(family.prefix), metric.kind.type_name())];
            if let Some(overflow) = overflow_counter_name(metric, family.prefix) {
                exports.push((overflow, "counter"));
            }
            for (exported, kind) in exports {
                let names = names_taken_by(&exported, kind);
                // Sample names first, as the runtime reports them.
                if let Some((name, owner)) = names[1..]
                    .iter()
                    .chain(&names[..1])
                    .find_map(|name| taken.get(name).map(|owner| (name, owner)))
                {
                    return Err(RegisterError::Duplicate {
                        metric: format!("{}::{}", family.name, metric.field),
                        name: name.clone(),
                        existing: owner.clone(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// The family name and every sample name a metric family of `kind` takes.
fn names_taken_by(family: &str, kind: &str) -> Vec<String> {
    let suffixes: &[&str] = match kind {
        "counter" => &["_total", "_created"],
        "histogram" => &["_bucket", "_sum", "_count", "_created"],
        "gaugehistogram" => &["_gbucket", "_gsum", "_gcount"],
        "summary" => &["_sum", "_count", "_created"],
        "info" => &["_info"],
        _ => &[],
    };
    std::iter::once(family.to_owned())
        .chain(suffixes.iter().map(|suffix| format!("{family}{suffix}")))
        .collect()
}

/// Every name the families in `registry` take, mapped to the family, read
/// from the `# TYPE` lines of its OpenMetrics exposition (the registry has
/// no API listing its metrics).
fn taken_names(registry: &Registry) -> Result<HashMap<String, String>, RegisterError> {
    let text = encode(registry, Format::OpenMetrics).map_err(|_| RegisterError::Unreadable)?;
    let mut taken = HashMap::new();
    for rest in text.lines().filter_map(|l| l.strip_prefix("# TYPE ")) {
        let Some((family, kind)) = rest.split_once(' ') else {
            continue;
        };
        for name in names_taken_by(family, kind) {
            taken.insert(name, family.to_owned());
        }
    }
    Ok(taken)
}

/// The README's Rust examples, compiled and run as doctests so they cannot
/// rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
