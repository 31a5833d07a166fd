//! A registry of this crate's own: every name it exports goes through one
//! table, families have instances, and it encodes as one exposition.
//!
//! See [`Registry`].

use std::any::{Any, TypeId};
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Metric as PcMetric, Registry as PcRegistry, Unit};

use crate::describe::{FamilyDescriptor, MetricKind};
use crate::encode::Format;
use crate::error::RegisterError;
use crate::label::ConstLabels;
use crate::overflow::{overflow_counter_name, overflow_help};
use crate::registry::{family_exports, type_lines, unit_of, Exported, MetricFamily, Registered};
use crate::write::{push_header, Prerendered, SeriesOut};

/// The family name of the counter of families left out of scrapes (see
/// [`Registry::register_sub_registry`]); exported as
/// `metrics_runtime_left_out_families_total` by a registry holding a
/// prometheus-client registry or a collector.
///
/// ```
/// use metrics_runtime::{Format, Registry, LEFT_OUT_FAMILIES};
///
/// let registry = Registry::new();
/// assert!(!registry.encode(Format::Text).unwrap().contains(LEFT_OUT_FAMILIES));
/// // Holding a prometheus-client registry, even an empty one: exported, at 0.
/// registry.register_sub_registry("lib", |_| ()).unwrap();
/// let text = registry.encode(Format::Text).unwrap();
/// assert!(text.contains(&format!("\n{LEFT_OUT_FAMILIES}_total 0\n")));
/// ```
pub const LEFT_OUT_FAMILIES: &str = "metrics_runtime_left_out_families";

const LEFT_OUT_OWNER: &str = "the registry's own counter of left-out families";

const DROPPED_OWNER: &str = "the registry's own counter of dropped exemplars";

/// A registry that sees every name: generated families (each with any number
/// of instances told apart by constant labels), hand-written
/// prometheus-client metrics, collectors and whole prometheus-client
/// registries, checked against one table of names and encoded as one
/// exposition in either text [`Format`].
///
/// Cheap to clone: clones share the registry. Registration takes `&self`, so
/// one registry can be handed to every component of a service, and a
/// component that comes back gets its instance again
/// ([`get_or_create`](Self::get_or_create)). [`Registry::global`] is the
/// process-wide one, which `global!` statics register into.
///
/// # One name, one owner
///
/// Each name a metric exports (its family name and every sample name either
/// format may write for it, as [`check_names`](crate::check_names) lists
/// them) belongs to one owner: one family type (all its instances together),
/// one hand-written metric, one collector or one prometheus-client registry.
/// Registering something that would export a name another owner has is
/// [`RegisterError::Taken`], naming both, and registers nothing, whether or
/// not either side has a series yet: families are checked from their
/// declaration, hand-written metrics from the name, unit and type given.
/// Instances of one family share its names and differ in their constant
/// labels; a second instance with the same constant labels is
/// [`RegisterError::Instance`].
///
/// Collectors and prometheus-client registries are the exception, because
/// they are code that writes at each scrape and have no list of their names:
/// see [`register_sub_registry`](Self::register_sub_registry) for what is
/// checked when, and why nothing is ever exported twice all the same.
///
/// # Examples
///
/// ```
/// use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
/// use metrics_runtime::prometheus_client::metrics::family::Family as PcFamily;
/// use metrics_runtime::{metrics_family, Counter, Format, LabelValue, Registry};
///
/// #[derive(Clone, Copy, Debug, LabelValue)]
/// enum Shard { One, Two }
///
/// #[metrics_family(prefix = "peer", const_labels(peer: String, shard: Shard))]
/// struct PeerMetrics {
///     /// Messages sent
///     sent: Counter,
/// }
///
/// let registry = Registry::new();
/// let a = registry.get_or_create::<PeerMetrics>(("a".to_owned(), Shard::One)).unwrap();
/// let b = registry.register(PeerMetrics::new("b".to_owned(), Shard::Two)).unwrap();
/// a.sent.inc();
/// // The same constant labels: the same instance, the same series.
/// registry.get_or_create::<PeerMetrics>(("a".to_owned(), Shard::One)).unwrap().sent.inc();
/// assert_eq!(a.sent.get(), 2);
/// assert_eq!(b.sent.get(), 0);
///
/// // A hand-written metric under a name the family has: refused, even with no series.
/// let err = registry
///     .register_metric("peer_sent", "Also sent", None, PcFamily::<Vec<(String, String)>, PcCounter>::default())
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the hand-written counter `peer_sent` exports `peer_sent_total`, which `PeerMetrics::sent` already in this registry exports"
/// );
///
/// assert_eq!(registry.encode(Format::Text).unwrap(), "\
/// ## HELP peer_sent_total Messages sent.
/// ## TYPE peer_sent_total counter
/// peer_sent_total{peer=\"a\",shard=\"one\"} 2
/// peer_sent_total{peer=\"b\",shard=\"two\"} 0
/// ");
/// ```
#[derive(Clone, Default)]
pub struct Registry {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: RwLock<State>,
    /// Families left out of scrapes: see [`Registry::register_sub_registry`].
    left_out: AtomicU64,
    /// A scrape's lists, kept for the next so it allocates none.
    scratch: std::sync::Mutex<Lists>,
}

/// A scrape's list of parts and of its families' names.
type Lists = (Vec<Part>, Vec<Arc<[MetricNames]>>);

#[derive(Default)]
struct State {
    /// Every name taken: the index of its owner in `entries`, and the owner
    /// as an error message names it.
    names: HashMap<String, (usize, String)>,
    /// In registration order, which is the exposition's order; the
    /// prometheus-client registries and collectors come after the rest.
    entries: Vec<Entry>,
    /// The entry of each family type.
    families: HashMap<TypeId, usize>,
    /// The entry of the left-out counter, once there is a sub-registry.
    left_out: Option<usize>,
    /// The entry of the dropped-exemplars counter, once a family has
    /// exemplars.
    dropped_exemplars: Option<usize>,
}

