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
        }
    }
}

impl std::error::Error for RegisterError {}
