//! Plugging families into a standard prometheus-client `Registry`.
//!
//! See [`MetricFamily`].

use std::collections::HashMap;

use prometheus_client::encoding::{EncodeMetric, MetricEncoder};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Metric as RegistryMetric, Registry, Unit};

use crate::cell::Cell;
use crate::describe::FamilyDescriptor;
use crate::error::RegisterError;
use crate::label::LabelSet;
use crate::metric::Metric;
use crate::overflow::{overflow_counter_name, overflow_help, OverflowCounter};

/// A struct of metrics declared with `#[metrics_family]`.
///
/// The macro implements it; its inherent `register` and `new` forward here.
///
/// # Examples
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, MetricFamily};
/// use metrics_runtime::prometheus_client::registry::Registry;
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
    ///
    /// Pass the registry you serve, without a prefix of its own: names are
    /// compared as exported from `registry`, and prometheus-client gives no
    /// way to read a registry's prefix, so in a registry made with
    /// `Registry::with_prefix` or `sub_registry_with_prefix` a duplicate
    /// goes unseen. Use the family's `prefix` instead.
    fn register(&self, registry: &mut Registry) -> Result<(), RegisterError>;
}

/// Checks that `families`, registered together into `registry`, would
/// export no name twice: none already exported by a metric in `registry`
/// ([`RegisterError::Duplicate`]), and none exported by two of their own
/// metrics ([`RegisterError::Conflict`]). Registers nothing.
///
/// A family's own `register` runs this for itself; call it first to register
/// several families all or nothing. Every name a metric takes counts: its
/// family name, the samples it writes in either text format (and the
/// `_created` samples OpenMetrics allows), and its overflow counter if it has
/// a free-form label. The registry is read through its exposition, so a
/// metric in it that writes nothing (a hand-written prometheus-client
/// `Family` with no series yet) is not seen.
///
/// ```
/// use metrics_runtime::{check_names, metrics_family, Counter, MetricFamily, RegisterError};
/// use metrics_runtime::prometheus_client::registry::Registry;
///
/// #[metrics_family(prefix = "a")]
/// struct A {
///     /// Requests
///     requests: Counter,
/// }
/// #[metrics_family]
/// struct B {
///     /// Requests, flat
///     a_requests: Counter,
/// }
///
/// let registry = Registry::default();
/// let err = check_names(&registry, &[&A::DESCRIPTOR, &B::DESCRIPTOR]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "`B::a_requests` exports `a_requests_total`, which `A::requests` also exports"
/// );
/// ```
pub fn check_names(
    registry: &Registry,
    families: &[&FamilyDescriptor],
) -> Result<(), RegisterError> {
    let mut taken: HashMap<String, Owner> = exported_names(registry)?
        .into_iter()
        .map(|(name, family)| (name, Owner::Registry(family)))
        .collect();
    for family in families {
        for descriptor in family.metrics {
            let metric = format!("{}::{}", family.name, descriptor.field);
            let mut exports = vec![Exported {
                family: descriptor.exported_name(family.prefix),
                kind: descriptor.kind.type_name(),
            }];
            if let Some(name) = overflow_counter_name(descriptor, family.prefix) {
                exports.push(Exported {
                    family: name,
                    kind: "counter",
                });
            }
            for export in exports {
                let names = export.names();
                // Samples first: the name a scraper sees is the one to report.
                if let Some((name, owner)) = names[1..]
                    .iter()
                    .chain(&names[..1])
                    .find_map(|name| taken.get(name).map(|owner| (name, owner)))
                {
                    let name = name.clone();
                    return Err(match owner {
                        Owner::Registry(family) => RegisterError::Duplicate {
                            metric,
                            name,
                            existing: family.clone(),
                        },
                        Owner::Sibling(other) => RegisterError::Conflict {
                            metric,
                            name,
                            other: other.clone(),
                        },
                    });
                }
                for name in names {
                    taken.insert(name, Owner::Sibling(metric.clone()));
                }
            }
        }
    }
    Ok(())
}