enum Entry {
    Family(FamilyEntry),
    Metric(Arc<HandWritten>),
    Sub(Arc<Sub>),
    LeftOut,
    DroppedExemplars,
}

struct FamilyEntry {
    descriptor: &'static FamilyDescriptor,
    /// Each metric's names and header text, made once for our writer.
    names: Arc<[MetricNames]>,
    /// Sorted by their constant labels, which is the order they are written.
    /// Shared with scrapes in progress (a scrape takes a clone of the
    /// `Arc`, not of the list); replaced whole when an instance comes or
    /// goes.
    instances: Arc<[Arc<Instance>]>,
}

struct Instance {
    labels: ConstLabels,
    family: Arc<dyn Any + Send + Sync>,
    metrics: Vec<Registered>,
    /// Per metric, the series' texts our writer renders on its first scrape
    /// and copies at every one after (see `crate::write`).
    pre: Box<[Prerendered]>,
}

#[derive(Debug)]
struct HandWritten {
    name: String,
    help: String,
    unit: Option<Unit>,
    metric: Box<dyn PcMetric>,
}

/// A prometheus-client registry held by ours (a collector is held as one).
#[derive(Debug)]
struct Sub {
    registry: PcRegistry,
}

impl Registry {
    /// An empty registry.
    ///
    /// ```
    /// use metrics_runtime::{Format, Registry};
    ///
    /// let registry = Registry::new();
    /// assert_eq!(registry.encode(Format::OpenMetrics).unwrap(), "# EOF\n");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.shared.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.shared.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers `family`, an instance built with its `new(..)`, and hands it
    /// back shared. Fails, registering nothing, if a name of the family is
    /// taken by another owner ([`RegisterError::Taken`]) or the family
    /// already has an instance with the same constant labels here
    /// ([`RegisterError::Instance`]).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Registry};
    ///
    /// #[metrics_family(prefix = "app")]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// let app = registry.register(App::new()).unwrap();
    /// app.requests.inc();
    /// assert_eq!(
    ///     registry.register(App::new()).err().unwrap().to_string(),
    ///     "`App` is already registered in this registry (a family without constant labels has one instance there); get it with `Registry::get_or_create`"
    /// );
    /// ```
    pub fn register<F: MetricFamily + Send + Sync + 'static>(
        &self,
        family: F,
    ) -> Result<Arc<F>, RegisterError> {
        let labels = family.__instance_labels().clone();
        let mut state = self.write();
        let entry = state.family_entry::<F>()?;
        let Err(at) = state.position(entry, &labels) else {
            return Err(RegisterError::Instance {
                family: F::descriptor().name.to_owned(),
                labels: labels_text(&labels),
            });
        };
        let family = Arc::new(family);
        state.insert(entry, at, &family, labels);
        Ok(family)
    }

    /// The instance of family `F` with constant labels `labels`: the one
    /// already here (the same series), or a new one, registered now.
    /// Race-free: threads asking at once for one key get one instance. Fails
    /// only if this is the family's first instance here and one of its names
    /// is taken by another owner ([`RegisterError::Taken`]).
    ///
    /// It takes the registry's lock; keep what it returns rather than asking
    /// on every recording.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Registry};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Reconnections
    ///     reconnects: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.get_or_create::<Peer>("a".to_owned()).unwrap().reconnects.inc();
    /// // A component that comes back gets the same series.
    /// let again = registry.get_or_create::<Peer>("a".to_owned()).unwrap();
    /// assert_eq!(again.reconnects.get(), 1);
    /// ```
    pub fn get_or_create<F: MetricFamily + Send + Sync + 'static>(
        &self,
        labels: F::ConstLabels,
    ) -> Result<Arc<F>, RegisterError> {
        let key = F::const_labels(&labels);
        if let Some(found) = self.get_by::<F>(&key) {
            return Ok(found);
        }
        let mut state = self.write();
        let entry = state.family_entry::<F>()?;
        match state.find(entry, &key) {
            Ok(found) => Ok(found),
            Err(at) => {
                let family = Arc::new(F::with_const_labels(labels));
                state.insert(entry, at, &family, key);
                Ok(family)
            }
        }
    }

    /// The instance of family `F` with constant labels `labels`, if there is
    /// one here.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Registry};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Reconnections
    ///     reconnects: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register(Peer::new("a".to_owned())).unwrap().reconnects.inc();
    /// assert_eq!(registry.get::<Peer>(&"a".to_owned()).map(|p| p.reconnects.get()), Some(1));
    /// assert!(registry.get::<Peer>(&"b".to_owned()).is_none()); // and not created
    /// ```
    pub fn get<F: MetricFamily + Send + Sync + 'static>(
        &self,
        labels: &F::ConstLabels,
    ) -> Option<Arc<F>> {
        self.get_by::<F>(&F::const_labels(labels))
    }

    fn get_by<F: MetricFamily + Send + Sync + 'static>(&self, key: &ConstLabels) -> Option<Arc<F>> {
        let state = self.read();
        let entry = *state.families.get(&TypeId::of::<F>())?;
        state.find(entry, key).ok()
    }

    /// Removes the instance of family `F` with constant labels `labels`;
    /// returns whether there was one. Its series are not in the next scrape.
    /// Clones of the instance still held keep recording into series no
    /// longer exported; the family keeps its names, so it can have instances
    /// again.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Reconnections
    ///     reconnects: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.get_or_create::<Peer>("a".to_owned()).unwrap();
    /// registry.get_or_create::<Peer>("b".to_owned()).unwrap();
    /// assert!(registry.remove::<Peer>(&"a".to_owned()));
    /// assert!(!registry.remove::<Peer>(&"a".to_owned()));
    /// let text = registry.encode(Format::Text).unwrap();
    /// assert!(!text.contains("peer=\"a\""));
    /// assert!(text.contains("reconnects_total{peer=\"b\"} 0"));
    /// ```
    pub fn remove<F: MetricFamily + Send + Sync + 'static>(&self, labels: &F::ConstLabels) -> bool {
        let key = F::const_labels(labels);
        let mut state = self.write();
        let Some(&entry) = state.families.get(&TypeId::of::<F>()) else {
            return false;
        };
        let Ok(at) = state.position(entry, &key) else {
            return false;
        };
        if let Entry::Family(family) = &mut state.entries[entry] {
            let mut instances = family.instances.to_vec();
            instances.remove(at);
            family.instances = instances.into();
        }
        true
    }

    /// Registers a hand-written prometheus-client metric (a `Counter`,
    /// `Gauge`, `Histogram`, `Family`, `Info` or anything else that encodes
    /// itself) under `name` and `unit`, as prometheus-client's own
    /// `register_with_unit` would: the unit is appended to the name, a
    /// counter's samples get `_total`, and the help gets its final period.
    ///
    /// Fails, registering nothing, if a name it would export (taken from the
    /// name, unit and `metric`'s type, whether or not it has series) is
    /// taken ([`RegisterError::Taken`]), or if the name cannot be exported
    /// as given ([`RegisterError::Invalid`]: not a Prometheus name, a
    /// counter's name ending in `_total`, or a name ending in its unit,
    /// which would export `uptime_seconds_seconds`). The label names of a
    /// `Family`'s label set are not known until it has a series, and are
    /// written as it encodes them: keep them legacy-valid
    /// (`[a-zA-Z_][a-zA-Z0-9_]*`), as `#[derive(EncodeLabelSet)]` field
    /// names are.
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::metrics::gauge::Gauge;
    /// use metrics_runtime::prometheus_client::registry::Unit;
    /// use metrics_runtime::{Format, Registry};
    ///
    /// let registry = Registry::new();
    /// let uptime: Gauge = Gauge::default();
    /// registry.register_metric("uptime", "Time since start", Some(Unit::Seconds), uptime.clone()).unwrap();
    /// uptime.set(5);
    /// assert_eq!(
    ///     registry.encode(Format::Text).unwrap(),
    ///     "# HELP uptime_seconds Time since start.\n# TYPE uptime_seconds gauge\nuptime_seconds 5\n"
    /// );
    /// ```
    pub fn register_metric(
        &self,
        name: impl Into<String>,
        help: impl Into<String>,
        unit: Option<Unit>,
        metric: impl PcMetric,
    ) -> Result<(), RegisterError> {
        let name = name.into();
        let help = help.into();
        // prometheus-client writes a hand-written metric's help as given in
        // OpenMetrics: a line break would end `# HELP` and start a line of
        // the help's own.
        if help.contains('\n') {
            return Err(RegisterError::Invalid {
                name,
                reason: "its help has a line break, which would end the `# HELP` line of an OpenMetrics scrape; write the help on one line".to_owned(),
            });
        }
        if let Some(unit) = unit.as_ref().map(Unit::as_str) {
            if let Some(stem) = name.strip_suffix(&format!("_{unit}")) {
                return Err(RegisterError::Invalid {
                    name: format!("{name}_{unit}"),
                    reason: format!(
                        "the unit is appended to the name, which already ends in `_{unit}`; register it as `{stem}`"
                    ),
                });
            }
        }
        let family = match &unit {
            Some(unit) => format!("{name}_{}", unit.as_str()),
            None => name.clone(),
        };
        let kind = metric.metric_type();
        check_hand_written(&family, kind)?;
        let exported = Exported {
            family: family.clone(),
            kind: type_name(kind),
        };
        let who = format!("the hand-written {} `{family}`", type_name(kind));
        let mut state = self.write();
        state.check(&who, &exported.names())?;
        let index = state.entries.len();
        state.take(index, &who, exported.names());
        state.entries.push(Entry::Metric(Arc::new(HandWritten {
            name,
            help: help + ".",
            unit,
            metric: Box::new(metric),
        })));
        Ok(())
    }

    /// Registers a prometheus-client collector, held as the only content of
    /// a prometheus-client registry of its own and checked as
    /// [`register_sub_registry`](Self::register_sub_registry) says: the
    /// names it writes now are checked and taken here; a name it first
    /// writes later is checked at each scrape. Error messages call it by its
    /// type's name.
    ///
    /// It takes the collector itself: one held as a `Box<dyn Collector>`
    /// goes in a newtype of yours that implements `Collector` by calling
    /// the box's `encode`.
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::collector::Collector;
    /// use metrics_runtime::prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
    /// use metrics_runtime::prometheus_client::metrics::counter::ConstCounter;
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry};
    ///
    /// #[derive(Debug)]
    /// struct Boots;
    ///
    /// impl Collector for Boots {
    ///     fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
    ///         let boots = ConstCounter::new(3u64);
    ///         boots.encode(encoder.encode_descriptor("boots", "Boots", None, boots.metric_type())?)
    ///     }
    /// }
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Boots, again
    ///     boots: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register_collector(Boots).unwrap();
    /// assert!(registry.encode(Format::Text).unwrap().contains("boots_total 3\n"));
    /// assert!(registry.register(App::new()).is_err());
    /// ```
    pub fn register_collector<C: Collector>(&self, collector: C) -> Result<(), RegisterError> {
        // Every encode would then fail (a registry holding a collector
        // writes no collector of its own).
        let any: &dyn std::any::Any = &collector;
        if any
            .downcast_ref::<Registry>()
            .is_some_and(|inner| Arc::ptr_eq(&inner.shared, &self.shared))
        {
            return Err(RegisterError::Itself);
        }
        let name = std::any::type_name::<C>();
        let mut registry = PcRegistry::default();
        registry.register_collector(Box::new(collector));
        self.hold(format!("the collector `{name}`"), registry)
    }

    /// Hands `register` a new prometheus-client registry, for a library that
    /// insists on registering into one (libp2p-metrics does), and holds it
    /// in this registry: what `register` returns is handed back.
    ///
    /// prometheus-client gives no way to list what a registry holds, and a
    /// metric in it that has no series yet (a `Family` before its first
    /// label set) writes nothing, so names are checked from what the
    /// registry writes:
    ///
    /// - **At registration**, every name it writes then is checked against
    ///   this registry's table, and taken ([`RegisterError::Taken`] on a
    ///   clash, with `register`'s result dropped and nothing registered).
    /// - **At each scrape**, every family it writes is checked again: one
    ///   whose name another owner has (registered after it, while its name
    ///   was still unwritten), or that it or an earlier prometheus-client
    ///   registry already wrote in this scrape, is left out of the scrape and
    ///   counted in `metrics_runtime_left_out_families_total` (a counter
    ///   this registry exports, at 0, once it holds one prometheus-client
    ///   registry or collector).
    ///
    /// So nothing is ever exported twice. What goes unseen at registration
    /// is a name the library registers with no series yet; a later family
    /// may then take it without an error, and the library's family stays
    /// out of scrapes, counted. The check is by name, as the family is
    /// written: the 0.0.4 format writes an info metric `build` as a gauge
    /// `build_info`, so it clashes there with a name `build_info` only.
    ///
    /// The registry's name is used in error messages only: it adds no
    /// prefix (for one, register into `r.sub_registry_with_prefix(..)`
    /// inside `register`). Its families are written after those of this
    /// registry, each under its own header.
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
    /// use metrics_runtime::prometheus_client::metrics::family::Family as PcFamily;
    /// use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry};
    ///
    /// /// What a library does with the registry it is given.
    /// fn library_metrics(registry: &mut PcRegistry) -> PcFamily<Vec<(String, String)>, PcCounter> {
    ///     let dials = PcFamily::default();
    ///     registry.sub_registry_with_prefix("lib").register("dials", "Dials", dials.clone());
    ///     dials
    /// }
    ///
    /// #[metrics_family(prefix = "lib")]
    /// struct Mine {
    ///     /// Dials, as I count them
    ///     dials: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// let dials = registry.register_sub_registry("lib", library_metrics).unwrap();
    /// // `lib_dials` has no series yet, so the library's registry writes
    /// // nothing and the family gets the name.
    /// registry.register(Mine::new()).unwrap();
    /// dials.get_or_create(&vec![("peer".to_owned(), "a".to_owned())]).inc();
    /// // Now the library writes `lib_dials` too: left out, and counted.
    /// let text = registry.encode(Format::Text).unwrap();
    /// assert_eq!(text.matches("# TYPE lib_dials_total counter").count(), 1);
    /// assert!(text.contains("metrics_runtime_left_out_families_total 1\n"));
    /// ```
    pub fn register_sub_registry<T>(
        &self,
        name: &str,
        register: impl FnOnce(&mut PcRegistry) -> T,
    ) -> Result<T, RegisterError> {
        let mut registry = PcRegistry::default();
        let result = register(&mut registry);
        self.hold(format!("the prometheus-client registry `{name}`"), registry)?;
        Ok(result)
    }

    fn hold(&self, who: String, registry: PcRegistry) -> Result<(), RegisterError> {
        // The library's code runs here, outside our lock.
        let mut text = String::new();
        prometheus_client::encoding::text::encode_registry(&mut text, &registry)
            .map_err(|_| RegisterError::Unreadable)?;
        let exports: Vec<Vec<String>> = type_lines(&text).iter().map(Exported::names).collect();
        let mut state = self.write();
        let left_out = Exported {
            family: LEFT_OUT_FAMILIES.to_owned(),
            kind: "counter",
        };
        let left_out_names = left_out.names();
        for names in &exports {
            state.check(&who, names)?;
            // The counter this registration brings, if it is the first:
            // not taken yet, so not in `check`'s table.
            let first = state.left_out.is_none();
            if let Some(name) = names.iter().find(|n| first && left_out_names.contains(n)) {
                return Err(RegisterError::Taken {
                    by: who,
                    name: name.clone(),
                    owner: LEFT_OUT_OWNER.to_owned(),
                });
            }
        }
        if state.left_out.is_none() {
            state.check(LEFT_OUT_OWNER, &left_out.names())?;
            let index = state.entries.len();
            state.take(index, LEFT_OUT_OWNER, left_out.names());
            state.entries.push(Entry::LeftOut);
            state.left_out = Some(index);
        }
        let index = state.entries.len();
        for names in exports {
            state.take(index, &who, names);
        }
        state.entries.push(Entry::Sub(Arc::new(Sub { registry })));
        Ok(())
    }

    /// The whole registry in `format`: its families and hand-written
    /// metrics in registration order (a family's instances under one
    /// header per name, sorted by their constant labels' values, so a
    /// scrape's order does not depend on which component registered
    /// first); then its collectors and prometheus-client registries.
    ///
    /// Our families are written by a writer of this crate, byte for byte
    /// what prometheus-client's encoders write for them, each series' label
    /// text rendered once and copied at every scrape; hand-written metrics,
    /// metrics of a cell type of the user's own, collectors and
    /// prometheus-client registries go through prometheus-client's encoder,
    /// in the order above.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry};
    ///
    /// #[metrics_family(prefix = "app")]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register(App::new()).unwrap().requests.inc();
    /// assert_eq!(registry.encode(Format::Text).unwrap(), "\
    /// ## HELP app_requests_total Requests served.
    /// ## TYPE app_requests_total counter
    /// app_requests_total 1
    /// ");
    /// ```
    pub fn encode(&self, format: Format) -> Result<String, fmt::Error> {
        let mut out = String::new();
        self.encode_to_string(&mut out, format)?;
        Ok(out)
    }

    /// As [`encode`](Self::encode), appending to `out`.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register(App::new()).unwrap();
    /// let mut out = String::from("# scraped by a test\n");
    /// registry.encode_into(&mut out, Format::Text).unwrap();
    /// assert!(out.starts_with("# scraped by a test\n# HELP requests_total"));
    /// ```
    pub fn encode_into(&self, out: &mut impl fmt::Write, format: Format) -> fmt::Result {
        let mut text = String::new();
        self.encode_to_string(&mut text, format)?;
        out.write_str(&text)
    }

    /// As [`encode`](Self::encode), appending to `buffer`: keep the buffer
    /// between scrapes (cleared) and a scrape of this registry's families
    /// reuses its memory.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register(App::new()).unwrap().requests.inc();
    /// let mut buffer = String::new();
    /// registry.encode_to_string(&mut buffer, Format::OpenMetrics).unwrap();
    /// assert_eq!(buffer, "# HELP requests Requests served.\n# TYPE requests counter\nrequests_total 1\n# EOF\n");
    /// ```
    pub fn encode_to_string(&self, buffer: &mut String, format: Format) -> fmt::Result {
        // The last scrape's lists, unless another scrape has them now.
        let (parts, names) = match self.shared.scratch.try_lock() {
            Ok(mut kept) => std::mem::take(&mut *kept),
            Err(_) => Default::default(),
        };
        let (own, subs) = self.snapshot_into(parts, names);
        // First, as they may leave families out, which `own` counts.
        let subs = self.encode_subs(&subs, format)?;
        let written = own.write_to(buffer, format);
        let Own {
            mut parts,
            mut names,
            ..
        } = own;
        parts.clear();
        names.clear();
        if let Ok(mut kept) = self.shared.scratch.try_lock() {
            *kept = (parts, names);
        }
        written?;
        buffer.push_str(&subs);
        if format == Format::OpenMetrics {
            buffer.push_str("# EOF\n");
        }
        Ok(())
    }

    /// The registry in an encoding of prometheus-client's that yields one
    /// value per family (`encode`; the protobuf one, `proto.rs`): its
    /// families and hand-written metrics, then its collectors' and
    /// prometheus-client registries' families less those whose `names`
    /// another owner or an earlier family of this scrape already covers,
    /// left out and counted as in text scrapes.
    #[cfg(feature = "protobuf")]
    pub(crate) fn encode_families<T>(
        &self,
        encode: impl Fn(&PcRegistry) -> Result<Vec<T>, fmt::Error>,
        names: impl Fn(&T) -> Vec<String>,
    ) -> Result<Vec<T>, fmt::Error> {
        let (own, subs) = self.snapshot();
        let mut encoded = Vec::with_capacity(subs.len());
        for (index, sub) in &subs {
            encoded.push((*index, encode(&sub.registry)?));
        }
        let mut kept = Vec::new();
        if !encoded.is_empty() {
            let state = self.read();
            let mut written: HashSet<String> = HashSet::new();
            let mut left_out = 0;
            for (index, families) in encoded {
                for family in families {
                    let names = names(&family);
                    let clash = names.iter().any(|name| {
                        written.contains(name)
                            || state
                                .names
                                .get(name)
                                .is_some_and(|(owner, _)| *owner != index)
                    });
                    if clash {
                        left_out += 1;
                        continue;
                    }
                    written.extend(names);
                    kept.push(family);
                }
            }
            self.shared.left_out.fetch_add(left_out, Ordering::Relaxed);
        }
        let mut registry = PcRegistry::default();
        registry.register_collector(Box::new(own));
        let mut out = encode(&registry)?;
        out.extend(kept);
        Ok(out)
    }

    /// The heap bytes our writer's pre-rendered texts (series label texts
    /// and `le` texts) hold for this registry's families now: for
    /// BENCHMARKS.md's memory figure.
    #[doc(hidden)]
    pub fn __prerendered_bytes(&self) -> usize {
        let state = self.read();
        state
            .entries
            .iter()
            .filter_map(|entry| match entry {
                Entry::Family(family) => Some(family.instances.iter()),
                _ => None,
            })
            .flatten()
            .flat_map(|instance| instance.pre.iter())
            .map(Prerendered::heap_bytes)
            .sum()
    }

    /// What to write, read under the lock and written without it, so no
    /// collector's or library's code runs under our lock.
    fn snapshot(&self) -> (Own, Vec<(usize, Arc<Sub>)>) {
        self.snapshot_into(Vec::new(), Vec::new())
    }

    /// As `snapshot`, into lists kept from an earlier scrape (empty).
    fn snapshot_into(
        &self,
        mut own: Vec<Part>,
        mut names: Vec<Arc<[MetricNames]>>,
    ) -> (Own, Vec<(usize, Arc<Sub>)>) {
        let state = self.read();
        let mut subs = Vec::new();
        for (index, entry) in state.entries.iter().enumerate() {
            match entry {
                Entry::Family(family) if !family.instances.is_empty() => {
                    own.push(Part::Family(
                        family.descriptor,
                        Arc::clone(&family.instances),
                    ));
                    names.push(Arc::clone(&family.names));
                }
                Entry::Family(_) => {}
                Entry::Metric(metric) => own.push(Part::Metric(Arc::clone(metric))),
                Entry::LeftOut => own.push(Part::LeftOut),
                Entry::DroppedExemplars => own.push(Part::DroppedExemplars),
                Entry::Sub(sub) => subs.push((index, Arc::clone(sub))),
            }
        }
        (
            Own {
                parts: own,
                names,
                shared: Arc::clone(&self.shared),
            },
            subs,
        )
    }

    /// The prometheus-client registries' expositions, without what another
    /// owner's names or an earlier family of this scrape already cover.
    fn encode_subs(
        &self,
        subs: &[(usize, Arc<Sub>)],
        format: Format,
    ) -> Result<String, fmt::Error> {
        if subs.is_empty() {
            return Ok(String::new());
        }
        let mut texts = Vec::with_capacity(subs.len());
        for (index, sub) in subs {
            let mut text = String::new();
            match format {
                Format::OpenMetrics => {
                    prometheus_client::encoding::text::encode_registry(&mut text, &sub.registry)?
                }
                Format::Text => {
                    prometheus_client::encoding::prometheus_text::encode(&mut text, &sub.registry)?
                }
            }
            texts.push((*index, text));
        }
        let state = self.read();
        let mut written: HashSet<String> = HashSet::new();
        let mut out = String::new();
        let mut left_out = 0;
        for (index, text) in &texts {
            for block in blocks(text) {
                let names = block_family(block, format).map_or_else(Vec::new, |e| e.names());
                let clash = names.iter().any(|name| {
                    written.contains(name)
                        || state
                            .names
                            .get(name)
                            .is_some_and(|(owner, _)| owner != index)
                });
                if clash {
                    left_out += 1;
                    continue;
                }
                written.extend(names);
                out.push_str(block);
            }
        }
        self.shared.left_out.fetch_add(left_out, Ordering::Relaxed);
        Ok(out)
    }
}

