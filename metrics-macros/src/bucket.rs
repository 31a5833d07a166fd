//! Histogram bucket layouts: validation and the bounds they produce.

use crate::attr::{BucketSpec, Num};
use crate::ctxt::Ctxt;
use proc_macro2::Span;

/// The most buckets a histogram may declare. Each is a series per label
/// combination; past this a histogram costs more than it tells.
pub const MAX_BUCKETS: usize = 64;

/// The default bounds, as client_golang's `DefBuckets`.
pub const DEFAULT: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Checks a layout, pushing one error per mistake; [`bounds`] is only
/// called on a layout that passed.
pub fn check(ctxt: &mut Ctxt, spec: &BucketSpec, span: Span) {
    let mut errors: Vec<((Span, Span), String)> = Vec::new();
    match spec {
        BucketSpec::List(values) => {
            if values.is_empty() {
                errors.push((
                    (span, span),
                    "bucket list is empty; give at least one bound (`+Inf` is added for you)"
                        .into(),
                ));
            }
            for v in values.iter().filter(|v| !v.value.is_finite()) {
                let message = if v.value > 0.0 {
                    "bucket bound overflows to infinity; remove it: the `+Inf` bucket is always added, after the bounds you list"
                } else {
                    "bucket bound overflows to minus infinity; remove it (bounds are finite and 0 or more)"
                };
                errors.push((v.range(), message.into()));
            }
            for v in values
                .iter()
                .filter(|v| v.value < 0.0 && v.value.is_finite())
            {
                errors.push((v.range(), negative(v.value)));
            }
            for pair in values.windows(2).filter(|p| p[1].value <= p[0].value) {
                errors.push((
                    pair[1].range(),
                    format!(
                        "bucket bounds must be strictly increasing, and {} follows {}; sort them and remove repeats",
                        pair[1].value, pair[0].value
                    ),
                ));
            }
        }
        BucketSpec::Exponential {
            start,
            factor,
            count,
        } => {
            if !(start.value > 0.0 && start.value.is_finite()) {
                errors.push((
                    start.range(),
                    "exponential buckets need a start above 0; e.g. `exponential(0.001, 2, 15)`"
                        .into(),
                ));
            }
            if !(factor.value > 1.0 && factor.value.is_finite()) {
                errors.push((
                    factor.range(),
                    "exponential buckets need a factor above 1; e.g. `exponential(0.001, 2, 15)`"
                        .into(),
                ));
            }
            check_count(&mut errors, count);
        }
        BucketSpec::Linear {
            start,
            width,
            count,
        } => {
            if !start.value.is_finite() {
                errors.push((
                    start.range(),
                    "linear buckets need a finite start; e.g. `linear(0.1, 0.1, 10)`".into(),
                ));
            } else if start.value < 0.0 {
                errors.push((start.range(), negative(start.value)));
            }
            if !(width.value > 0.0 && width.value.is_finite()) {
                errors.push((
                    width.range(),
                    "linear buckets need a width above 0; e.g. `linear(0.1, 0.1, 10)`".into(),
                ));
            }
            check_count(&mut errors, count);
        }
    }
    if errors.is_empty() {
        let all = bounds(spec);
        let count_span = match spec {
            BucketSpec::List(_) => (span, span),
            BucketSpec::Exponential { count, .. } | BucketSpec::Linear { count, .. } => {
                count.range()
            }
        };
        if all.len() > MAX_BUCKETS {
            errors.push((
                count_span,
                format!(
                    "{} buckets is more than the {MAX_BUCKETS} allowed; use fewer, wider buckets",
                    all.len()
                ),
            ));
        } else if let Some(bad) = all.iter().find(|b| !b.is_finite()) {
            errors.push((
                (span, span),
                format!("bucket layout reaches a non-finite bound ({bad}); use fewer buckets"),
            ));
        } else if let Some(pair) = all.windows(2).find(|w| w[1] <= w[0]) {
            // f64 (and the 15-digit rounding) can make neighbours equal:
            // `linear(1e20, 1, 3)` would export one `le` three times.
            let step = match spec {
                BucketSpec::Exponential { factor, .. } => factor.range(),
                BucketSpec::Linear { width, .. } => width.range(),
                BucketSpec::List(_) => (span, span),
            };
            errors.push((
                step,
                format!(
                    "bucket layout gives equal bounds ({:?} twice) at this precision; use a larger step",
                    pair[0]
                ),
            ));
        }
    }
    for ((start, end), message) in errors {
        ctxt.error_range(start, end, message);
    }
}

