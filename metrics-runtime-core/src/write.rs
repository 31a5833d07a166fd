//! The exposition writer of our own [`Registry`](crate::Registry): byte for
//! byte what prometheus-client 0.26's encoders write for the same metrics
//! (`tests/writer_diff.rs` compares the two on random families), but with
//! each series' label text rendered once and copied at every scrape.
//!
//! Numbers are formatted with the crates prometheus-client itself uses
//! (`itoa` for integers, `dtoa` for floats), so they come out the same:
//! in OpenMetrics a float is `dtoa`'s shortest form (`1.0`, `NaN`, `inf`,
//! `-inf`, `1e300`); in the 0.0.4 text format a non-finite float is `NaN`,
//! `+Inf` or `-Inf`, and a histogram's `le` is Go's `%g`
//! (client_golang's `le="1"`), while OpenMetrics writes `le="1.0"`.
//!
//! When the texts are rendered: an enum-labelled store's series texts, and
//! every store's `le` texts in both formats, when the instance is
//! registered into our `Registry` (every combination of an enum-labelled
//! metric is written from the first scrape on, so rendering them then
//! changes when, not what, and keeps the registry's scrapes free of
//! formatting); a free-form value tuple's texts (one per combination of the
//! metric's enum labels), the value escaped once, by the first scrape after
//! the tuple is created, and kept until it is removed (rendering inside the
//! recording that creates it would put the formatting under the shard's
//! write lock, in the caller's hot path, for stores no registry of ours may
//! ever scrape).
//!
//! What this writer does not handle (a cell type of a user's own) it
//! reports as not written, and the registry writes that metric through
//! prometheus-client's encoder instead.

use std::any::Any;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use prometheus_client::metrics::MetricType;

use crate::encode::Format;

/// `value` with `\`, `"` and newline escaped, as prometheus-client escapes
/// a label value (both formats).
pub(crate) fn push_label_value(out: &mut String, value: &str) {
    let mut last = 0;
    for (index, byte) in value.bytes().enumerate() {
        let escaped = match byte {
            b'\\' => "\\\\",
            b'"' => "\\\"",
            b'\n' => "\\n",
            _ => continue,
        };
        out.push_str(&value[last..index]);
        out.push_str(escaped);
        last = index + 1;
    }
    out.push_str(&value[last..]);
}

/// A help text in OpenMetrics: as given, as prometheus-client writes it,
/// but for a line break, escaped `\n` (the escape the format's grammar has
/// for it), which would otherwise end the `# HELP` line and start a line of
/// the help's own. The macro writes a help on one line, so this is only a
/// guard.
pub(crate) fn push_openmetrics_help(out: &mut String, help: &str) {
    let mut lines = help.split('\n');
    out.push_str(lines.next().unwrap_or_default());
    for line in lines {
        out.push_str("\\n");
        out.push_str(line);
    }
}

/// The name prometheus-client gives a family's samples and (in the 0.0.4
/// format) its `HELP` and `TYPE` lines: `family` is the name with prefix
/// and unit.
fn push_sample_name(out: &mut String, family: &str, kind: MetricType) {
    out.push_str(family);
    match kind {
        MetricType::Counter => out.push_str("_total"),
        MetricType::Info => out.push_str("_info"),
        _ => {}
    }
}

/// A family's header: `# HELP`, `# TYPE` and, in OpenMetrics with a unit,
/// `# UNIT`, as prometheus-client's `encode_descriptor` writes them.
/// `family` is the name with prefix and unit; `help` has its final period.
pub(crate) fn push_header(
    out: &mut String,
    format: Format,
    family: &str,
    unit: Option<&str>,
    help: &str,
    kind: MetricType,
) {
    match format {
        Format::OpenMetrics => {
            out.push_str("# HELP ");
            out.push_str(family);
            out.push(' ');
            push_openmetrics_help(out, help);
            out.push_str("\n# TYPE ");
            out.push_str(family);
            out.push(' ');
            out.push_str(kind.as_str());
            out.push('\n');
            if let Some(unit) = unit {
                out.push_str("# UNIT ");
                out.push_str(family);
                out.push(' ');
                out.push_str(unit);
                out.push('\n');
            }
        }
        Format::Text => {
            out.push_str("# HELP ");
            push_sample_name(out, family, kind);
            out.push(' ');
            let mut last = 0;
            for (index, byte) in help.bytes().enumerate() {
                let escaped = match byte {
                    b'\\' => "\\\\",
                    b'\n' => "\\n",
                    _ => continue,
                };
                out.push_str(&help[last..index]);
                out.push_str(escaped);
                last = index + 1;
            }
            out.push_str(&help[last..]);
            out.push_str("\n# TYPE ");
            push_sample_name(out, family, kind);
            out.push_str(match kind {
                MetricType::Counter => " counter\n",
                MetricType::Gauge | MetricType::Info => " gauge\n",
                MetricType::Histogram => " histogram\n",
                MetricType::Unknown => " untyped\n",
            });
        }
    }
}