/// Registers one family's metrics, in field order, each followed by its
/// overflow counter if it has a free-form label, after [`check_names`].
pub(crate) fn register_family(
    registry: &mut Registry,
    family: &'static FamilyDescriptor,
    metrics: Vec<Registered>,
) -> Result<(), RegisterError> {
    check_names(registry, &[family])?;
    let target = match family.prefix {
        Some(prefix) => registry.sub_registry_with_prefix(prefix),
        None => registry,
    };
    for (descriptor, metric) in family.metrics.iter().zip(metrics) {
        match descriptor.unit {
            Some(unit) => target.register_with_unit(
                descriptor.name,
                descriptor.help,
                unit_of(unit),
                metric.metric,
            ),
            None => target.register(descriptor.name, descriptor.help, metric.metric),
        }
        // Registered under the sub-registry's prefix, with the unit in the
        // name: `<prefix>_<name>_<unit>_overflow`, as `overflow_counter_name`.
        if let Some(help) = overflow_help(descriptor, family.prefix) {
            let name = match descriptor.unit {
                Some(unit) => format!("{}_{unit}_overflow", descriptor.name),
                None => format!("{}_overflow", descriptor.name),
            };
            target.register(name, help, metric.overflow);
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

/// Who already exports a name.
enum Owner {
    /// A metric family in the registry, by name.
    Registry(String),
    /// An earlier metric of the families being checked, as `Family::field`.
    Sibling(String),
}

/// One metric family as exported: its OpenMetrics family name and type.
struct Exported {
    family: String,
    kind: &'static str,
}

impl Exported {
    /// Every name the family takes: its family name first, then the names of
    /// the samples it writes or may write in either text format. OpenMetrics
    /// counters and histograms may carry `_created`; a family's own name
    /// is taken even where no sample bears it (a counter's), because
    /// OpenMetrics forbids two families of one name.
    fn names(&self) -> Vec<String> {
        let suffixes: &[&str] = match self.kind {
            "counter" => &["_total", "_created"],
            "histogram" => &["_bucket", "_sum", "_count", "_created"],
            "gaugehistogram" => &["_gbucket", "_gsum", "_gcount"],
            "summary" => &["", "_sum", "_count", "_created"],
            "info" => &["_info"],
            // gauge, unknown, stateset
            _ => &[""],
        };
        let mut names = vec![self.family.clone()];
        names.extend(
            suffixes
                .iter()
                .map(|suffix| format!("{}{suffix}", self.family))
                .filter(|name| *name != self.family),
        );
        names
    }
}

/// Every name the registry exports now (see [`Exported::names`]), mapped to
/// the metric family that exports it.
///
/// The registry has no API to list its metrics, so this reads the `# TYPE`
/// lines of its OpenMetrics exposition, which carry the family name and the
/// true type (the 0.0.4 format writes an info metric as a gauge). Hence a
/// limit: a metric that writes nothing, such as a hand-written
/// prometheus-client `Family` with no series yet, or a collector yielding
/// nothing, is not seen, and a later metric may take its name.
fn exported_names(registry: &Registry) -> Result<HashMap<String, String>, RegisterError> {
    let mut text = String::new();
    prometheus_client::encoding::text::encode_registry(&mut text, registry)
        .map_err(|_| RegisterError::Unreadable)?;
    let mut names = HashMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("# TYPE ") else {
            continue;
        };
        let Some((family, kind)) = rest.split_once(' ') else {
            continue;
        };
        let exported = Exported {
            family: family.to_owned(),
            kind: match kind {
                "counter" => "counter",
                "histogram" => "histogram",
                "gaugehistogram" => "gaugehistogram",
                "summary" => "summary",
                "info" => "info",
                _ => "gauge",
            },
        };
        for name in exported.names() {
            names.insert(name, exported.family.clone());
        }
    }
    Ok(names)
}

/// One metric of a family, type-erased for the registry, with the counter
/// of its folded recordings (registered only for a free-form metric).
#[derive(Debug)]
pub struct Registered {
    metric: Erased,
    overflow: Erased,
}

impl Registered {
    /// A registry-owned clone of `metric`, and its overflow counter.
    pub(crate) fn new<L: LabelSet, C: Cell>(metric: &Metric<L, C>) -> Self {
        Self {
            metric: Erased(Box::new(metric.clone())),
            overflow: Erased(Box::new(OverflowCounter(metric.clone()))),
        }
    }
}

#[derive(Debug)]
struct Erased(Box<dyn RegistryMetric>);

impl EncodeMetric for Erased {
    fn encode(&self, encoder: MetricEncoder) -> std::fmt::Result {
        self.0.encode(encoder)
    }

    fn metric_type(&self) -> MetricType {
        self.0.metric_type()
    }
}
