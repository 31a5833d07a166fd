//! Plugging families into a standard prometheus-client `Registry`.
//!
//! See [`MetricFamily`].

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use prometheus_client::encoding::{EncodeMetric, MetricEncoder};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};

use crate::describe::FamilyDescriptor;
use crate::error::RegisterError;
use crate::label::ConstLabels;
use crate::overflow::{overflow_counter_name, overflow_help};

/// A struct of metrics declared with `#[metrics_family]`.
///
/// The macro implements it; the family's inherent `new` and `register`
/// forward here. A family registers into a [`Registry`](crate::Registry) of
/// this crate (instances, constant labels, one name check for everything)
/// or, on the compatibility path, into a standard prometheus-client
/// registry with [`register`](Self::register).
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
/// assert_eq!(App::descriptor().metrics[0].name, "requests");
/// ```
pub trait MetricFamily {
    /// The family's declaration as data. The macro writes it as text,
    /// which the first call decodes (allocating its lists once, for the
    /// life of the process); every call returns the same `'static` value.
    /// Text rather than a constant because a constant of this size costs
    /// rustc several times more to check (`BENCHMARKS.md`).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family(prefix = "app")]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// assert_eq!(App::descriptor().prefix, Some("app"));
    /// assert_eq!(App::descriptor().metrics[0].help, "Requests served");
    /// assert!(std::ptr::eq(App::descriptor(), App::descriptor())); // decoded once
    /// ```
    fn descriptor() -> &'static FamilyDescriptor;

    /// The values of the family's constant labels
    /// (`#[metrics_family(const_labels(..))]`), in declaration order: `()`
    /// for a family without, the label's type for one, a tuple for more.
    type ConstLabels: Send + 'static;

    /// A new instance carrying these constant labels, every metric at zero.
    /// The family's inherent `new` forwards here.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Messages sent
    ///     sent: Counter,
    /// }
    ///
    /// let alice = <Peer as MetricFamily>::with_const_labels("alice".to_owned());
    /// assert_eq!(alice.sent.const_labels().iter().next(), Some(("peer", "alice")));
    /// ```
    fn with_const_labels(labels: Self::ConstLabels) -> Self;

    /// The constant labels `labels` stand for, as exported: what tells the
    /// family's instances apart in a [`Registry`](crate::Registry).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, ConstLabels, Counter, MetricFamily};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Messages sent
    ///     sent: Counter,
    /// }
    ///
    /// assert_eq!(
    ///     Peer::const_labels(&"alice".to_owned()),
    ///     ConstLabels::new([("peer", "alice".to_owned())])
    /// );
    /// ```
    fn const_labels(labels: &Self::ConstLabels) -> ConstLabels;

    /// Registers every metric of the family into `registry` (under the
    /// family's prefix, if it has one). Fails, registering nothing, if a name
    /// is already exported by a metric in `registry`.
    ///
    /// This is the compatibility path, and its check is weaker than a
    /// [`Registry`](crate::Registry)'s: it reads `registry` back through its
    /// exposition, so a metric there that writes nothing yet (a hand-written
    /// prometheus-client `Family` with no series) is not seen. Pass the
    /// registry you serve, without a prefix of its own: prometheus-client
    /// gives no way to read a registry's prefix, so in a registry made with
    /// `Registry::with_prefix` or `sub_registry_with_prefix` a duplicate
    /// goes unseen. Use the family's `prefix` instead.
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::registry::Registry;
    /// use metrics_runtime::{encode, metrics_family, Counter, Format, MetricFamily};
    ///
    /// #[metrics_family(prefix = "app")]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let mut registry = Registry::default();
    /// MetricFamily::register(&App::new(), &mut registry).unwrap();
    /// assert!(encode(&registry, Format::Text).unwrap().ends_with("\napp_requests_total 0\n"));
    /// assert!(MetricFamily::register(&App::new(), &mut registry).is_err()); // the same names
    /// ```
    fn register(&self, registry: &mut Registry) -> Result<(), RegisterError>;

    /// The constant labels of this instance.
    #[doc(hidden)]
    fn __instance_labels(&self) -> &ConstLabels;

    /// Registry-owned clones of every metric, in field order.
    #[doc(hidden)]
    fn __registered(&self) -> Vec<Registered>;
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
/// let err = check_names(&registry, &[A::descriptor(), B::descriptor()]).unwrap_err();
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
        for (metric, names) in family_exports(family) {
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
    Ok(())
}

/// Every metric family `family` exports (each metric, and the overflow
/// counter of a free-form one), as the metric that exports it
/// (`Family::field`) and every name it takes, its family name first (see
/// [`Exported::names`]).
pub(crate) fn family_exports(family: &FamilyDescriptor) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for descriptor in family.metrics {
        let metric = format!("{}::{}", family.name, descriptor.field);
        out.push((
            metric.clone(),
            Exported {
                family: descriptor.exported_name(family.prefix),
                kind: descriptor.kind.type_name(),
            }
            .names(),
        ));
        if let Some(name) = overflow_counter_name(descriptor, family.prefix) {
            let exported = Exported {
                family: name,
                kind: "counter",
            };
            out.push((metric, exported.names()));
        }
    }
    out
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
                metric.plain(),
            ),
            None => target.register(descriptor.name, descriptor.help, metric.plain()),
        }
        // Registered under the sub-registry's prefix, with the unit in the
        // name: `<prefix>_<name>_<unit>_overflow`, as `overflow_counter_name`.
        if let Some(help) = overflow_help(descriptor, family.prefix) {
            let name = match descriptor.unit {
                Some(unit) => format!("{}_{unit}_overflow", descriptor.name),
                None => format!("{}_overflow", descriptor.name),
            };
            target.register(name, help, metric.plain_overflow());
        }
    }
    Ok(())
}