/// A float sample value as prometheus-client writes it in `format`.
fn push_f64(out: &mut String, format: Format, v: f64) {
    match format {
        Format::OpenMetrics => out.push_str(dtoa::Buffer::new().format(v)),
        Format::Text => {
            if v.is_finite() {
                out.push_str(dtoa::Buffer::new().format_finite(v))
            } else {
                out.push_str(nonfinite_text(v))
            }
        }
    }
}

fn nonfinite_text(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v.is_sign_positive() {
        "+Inf"
    } else {
        "-Inf"
    }
}

/// A bucket bound's `le` text in `format`, as prometheus-client writes it:
/// OpenMetrics `dtoa` (`+Inf` for infinity), the 0.0.4 format Go's `%g`.
pub(crate) fn le_text(format: Format, bound: f64) -> Box<str> {
    match format {
        Format::OpenMetrics => {
            if bound == f64::INFINITY {
                "+Inf".into()
            } else {
                dtoa::Buffer::new().format(bound).into()
            }
        }
        Format::Text => go_float(bound).into_boxed_str(),
    }
}

/// Go's `strconv.FormatFloat(v, 'g', -1, 64)`, as prometheus-client 0.26's
/// `GoFloat` writes it.
fn go_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e6 {
        return itoa::Buffer::new().format(v as i64).to_owned();
    }
    if (1e-4..1e6).contains(&v.abs()) {
        return format!("{v}");
    }
    if !v.is_finite() {
        return nonfinite_text(v).to_owned();
    }
    let sci = format!("{v:e}");
    let Some(e) = sci.find('e') else {
        return sci;
    };
    let (mantissa_e, exponent) = sci.split_at(e + 1);
    let Ok(exponent) = exponent.parse::<i32>() else {
        return sci;
    };
    let mut out = mantissa_e.to_owned();
    let _ = write!(out, "{exponent:+03}");
    out
}

/// What a store writes its series into: the output, the format, the
/// family's name (with prefix and unit) and a scratch buffer the caller
/// keeps between scrapes.
#[derive(Debug)]
pub struct SeriesOut<'a> {
    pub(crate) out: &'a mut String,
    pub(crate) format: Format,
    pub(crate) family: &'a str,
    pub(crate) scratch: &'a mut Vec<u64>,
    /// Whether the `labels` a counter or gauge sample is written with are
    /// its whole prefix, `name_total{labels} ` (see [`push_prefix`]),
    /// rather than the label text alone.
    pub(crate) prefixed: bool,
}

/// Appends a counter's or gauge's sample prefix, `family` with its suffix,
/// then `{labels} ` (`labels` appended by `labels`): what
/// [`SeriesOut`] writes before the value, so a store can keep it whole.
pub(crate) fn push_prefix(
    out: &mut String,
    family: &str,
    kind: MetricType,
    labels: impl FnOnce(&mut String),
) {
    push_sample_name(out, family, kind);
    out.push('{');
    labels(out);
    out.push_str("} ");
}