impl State {
    /// The entry of family `F`, made (its names checked and taken) if this
    /// is its first instance here.
    fn family_entry<F: MetricFamily + Send + Sync + 'static>(
        &mut self,
    ) -> Result<usize, RegisterError> {
        if let Some(&entry) = self.families.get(&TypeId::of::<F>()) {
            return Ok(entry);
        }
        let descriptor: &'static FamilyDescriptor = F::descriptor();
        let exports = family_exports(descriptor);
        let mut siblings: HashMap<&str, &str> = HashMap::new();
        for (metric, names) in &exports {
            self.check(&format!("`{metric}`"), names)?;
            // Two metrics of one family: the macro refuses them, but a
            // descriptor is data and is checked as such.
            if let Some(other) = names.iter().find_map(|n| siblings.get(n.as_str())) {
                return Err(RegisterError::Conflict {
                    metric: metric.clone(),
                    name: names[0].clone(),
                    other: (*other).to_owned(),
                });
            }
            siblings.extend(names.iter().map(|n| (n.as_str(), metric.as_str())));
        }
        // The process's count of dropped exemplars comes with the first
        // family that has exemplars, checked with the family's names.
        let dropped = Exported {
            family: crate::exemplar::DROPPED_EXEMPLARS.to_owned(),
            kind: "counter",
        };
        let exemplars = self.dropped_exemplars.is_none()
            && descriptor.metrics.iter().any(|m| !m.exemplar.is_empty());
        if exemplars {
            self.check(DROPPED_OWNER, &dropped.names())?;
            let index = self.entries.len();
            self.take(index, DROPPED_OWNER, dropped.names());
            self.entries.push(Entry::DroppedExemplars);
            self.dropped_exemplars = Some(index);
        }
        let index = self.entries.len();
        for (metric, names) in exports {
            self.take(index, &format!("`{metric}`"), names);
        }
        self.entries.push(Entry::Family(FamilyEntry {
            descriptor,
            names: descriptor
                .metrics
                .iter()
                .map(|m| MetricNames::new(descriptor, m))
                .collect(),
            instances: Arc::from([]),
        }));
        self.families.insert(TypeId::of::<F>(), index);
        Ok(index)
    }

    /// Fails if any of `names` (one export: its family name first) is
    /// taken. Samples first: the name a scraper sees is the one to report.
    fn check(&self, who: &str, names: &[String]) -> Result<(), RegisterError> {
        let ordered = names.iter().skip(1).chain(names.iter().take(1));
        for name in ordered {
            if let Some((_, owner)) = self.names.get(name) {
                return Err(RegisterError::Taken {
                    by: who.to_owned(),
                    name: name.clone(),
                    owner: owner.clone(),
                });
            }
        }
        Ok(())
    }

    fn take(&mut self, index: usize, who: &str, names: Vec<String>) {
        for name in names {
            self.names.insert(name, (index, who.to_owned()));
        }
    }

    /// Where an instance with `labels` is (`Ok`) or would go (`Err`) among
    /// the instances of family entry `entry`.
    fn position(&self, entry: usize, labels: &ConstLabels) -> Result<usize, usize> {
        match &self.entries[entry] {
            Entry::Family(family) => family
                .instances
                .binary_search_by(|instance| instance.labels.iter().cmp(labels.iter())),
            _ => Err(0),
        }
    }

    /// The instance of family `F` (whose entry is `entry`) with `labels`, or
    /// where it would go.
    fn find<F: MetricFamily + Send + Sync + 'static>(
        &self,
        entry: usize,
        labels: &ConstLabels,
    ) -> Result<Arc<F>, usize> {
        let at = self.position(entry, labels)?;
        match &self.entries[entry] {
            Entry::Family(family) => Ok(Arc::clone(&family.instances[at].family)
                .downcast::<F>()
                .unwrap_or_else(|_| {
                    unreachable!("a family entry holds instances of its own type")
                })),
            _ => Err(at),
        }
    }

    fn insert<F: MetricFamily + Send + Sync + 'static>(
        &mut self,
        entry: usize,
        at: usize,
        family: &Arc<F>,
        labels: ConstLabels,
    ) {
        let metrics = family.__registered();
        // Our writer's texts, rendered now rather than by the first scrape
        // (see `crate::write`).
        let pre: Box<[Prerendered]> = metrics
            .iter()
            .map(|metric| {
                let pre = Prerendered::default();
                metric.prerender(&pre);
                pre
            })
            .collect();
        let instance = Arc::new(Instance {
            labels,
            pre,
            metrics,
            family: Arc::clone(family) as Arc<dyn Any + Send + Sync>,
        });
        if let Entry::Family(entry) = &mut self.entries[entry] {
            let mut instances = entry.instances.to_vec();
            instances.insert(at, instance);
            entry.instances = instances.into();
        }
    }
}