/// Whether `metric`'s buckets (if any, on a histogram) pass [`check`], so
/// [`bounds`] may be computed.
pub fn is_valid(metric: &crate::ast::Metric) -> bool {
    match &metric.buckets {
        Some(b) if metric.kind.is_histogram() => {
            let mut ctxt = Ctxt::default();
            check(&mut ctxt, &b.spec, b.span);
            !ctxt.has_errors()
        }
        _ => true,
    }
}

/// OpenMetrics forbids `_sum` on a histogram with a negative bucket, and the
/// encoder always writes `_sum`: a strict parser would reject every scrape.
fn negative(bound: f64) -> String {
    format!(
        "bucket bound {bound} is negative, and OpenMetrics allows no `_sum` on a histogram with negative buckets; use bounds of 0 or more (shift the values, or record magnitudes)"
    )
}

fn check_count(errors: &mut Vec<((Span, Span), String)>, count: &Num) {
    if count.value.fract() != 0.0 || count.value < 1.0 {
        errors.push((
            count.range(),
            "bucket count must be a whole number of at least 1; e.g. `exponential(0.001, 2, 15)` makes 15 buckets".into(),
        ));
    } else if count.value > MAX_BUCKETS as f64 {
        // Checked before the bounds are computed, so a huge count costs the
        // compiler nothing.
        errors.push((
            count.range(),
            format!(
                "{} buckets is more than the {MAX_BUCKETS} allowed; use fewer, wider buckets",
                count.value
            ),
        ));
    }
}

/// The bounds of a checked layout. Computed bounds are rounded to 15
/// significant digits, so `linear(0.1, 0.1, 3)` gives 0.3, not
/// 0.30000000000000004, and the `le` labels read as declared.
pub fn bounds(spec: &BucketSpec) -> Vec<f64> {
    match spec {
        BucketSpec::List(values) => values.iter().map(|v| v.value).collect(),
        BucketSpec::Exponential {
            start,
            factor,
            count,
        } => (0..count.value as usize)
            .map(|i| round15(start.value * factor.value.powi(i as i32)))
            .collect(),
        BucketSpec::Linear {
            start,
            width,
            count,
        } => (0..count.value as usize)
            .map(|i| round15(start.value + width.value * i as f64))
            .collect(),
    }
}

fn round15(v: f64) -> f64 {
    format!("{v:.14e}").parse().unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(value: f64) -> Num {
        Num {
            value,
            span: Span::call_site(),
            end: Span::call_site(),
        }
    }

    #[test]
    fn reference_layouts() {
        let phase = bounds(&BucketSpec::Exponential {
            start: num(0.001),
            factor: num(2.0),
            count: num(15.0),
        });
        assert_eq!(phase.first(), Some(&0.001));
        assert_eq!(phase.last(), Some(&16.384));
        let sync = bounds(&BucketSpec::Exponential {
            start: num(0.01),
            factor: num(2.0),
            count: num(15.0),
        });
        assert_eq!(sync.last(), Some(&163.84));
        let linear = bounds(&BucketSpec::Linear {
            start: num(0.1),
            width: num(0.1),
            count: num(3.0),
        });
        assert_eq!(linear, [0.1, 0.2, 0.3]);
    }
}
