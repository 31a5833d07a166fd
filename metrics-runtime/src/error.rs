//! Errors at registration.
//!
//! See [`RegisterError`].

use std::fmt;

/// Registering a family failed; nothing of the family was registered.
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
    /// The registry's own exposition could not be written, so its names
    /// could not be checked: some metric already in it fails to encode.
    Unreadable,
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
        }
    }
}

impl std::error::Error for RegisterError {}