/// The families and hand-written metrics of a registry, as of one scrape.
struct Own {
    parts: Vec<Part>,
    /// The names of each `Part::Family` in `parts`, in order.
    names: Vec<Arc<[MetricNames]>>,
    shared: Arc<Shared>,
}

/// One metric's names as our writer writes them.
struct MetricNames {
    /// With prefix and unit: what samples start with.
    family: String,
    unit: Option<&'static str>,
    /// With its final period.
    help: String,
    kind: MetricType,
    /// A state set: typed `stateset` in OpenMetrics.
    stateset: bool,
    /// Its overflow counter's name and help (a free-form metric).
    overflow: Option<(String, String)>,
}

impl MetricNames {
    fn new(descriptor: &FamilyDescriptor, metric: &crate::describe::MetricDescriptor) -> Self {
        let mut family = match descriptor.prefix {
            Some(prefix) => format!("{prefix}_{}", metric.name),
            None => metric.name.to_owned(),
        };
        let unit = metric.unit.map(unit_of);
        if let Some(unit) = &unit {
            family.push('_');
            family.push_str(unit.as_str());
        }
        Self {
            family,
            unit: metric.unit,
            help: format!("{}.", metric.help),
            kind: metric_type(metric.kind),
            stateset: metric.kind == MetricKind::StateSet,
            overflow: overflow_counter_name(metric, descriptor.prefix)
                .zip(overflow_help(metric, descriptor.prefix).map(|help| help + ".")),
        }
    }
}