pub(crate) fn unit_of(unit: &str) -> Unit {
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
pub(crate) struct Exported {
    pub(crate) family: String,
    pub(crate) kind: &'static str,
}

impl Exported {
    /// Every name the family takes: its family name first, then the names of
    /// the samples it writes or may write in either text format. OpenMetrics
    /// counters and histograms may carry `_created`; a family's own name
    /// is taken even where no sample bears it (a counter's), because
    /// OpenMetrics forbids two families of one name.
    pub(crate) fn names(&self) -> Vec<String> {
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
    for exported in type_lines(&text) {
        for name in exported.names() {
            names.insert(name, exported.family.clone());
        }
    }
    Ok(names)
}

/// The families declared by the `# TYPE` lines of an exposition, in order.
/// In OpenMetrics these carry the family name and the true type (the 0.0.4
/// format writes a counter `x` as `x_total` and an info metric as a gauge).
pub(crate) fn type_lines(text: &str) -> Vec<Exported> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("# TYPE ") else {
            continue;
        };
        let Some((family, kind)) = rest.split_once(' ') else {
            continue;
        };
        out.push(Exported {
            family: family.to_owned(),
            kind: match kind {
                "counter" => "counter",
                "histogram" => "histogram",
                "gaugehistogram" => "gaugehistogram",
                "summary" => "summary",
                "info" => "info",
                _ => "gauge",
            },
        });
    }
    out
}

/// One metric of a family, type-erased for a registry; its overflow
/// counter is registered beside it for a free-form metric.
#[derive(Clone, Debug)]
pub struct Registered(pub(crate) Arc<dyn Series>);

impl Registered {
    /// A registry-owned metric of another shape than
    /// [`Metric`](crate::Metric) (an info metric, a state set).
    pub(crate) fn of(series: impl Series) -> Self {
        Self(Arc::new(series))
    }

    /// Writes the metric's series, its instance's constant labels first,
    /// into an encoder that other instances of the family may share.
    pub(crate) fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        self.0.encode_series(encoder)
    }

    /// Writes the metric's overflow count, as one counter sample carrying
    /// the instance's constant labels.
    pub(crate) fn encode_overflow(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        self.0.encode_overflow(encoder)
    }

    /// Writes the metric's series with our own writer, their texts kept in
    /// `pre`; `false`, having written nothing, if the metric is written
    /// through prometheus-client's encoder instead.
    pub(crate) fn write_series(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        self.0.write_series(pre, out)
    }

    /// Writes the metric's overflow count (one counter sample with the
    /// instance's constant labels) with our own writer.
    pub(crate) fn write_overflow(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) {
        self.0.write_overflow(pre, out)
    }

    /// Renders into `pre` the texts our writer can render before the first
    /// scrape (called when the metric's instance joins our registry).
    pub(crate) fn prerender(&self, pre: &crate::write::Prerendered) {
        self.0.prerender(pre)
    }

    fn plain(&self) -> Plain {
        Plain(self.clone())
    }

    fn plain_overflow(&self) -> PlainOverflow {
        PlainOverflow(self.clone())
    }
}

/// What a registry needs of a [`Metric`](crate::Metric), whatever its labels
/// and cell (and of an [`Info`](crate::Info) or a
/// [`StateSet`](crate::StateSet)).
pub(crate) trait Series: fmt::Debug + Send + Sync + 'static {
    fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result;
    fn encode_overflow(&self, encoder: &mut MetricEncoder) -> fmt::Result;
    fn write_series(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool;
    fn write_overflow(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    );
    fn prerender(&self, pre: &crate::write::Prerendered);
    fn metric_type(&self) -> MetricType;
}

#[derive(Debug)]
struct Plain(Registered);

impl EncodeMetric for Plain {
    fn encode(&self, mut encoder: MetricEncoder) -> fmt::Result {
        self.0.encode_series(&mut encoder)
    }

    fn metric_type(&self) -> MetricType {
        self.0 .0.metric_type()
    }
}

/// A metric's overflow counter, as a prometheus-client registry holds it.
#[derive(Debug)]
struct PlainOverflow(Registered);

impl EncodeMetric for PlainOverflow {
    fn encode(&self, mut encoder: MetricEncoder) -> fmt::Result {
        self.0.encode_overflow(&mut encoder)
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Counter
    }
}
