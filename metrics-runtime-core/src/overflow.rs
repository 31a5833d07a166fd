//! The self-metric of a free-form metric's bounds: how many recordings were
//! folded into its overflow series.
//!
//! Every metric with a free-form (`String`) label exports, next to itself, a
//! counter named after it with `_overflow` appended (so the sample is
//! `<metric>_overflow_total`, where `<metric>` is the exported name with
//! prefix and unit): see [`overflow_counter_name`]. It is registered with the
//! metric, is exported at 0 until the bound is first reached, and reads the
//! store's count ([`MixedStore::overflowed`](crate::MixedStore::overflowed)) at
//! scrape time, so recording pays nothing for it.
//!
//! What is counted is exact: one per lookup of free-form values that was
//! folded into the [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE)
//! series (past `max_series`, or for a value longer than `max_value_len`).
//! Every recording method that takes the labels (`inc("id")`,
//! `observe("id", v)`, `inc(Method::Get, "/users", Status::Ok)`, ...) makes
//! exactly one lookup, so for them this is the number of folded recordings.
//! A handle from `with(..)` or `with_free(..)` is one lookup: recordings made
//! through a folded handle after it was obtained are not counted again.

use std::fmt;

use prometheus_client::encoding::{MetricEncoder, NoLabelSet};

use crate::describe::MetricDescriptor;
use crate::label::ConstLabels;

/// The metric family name of the overflow counter of `metric` (registered
/// under `prefix`), or `None` if `metric` has no free-form label and so
/// cannot overflow. The exported sample is this name with `_total`.
///
/// ```
/// use metrics_runtime::{metrics_family, overflow_counter_name, Counter, Gauge, MetricFamily};
///
/// #[metrics_family(prefix = "context")]
/// struct Contexts {
///     /// Executions per context
///     #[metric(labels(context_id: String), max_series = 100)]
///     executions: Counter,
///     /// Contexts loaded
///     loaded: Gauge,
/// }
///
/// let d = Contexts::descriptor();
/// assert_eq!(
///     overflow_counter_name(&d.metrics[0], d.prefix).as_deref(),
///     Some("context_executions_overflow")
/// );
/// assert_eq!(overflow_counter_name(&d.metrics[1], d.prefix), None);
/// ```
pub fn overflow_counter_name(metric: &MetricDescriptor, prefix: Option<&str>) -> Option<String> {
    metric.free_bounds()?;
    Some(format!("{}_overflow", metric.exported_name(prefix)))
}

/// The help text of the overflow counter of `metric`.
pub(crate) fn overflow_help(metric: &MetricDescriptor, prefix: Option<&str>) -> Option<String> {
    let (max_series, max_value_len) = metric.free_bounds()?;
    let name = metric.exported_name(prefix);
    let folded: Vec<String> = metric
        .free_labels()
        .map(|label| format!("{label}=\"{}\"", crate::store::OVERFLOW_LABEL_VALUE))
        .collect();
    // Every reason a store folds a recording (`store::MixedStore`).
    let value = crate::store::OVERFLOW_LABEL_VALUE;
    let why = format!(
        "or a value was longer than max_value_len ({max_value_len}) bytes or was {value} itself"
    );
    if metric.labels.len() == 1 {
        return Some(format!(
            "Recordings of {name} folded into its {} series (through a handle, once, when it is taken) because it held max_series ({max_series}) series, {why}",
            folded[0],
        ));
    }
    // A handle (`with`, `with_free`) is one lookup, counted when taken.
    let kept = if metric.labels.len() > folded.len() {
        " (its enum labels kept; through a handle, once, when it is taken)"
    } else {
        " (through a handle, once, when it is taken)"
    };
    Some(format!(
        "Recordings of {name} folded into its {} series{kept} because it held max_series ({max_series}) tuples of free-form values, {why}",
        folded.join(", "),
    ))
}

/// Writes a metric's overflow count `folded` as one counter sample, labelled
/// only with the metric's constant labels `consts`, into `encoder` (which other instances
/// of the family may share).
pub(crate) fn encode_overflow(
    folded: u64,
    consts: &ConstLabels,
    encoder: &mut MetricEncoder,
) -> fmt::Result {
    if consts.is_empty() {
        return encoder.encode_counter::<NoLabelSet, _, u64>(&folded, None);
    }
    encoder
        .encode_family(consts)?
        .encode_counter::<NoLabelSet, _, u64>(&folded, None)
}