fn metric_type(kind: MetricKind) -> MetricType {
    match kind {
        MetricKind::Counter => MetricType::Counter,
        // prometheus-client has no state-set type: our writer writes the
        // OpenMetrics header itself (`MetricNames::stateset`).
        MetricKind::Gauge | MetricKind::FloatGauge | MetricKind::StateSet => MetricType::Gauge,
        MetricKind::Histogram | MetricKind::NativeHistogram => MetricType::Histogram,
        MetricKind::Info => MetricType::Info,
    }
}

thread_local! {
    /// The bucket counts of one histogram series as a scrape reads them,
    /// kept per thread so a scrape after the first allocates nothing.
    static SCRATCH: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Own {
    /// Everything, in order: each family's metrics with our writer where its
    /// store and cells can be written so, through prometheus-client's
    /// encoder (a registry made for the part) otherwise, and hand-written
    /// metrics through prometheus-client's encoder.
    fn write_to(&self, out: &mut String, format: Format) -> fmt::Result {
        let mut names = self.names.iter();
        for part in &self.parts {
            match part {
                Part::Family(descriptor, instances) => {
                    let names = names.next().ok_or(fmt::Error)?;
                    for (i, metric) in names.iter().enumerate() {
                        if write_own(metric, i, instances, out, format) {
                            continue;
                        }
                        self.write_through_pc(
                            Part::FamilyMetric(descriptor, i, Arc::clone(instances)),
                            out,
                            format,
                        )?;
                    }
                }
                other => self.write_through_pc(other.clone(), out, format)?,
            }
        }
        Ok(())
    }

    fn write_through_pc(&self, part: Part, out: &mut String, format: Format) -> fmt::Result {
        let mut registry = PcRegistry::default();
        registry.register_collector(Box::new(Own {
            parts: vec![part],
            names: Vec::new(),
            shared: Arc::clone(&self.shared),
        }));
        match format {
            Format::OpenMetrics => {
                prometheus_client::encoding::text::encode_registry(out, &registry)
            }
            Format::Text => prometheus_client::encoding::prometheus_text::encode(out, &registry),
        }
    }
}

/// Metric `i` of a family, every instance, with our writer; `false`, with
/// `out` as it was, if its store is not written so.
fn write_own(
    metric: &MetricNames,
    i: usize,
    instances: &[Arc<Instance>],
    out: &mut String,
    format: Format,
) -> bool {
    let start = out.len();
    if metric.stateset && crate::state_set::typed_as_stateset(format) {
        crate::state_set::push_openmetrics_header(out, &metric.family, &metric.help);
    } else {
        push_header(
            out,
            format,
            &metric.family,
            metric.unit,
            &metric.help,
            metric.kind,
        );
    }
    let written = SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let mut series = SeriesOut {
            out: &mut *out,
            format,
            family: &metric.family,
            scratch: &mut scratch,
            prefixed: false,
        };
        instances
            .iter()
            .all(|instance| instance.metrics[i].write_series(&instance.pre[i], &mut series))
    });
    if !written {
        out.truncate(start);
        return false;
    }
    if let Some((name, help)) = &metric.overflow {
        push_header(out, format, name, None, help, MetricType::Counter);
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let mut series = SeriesOut {
                out: &mut *out,
                format,
                family: name,
                scratch: &mut scratch,
                prefixed: false,
            };
            for instance in instances {
                instance.metrics[i].write_overflow(&instance.pre[i], &mut series);
            }
        });
    }
    true
}

