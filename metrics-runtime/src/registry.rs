//! Plugging families into a standard prometheus-client `Registry`.
//!
//! See [`MetricFamily`].

use std::collections::HashMap;

use prometheus_client::encoding::{EncodeMetric, MetricEncoder};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Metric as RegistryMetric, Registry, Unit};

use crate::describe::FamilyDescriptor;
use crate::error::RegisterError;

/// A struct of metrics declared with `#[metrics_family]`.
///
/// The macro implements it; its inherent `register` and `new` forward here.
///
/// # Examples
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, MetricFamily};
/// use prometheus_client::registry::Registry;
///
/// #[metrics_family(prefix = "app")]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let app = App::new();
/// let mut registry = Registry::default();
/// app.register(&mut registry).unwrap();
/// // The same names again are refused, and nothing is registered twice.
/// let err = App::new().register(&mut registry).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "`App::requests` exports `app_requests_total`, which the metric family `app_requests` already in this registry exports"
/// );
/// assert_eq!(App::DESCRIPTOR.metrics[0].name, "requests");
/// ```
pub trait MetricFamily {
    /// The family's declaration as data.
    const DESCRIPTOR: FamilyDescriptor;

    /// Registers every metric of the family into `registry` (under the
    /// family's prefix, if it has one). Fails, registering nothing, if a name
    /// is already exported by a metric in `registry`.
    fn register(&self, registry: &mut Registry) -> Result<(), RegisterError>;
}

/// Registers one family's metrics, in field order, after checking none of
/// their sample names is already in `registry`.
pub(crate) fn register_family(
    registry: &mut Registry,
    family: &'static FamilyDescriptor,
    metrics: Vec<Registered>,
) -> Result<(), RegisterError> {
    let existing = exported_samples(registry);
    for descriptor in family.metrics {
        for sample in descriptor.sample_names(family.prefix) {
            if let Some(owner) = existing.get(&sample) {
                return Err(RegisterError::Duplicate {
                    metric: format!("{}::{}", family.name, descriptor.field),
                    name: sample,
                    existing: owner.clone(),
                });
            }
        }
    }
    let target = match family.prefix {
        Some(prefix) => registry.sub_registry_with_prefix(prefix),
        None => registry,
    };
    for (descriptor, metric) in family.metrics.iter().zip(metrics) {
        match descriptor.unit {
            Some(unit) => {
                target.register_with_unit(descriptor.name, descriptor.help, unit_of(unit), metric)
            }
            None => target.register(descriptor.name, descriptor.help, metric),
        }
    }
    Ok(())
}

fn unit_of(unit: &str) -> Unit {
    match unit {
        "amperes" => Unit::Amperes,
        "bytes" => Unit::Bytes,
        "celsius" => Unit::Celsius,
        "grams" => Unit::Grams,
        "joules" => Unit::Joules,
        "meters" => Unit::Meters,
        "ratios" => Unit::Ratios,
        "seconds" => Unit::Seconds,
        "volts" => Unit::Volts,
        other => Unit::Other(other.to_owned()),
    }
}

/// Every sample name the registry exports now, mapped to the metric family
/// that exports it. The registry has no API to list its metrics, so this
/// reads its 0.0.4 exposition's `# TYPE` lines. A prometheus-client `Family`
/// with no series yet writes nothing, and so is not seen.
fn exported_samples(registry: &Registry) -> HashMap<String, String> {
    let mut text = String::new();
    if prometheus_client::encoding::prometheus_text::encode(&mut text, registry).is_err() {
        return HashMap::new();
    }
    let mut samples = HashMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("# TYPE ") else {
            continue;
        };
        let Some((name, kind)) = rest.split_once(' ') else {
            continue;
        };
        // The 0.0.4 format already names counters with `_total`.
        let family = name.strip_suffix("_total").unwrap_or(name);
        let suffixes: &[&str] = match kind {
            "histogram" => &["_bucket", "_sum", "_count"],
            "counter" => &["_total"],
            _ => &[""],
        };
        let base = if kind == "counter" { family } else { name };
        for suffix in suffixes {
            samples.insert(format!("{base}{suffix}"), family.to_owned());
        }
    }
    samples
}

/// One metric of a family, type-erased for the registry.
#[derive(Debug)]
pub struct Registered(pub(crate) Box<dyn RegistryMetric>);

impl EncodeMetric for Registered {
    fn encode(&self, encoder: MetricEncoder) -> std::fmt::Result {
        self.0.encode(encoder)
    }

    fn metric_type(&self) -> MetricType {
        self.0.metric_type()
    }
}