impl SeriesOut<'_> {
    #[inline]
    pub(crate) fn open(&mut self, suffix: &str, labels: &str) {
        if self.prefixed {
            self.out.push_str(labels);
            return;
        }
        self.out.push_str(self.family);
        self.out.push_str(suffix);
        if !labels.is_empty() {
            self.out.push('{');
            self.out.push_str(labels);
            self.out.push('}');
        }
        self.out.push(' ');
    }

    /// A counter sample (`_total`).
    pub(crate) fn counter(&mut self, labels: &str, v: u64) {
        self.open("_total", labels);
        self.out.push_str(itoa::Buffer::new().format(v));
        self.out.push('\n');
    }

    /// An integer gauge sample.
    pub(crate) fn gauge(&mut self, labels: &str, v: i64) {
        self.open("", labels);
        self.out.push_str(itoa::Buffer::new().format(v));
        self.out.push('\n');
    }

    /// A float gauge sample.
    pub(crate) fn float_gauge(&mut self, labels: &str, v: f64) {
        self.open("", labels);
        push_f64(self.out, self.format, v);
        self.out.push('\n');
    }

    /// A histogram: `counts` per bucket (not cumulative, one per `les`
    /// text), read once, their total `_count`, so `_count` is always
    /// the `+Inf` bucket.
    pub(crate) fn histogram(&mut self, labels: &str, les: &[Box<str>], counts: &[u64], sum: f64) {
        let count: u64 = counts.iter().sum();
        match self.format {
            Format::OpenMetrics => {
                self.open("_sum", labels);
                push_f64(self.out, self.format, sum);
                self.out.push('\n');
                self.open("_count", labels);
                self.out.push_str(itoa::Buffer::new().format(count));
                self.out.push('\n');
                let mut cumulative = 0;
                for (le, c) in les.iter().zip(counts) {
                    cumulative += c;
                    self.out.push_str(self.family);
                    // prometheus-client's OpenMetrics encoder writes `le`
                    // before the series' labels.
                    self.out.push_str("_bucket{le=\"");
                    self.out.push_str(le);
                    self.out.push('"');
                    if !labels.is_empty() {
                        self.out.push(',');
                        self.out.push_str(labels);
                    }
                    self.out.push_str("} ");
                    self.out.push_str(itoa::Buffer::new().format(cumulative));
                    self.out.push('\n');
                }
            }
            Format::Text => {
                let mut cumulative = 0;
                for (le, c) in les.iter().zip(counts) {
                    cumulative += c;
                    self.out.push_str(self.family);
                    self.out.push_str("_bucket{");
                    if !labels.is_empty() {
                        self.out.push_str(labels);
                        self.out.push(',');
                    }
                    self.out.push_str("le=\"");
                    self.out.push_str(le);
                    self.out.push_str("\"} ");
                    self.out.push_str(itoa::Buffer::new().format(cumulative));
                    self.out.push('\n');
                }
                // Our cells always end with the `+Inf` bucket, so
                // prometheus-client's extra `+Inf` line never applies.
                self.open("_sum", labels);
                push_f64(self.out, self.format, sum);
                self.out.push('\n');
                self.open("_count", labels);
                self.out.push_str(itoa::Buffer::new().format(count));
                self.out.push('\n');
            }
        }
    }
}

/// A store's pre-rendered text, kept beside it by the registry: each
/// series' label text (constant labels first) and each bucket's `le` text
/// per format (see the module's comment for when each is rendered).
#[derive(Default)]
pub struct Prerendered {
    labels: OnceLock<Box<[Box<str>]>>,
    les: [OnceLock<Box<[Box<str>]>>; 2],
    /// The constant labels alone (an overflow counter's sample).
    consts: OnceLock<Box<str>>,
    /// A free-form store's table of its series and their texts (a
    /// `Mutex` of the store's own table type).
    table: OnceLock<Box<dyn Any + Send + Sync>>,
    /// The heap bytes of that table after its last change.
    table_bytes: AtomicUsize,
}

impl std::fmt::Debug for Prerendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prerendered")
            .field("heap_bytes", &self.heap_bytes())
            .finish_non_exhaustive()
    }
}

impl Prerendered {
    /// The label text of every series, rendered by `render` the first time.
    pub(crate) fn labels(&self, render: impl FnOnce() -> Box<[Box<str>]>) -> &[Box<str>] {
        self.labels.get_or_init(render)
    }

    /// The constant labels' text.
    pub(crate) fn consts(&self, consts: &crate::label::ConstLabels) -> &str {
        self.consts
            .get_or_init(|| render_fixed(consts, &[], |_| ""))
    }

    /// A store's own table (one type per store: the first call's).
    pub(crate) fn table<T: Default + Send + Sync + 'static>(&self) -> &Mutex<T> {
        self.table
            .get_or_init(|| Box::new(Mutex::new(T::default())))
            .downcast_ref()
            .unwrap_or_else(|| unreachable!("one store, one table type"))
    }

    /// Records the heap bytes the store's table holds now.
    pub(crate) fn set_table_bytes(&self, bytes: usize) {
        self.table_bytes.store(bytes, Ordering::Relaxed);
    }

    /// The `le` texts of `bounds` and then `+Inf`, in `format`.
    pub(crate) fn les(&self, format: Format, bounds: &[f64]) -> &[Box<str>] {
        let slot = match format {
            Format::OpenMetrics => &self.les[0],
            Format::Text => &self.les[1],
        };
        slot.get_or_init(|| {
            bounds
                .iter()
                .copied()
                .chain([f64::INFINITY])
                .map(|bound| le_text(format, bound))
                .collect()
        })
    }

    /// The bytes this holds on the heap (texts and their tables).
    pub(crate) fn heap_bytes(&self) -> usize {
        let table = |t: Option<&Box<[Box<str>]>>| {
            t.map_or(0, |t| {
                t.len() * std::mem::size_of::<Box<str>>() + t.iter().map(|s| s.len()).sum::<usize>()
            })
        };
        table(self.labels.get())
            + self.les.iter().map(|l| table(l.get())).sum::<usize>()
            + self.consts.get().map_or(0, |c| c.len())
            + self.table_bytes.load(Ordering::Relaxed)
    }
}

