//! Errors at registration.
//!
//! See [`RegisterError`].

use std::fmt;

/// Registering a family failed; nothing of the family was registered.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Registry, RegisterError};
///
/// #[metrics_family]
/// struct Api {
///     /// Requests served by the API
///     requests: Counter,
/// }
///
/// #[metrics_family]
/// struct Admin {
///     /// Requests served by the admin pages
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(Api::new()).unwrap();
/// let Err(err) = registry.register(Admin::new()) else { panic!("`requests_total` twice") };
/// assert!(matches!(&err, RegisterError::Taken { name, .. } if name == "requests_total"));
/// assert!(err.to_string().contains("`Admin::requests`"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegisterError {
    /// A name the family exports is already exported by a metric in the
    /// registry.
    Duplicate {
        /// The family and field that tried to register, e.g. `Sync::attempts`.
        metric: String,
        /// The exported sample name both would write.
        name: String,
        /// The metric family already in the registry that exports it.
        existing: String,
    },
    /// Two metrics of the families being registered would export one name:
    /// within one family (for instance a metric `x_overflow` next to a
    /// free-form metric `x`, whose overflow counter is `x_overflow`), or
    /// across families checked together by
    /// [`check_names`](crate::check_names).
    Conflict {
        /// The later field, e.g. `Contexts::executions_overflow`.
        metric: String,
        /// The exported name both would write.
        name: String,
        /// The earlier field that exports it, e.g. `Contexts::executions`.
        other: String,
    },
    /// An exposition could not be written, so its names could not be
    /// checked: the prometheus-client registry or collector being
    /// registered fails to encode (a `metrics_runtime::Registry` holding a
    /// collector, say), or a metric already in the registry does.
    Unreadable,
    /// A name is already taken in a [`Registry`](crate::Registry) by
    /// something else: another family, a hand-written metric, a collector
    /// or a prometheus-client registry (see
    /// [`Registry`](crate::Registry#one-name-one-owner)).
    Taken {
        /// What tried to register, as the message says it: `` `App::requests` ``
        /// for a family's metric, `` the hand-written counter `app_requests` ``,
        /// `` the collector `process` `` or
        /// `` the prometheus-client registry `libp2p` ``.
        by: String,
        /// The exported name both would write.
        name: String,
        /// What has it, said the same way.
        owner: String,
    },
    /// The family already has an instance with these constant labels in the
    /// [`Registry`](crate::Registry): get it with
    /// [`Registry::get_or_create`](crate::Registry::get_or_create).
    Instance {
        /// The family, e.g. `PeerMetrics`.
        family: String,
        /// The constant labels, as exported: `peer="a",shard="one"`.
        labels: String,
    },
    /// A [`Registry`](crate::Registry) given to its own
    /// [`register_collector`](crate::Registry::register_collector): it
    /// would write itself, and no scrape of it could be written.
    Itself,
    /// A hand-written metric cannot be exported as given: its name, or its
    /// help (a line break in it).
    Invalid {
        /// The name as given (with its unit, if any).
        name: String,
        /// Why, and the fix.
        reason: String,
    },
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::Duplicate {
                metric,
                name,
                existing,
            } => write!(
                f,
                "`{metric}` exports `{name}`, which the metric family `{existing}` already in this registry exports"
            ),
            RegisterError::Conflict {
                metric,
                name,
                other,
            } => write!(
                f,
                "`{metric}` exports `{name}`, which `{other}` also exports"
            ),
            RegisterError::Unreadable => f.write_str(
                "the registry's exposition fails to encode, so its names cannot be checked",
            ),
            RegisterError::Taken { by, name, owner } => write!(
                f,
                "{by} exports `{name}`, which {owner} already in this registry exports"
            ),
            // A family without constant labels has one instance.
            RegisterError::Instance { family, labels } if labels.is_empty() => write!(
                f,
                "`{family}` is already registered in this registry (a family without constant labels has one instance there); get it with `Registry::get_or_create`"
            ),
            RegisterError::Instance { family, labels } => write!(
                f,
                "`{family}` already has an instance with constant labels {{{labels}}} in this registry; get it with `Registry::get_or_create`"
            ),
            RegisterError::Itself => f.write_str(
                "a registry cannot be its own collector: its scrape would hold itself; register its families and metrics into it directly",
            ),
            RegisterError::Invalid { name, reason } => {
                write!(f, "cannot register a metric named `{name}`: {reason}")
            }
        }
    }
}

impl std::error::Error for RegisterError {}