#[derive(Clone)]
enum Part {
    Family(&'static FamilyDescriptor, Arc<[Arc<Instance>]>),
    /// One metric (by its index) of a family, all instances.
    FamilyMetric(&'static FamilyDescriptor, usize, Arc<[Arc<Instance>]>),
    Metric(Arc<HandWritten>),
    LeftOut,
    DroppedExemplars,
}

impl fmt::Debug for Own {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Own")
            .field("parts", &self.parts.len())
            .finish()
    }
}

impl Own {
    fn write(&self, encoder: &mut DescriptorEncoder) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Family(descriptor, instances) => {
                    for i in 0..descriptor.metrics.len() {
                        write_family_metric(descriptor, i, instances, encoder)?
                    }
                }
                Part::FamilyMetric(descriptor, i, instances) => {
                    write_family_metric(descriptor, *i, instances, encoder)?
                }
                Part::Metric(metric) => {
                    if metric.metric.is_empty() {
                        continue;
                    }
                    let encoder = encoder.encode_descriptor(
                        &metric.name,
                        &metric.help,
                        metric.unit.as_ref(),
                        metric.metric.metric_type(),
                    )?;
                    metric.metric.encode(encoder)?;
                }
                Part::LeftOut => {
                    let help = "Families a prometheus-client registry or collector in this registry wrote under a name another metric here exports, left out of scrapes.";
                    let mut encoder = encoder.encode_descriptor(
                        LEFT_OUT_FAMILIES,
                        help,
                        None,
                        MetricType::Counter,
                    )?;
                    let count = self.shared.left_out.load(Ordering::Relaxed);
                    encoder.encode_counter::<NoLabelSet, _, u64>(&count, None)?;
                }
                Part::DroppedExemplars => {
                    let help = "Exemplars dropped by this process because their label set exceeded OpenMetrics' 128 UTF-8 characters (the samples themselves were recorded).";
                    let mut encoder = encoder.encode_descriptor(
                        crate::exemplar::DROPPED_EXEMPLARS,
                        help,
                        None,
                        MetricType::Counter,
                    )?;
                    let count = crate::exemplar::dropped_exemplars();
                    encoder.encode_counter::<NoLabelSet, _, u64>(&count, None)?;
                }
            }
        }
        Ok(())
    }
}

