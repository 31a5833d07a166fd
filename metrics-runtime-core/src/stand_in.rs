//! What the macros' fallbacks name after a declaration error, so recording
//! calls the user wrote type-check and the declaration's errors are the only
//! ones. Nothing here is ever constructed: a fallback's `new()` is
//! unreachable.

use core::fmt;

/// The series of a field whose type names no metric kind: every cell
/// method, taking any value.
pub struct AnyCell(());

#[allow(missing_docs)]
impl AnyCell {
    pub fn inc(&self) {}
    pub fn dec(&self) {}
    pub fn inc_by(&self, _: impl Sized) {}
    pub fn dec_by(&self, _: impl Sized) {}
    pub fn set(&self, _: impl Sized) {}
    pub fn observe(&self, _: impl Sized) {}
    pub fn observe_duration(&self, _: impl Sized) {}
    pub fn start_timer(&self) {}
    pub fn get(&self) -> AnyValue {
        AnyValue(())
    }
}

/// What `get` reads from a field whose type names no metric kind: compares
/// with any value, so assertions on it type-check.
pub struct AnyValue(());

impl<T> PartialEq<T> for AnyValue {
    fn eq(&self, _: &T) -> bool {
        false
    }
}

impl<T> PartialOrd<T> for AnyValue {
    fn partial_cmp(&self, _: &T) -> Option<core::cmp::Ordering> {
        None
    }
}

impl fmt::Debug for AnyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AnyValue")
    }
}

/// The enum a fallback's stand-in for a state set names (`StateSet<AnyState>`)
/// to keep the user's import of `StateSet` used.
#[derive(Clone, Copy, Debug)]
pub struct AnyState;

impl crate::__private::LabelConst for AnyState {
    type This = Self;
    const VARIANTS: &'static [Self] = &[AnyState];
    const LABELS: &'static [&'static str] = &["any"];
    const NAMES: &'static [&'static str] = &["AnyState"];
}

impl crate::label::LabelValue for AnyState {
    const VALUES: &'static [&'static str] = &["any"];
    const DOCS: &'static [&'static str] = &[""];
    fn index(self) -> usize {
        0
    }
    fn from_index(index: usize) -> Option<Self> {
        (index == 0).then_some(AnyState)
    }
}

/// What the `LabelValue` derive's fallback requires of a type it could not
/// derive for: the label trait's supertraits, behind a bound lifetime so
/// that rustc assumes it on the impl instead of reporting it a second time
/// (as `CheckedLabels` does for `Default`).
pub trait FallbackLabel<'a>: Copy + Send + Sync + 'static {}

impl<T: Copy + Send + Sync + 'static> FallbackLabel<'_> for T {}

/// The kinds by their bare names, for a fallback's glob import.
pub mod kinds {
    pub use crate::info::Info;
    pub use crate::metric::{Counter, FloatGauge, Gauge, Histogram, NativeHistogram};
    pub use crate::state_set::StateSet;
}