/// The `n`-th series' label text of a store of enum labels: the constant
/// labels, then `names` with the values `value_at` gives.
pub(crate) fn render_fixed<'v>(
    consts: &crate::label::ConstLabels,
    names: &[&'static str],
    value_at: impl Fn(usize) -> &'v str,
) -> Box<str> {
    let mut out = String::new();
    for (name, value) in consts.iter() {
        push_label(&mut out, name, value);
    }
    for (position, name) in names.iter().enumerate() {
        push_label(&mut out, name, value_at(position));
    }
    out.into_boxed_str()
}

fn push_label(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push(',');
    }
    out.push_str(name);
    out.push_str("=\"");
    push_label_value(out, value);
    out.push('"');
}

/// Appends one series' label text to `out` (from `start`, where the
/// series' text begins): the constant labels' text `consts` (already
/// rendered), then `names` with the values `value_at` gives, each either
/// already escaped (`true`) or escaped now.
pub(crate) fn push_series<'v>(
    out: &mut String,
    start: usize,
    consts: &str,
    names: &[&'static str],
    value_at: impl Fn(usize) -> (&'v str, bool),
) {
    out.push_str(consts);
    for (position, name) in names.iter().enumerate() {
        if out.len() > start {
            out.push(',');
        }
        out.push_str(name);
        out.push_str("=\"");
        match value_at(position) {
            (value, true) => out.push_str(value),
            (value, false) => push_label_value(out, value),
        }
        out.push('"');
    }
}

/// Sample names and headers written by other code are tested through
/// `push_header`'s callers; these are the number forms.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_a_help_never_ends_its_line() {
        for format in [Format::Text, Format::OpenMetrics] {
            let mut out = String::new();
            push_header(
                &mut out,
                format,
                "x",
                None,
                "a\n# EOF\nb.",
                MetricType::Gauge,
            );
            assert_eq!(out.lines().next(), Some("# HELP x a\\n# EOF\\nb."));
            assert_eq!(out.lines().count(), 2, "{out}");
        }
    }

    #[test]
    fn go_float_matches_client_golang() {
        assert_eq!(go_float(1.0), "1");
        assert_eq!(go_float(0.005), "0.005");
        assert_eq!(go_float(1e6), "1e+06");
        assert_eq!(go_float(2.5e-5), "2.5e-05");
        assert_eq!(go_float(f64::INFINITY), "+Inf");
        assert_eq!(go_float(-0.0), "0");
    }

    /// Random bucket layouts: each `le` text as prometheus-client writes it
    /// for a histogram of its own with those bounds, in both formats.
    mod layouts {
        use super::super::*;
        use prometheus_client::metrics::histogram::Histogram;
        use prometheus_client::registry::Registry;
        use proptest::prelude::*;

        fn bound() -> impl Strategy<Value = f64> {
            prop_oneof![
                any::<f64>().prop_filter("finite", |b| b.is_finite()),
                -1e7..1e7f64,
                (0i64..2_000_000).prop_map(|n| n as f64),
                Just(-0.0),
                Just(5e-324),
                Just(1e-4),
                Just(999_999.0),
                Just(1e6),
            ]
        }

        proptest! {
            #[test]
            fn le_texts_match(mut bounds in prop::collection::vec(bound(), 1..10)) {
                bounds.sort_by(f64::total_cmp);
                bounds.dedup();
                let mut registry = Registry::default();
                registry.register("h", "H", Histogram::new(bounds.iter().copied()));
                for format in [Format::OpenMetrics, Format::Text] {
                    let text = crate::encode(&registry, format).unwrap();
                    let theirs: Vec<&str> = text
                        .lines()
                        .filter_map(|line| line.split("le=\"").nth(1))
                        .filter_map(|rest| rest.split('"').next())
                        .collect();
                    let ours: Vec<Box<str>> = bounds
                        .iter()
                        .copied()
                        .chain([f64::INFINITY])
                        .map(|b| le_text(format, b))
                        .collect();
                    let ours: Vec<&str> = ours.iter().map(|s| &**s).collect();
                    prop_assert_eq!(ours, theirs, "{:?}", format);
                }
            }
        }
    }

    #[test]
    fn labels_escape_once() {
        let consts = crate::label::ConstLabels::new([("a", "x\"y\\z\nw".to_owned())]);
        assert_eq!(
            &*render_fixed(&consts, &["b"], |_| ""),
            "a=\"x\\\"y\\\\z\\nw\",b=\"\""
        );
    }
}