impl Collector for Own {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        self.write(&mut encoder)
    }
}

/// One metric of a family, all instances under one header per name, a
/// free-form metric followed by its overflow counter.
fn write_family_metric(
    descriptor: &FamilyDescriptor,
    i: usize,
    instances: &[Arc<Instance>],
    encoder: &mut DescriptorEncoder,
) -> fmt::Result {
    let metric = &descriptor.metrics[i];
    {
        let name = match descriptor.prefix {
            Some(prefix) => format!("{prefix}_{}", metric.name),
            None => metric.name.to_owned(),
        };
        let help = format!("{}.", metric.help);
        let unit = metric.unit.map(unit_of);
        let kind = metric_type(metric.kind);
        {
            let mut encoder = encoder.encode_descriptor(&name, &help, unit.as_ref(), kind)?;
            for instance in instances {
                instance.metrics[i].encode_series(&mut encoder)?;
            }
        }
        if let (Some(name), Some(help)) = (
            overflow_counter_name(metric, descriptor.prefix),
            overflow_help(metric, descriptor.prefix),
        ) {
            let help = help + ".";
            let mut encoder = encoder.encode_descriptor(&name, &help, None, MetricType::Counter)?;
            for instance in instances {
                instance.metrics[i].encode_overflow(&mut encoder)?;
            }
        }
    }
    Ok(())
}

/// The registry's families and hand-written metrics, through the encoder of
/// the prometheus-client registry it is registered into (the compatibility
/// path, for a service that serves a prometheus-client registry).
///
/// prometheus-client gives a collector no way to write a registry, or
/// several collectors, so a registry holding a collector or a
/// prometheus-client registry fails to encode this way (`Err`, and the
/// scrape fails) rather than leave them out unseen: register those into the
/// outer registry instead.
///
/// ```
/// use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
/// use metrics_runtime::{encode, metrics_family, Counter, Format, Registry};
///
/// #[metrics_family(const_labels(peer: String))]
/// struct Peer {
///     /// Reconnections
///     reconnects: Counter,
/// }
///
/// let ours = Registry::new();
/// ours.get_or_create::<Peer>("a".to_owned()).unwrap().reconnects.inc();
/// let mut theirs = PcRegistry::default();
/// theirs.register_collector(Box::new(ours.clone()));
/// assert_eq!(encode(&theirs, Format::Text).unwrap(), ours.encode(Format::Text).unwrap());
/// ```
impl Collector for Registry {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        let (own, subs) = self.snapshot();
        if !subs.is_empty() {
            return Err(fmt::Error);
        }
        own.write(&mut encoder)
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.read();
        f.debug_struct("Registry")
            .field("entries", &state.entries.len())
            .field("names", &state.names.len())
            .finish_non_exhaustive()
    }
}

/// `peer="a",shard="one"`, for messages.
fn labels_text(labels: &ConstLabels) -> String {
    let mut text = String::new();
    for (i, (name, value)) in labels.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        let _ = write!(text, "{name}={value:?}");
    }
    text
}

fn type_name(kind: MetricType) -> &'static str {
    match kind {
        MetricType::Counter => "counter",
        MetricType::Gauge => "gauge",
        MetricType::Histogram => "histogram",
        MetricType::Info => "info",
        MetricType::Unknown => "unknown",
    }
}

/// A hand-written metric's exported family name must be a Prometheus name,
/// without the `_total` prometheus-client appends to a counter.
fn check_hand_written(family: &str, kind: MetricType) -> Result<(), RegisterError> {
    let mut chars = family.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
    if !valid {
        return Err(RegisterError::Invalid {
            name: family.to_owned(),
            reason:
                "a metric name is ASCII letters, digits, `_` and `:`, not starting with a digit"
                    .to_owned(),
        });
    }
    if kind == MetricType::Counter {
        if let Some(stem) = family.strip_suffix("_total") {
            return Err(RegisterError::Invalid {
                name: family.to_owned(),
                reason: format!(
                    "prometheus-client appends `_total` to a counter's samples; register it as `{stem}`"
                ),
            });
        }
    }
    Ok(())
}

/// The families of a prometheus-client exposition (without `# EOF`): each
/// from its `# HELP` line to the next.
fn blocks(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("# HELP ") {
            starts.push(at);
        }
        at += line.len();
    }
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|w| &text[w[0]..w[1]])
        .filter(|block| !block.is_empty())
        .collect()
}

/// The family a block of `format` declares, from its `# TYPE` line, named
/// as OpenMetrics names it (the 0.0.4 format writes a counter `x` as
/// `x_total`).
fn block_family(block: &str, format: Format) -> Option<Exported> {
    let exported = type_lines(block).into_iter().next()?;
    Some(match (format, exported.kind) {
        (Format::Text, "counter") => Exported {
            family: exported
                .family
                .strip_suffix("_total")
                .unwrap_or(&exported.family)
                .to_owned(),
            kind: "counter",
        },
        _ => exported,
    })
}
