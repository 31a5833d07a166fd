//! A family's descriptor as `#[metrics_family]` writes it: one string of
//! text per family, decoded into a [`FamilyDescriptor`] on first use.
//!
//! Written out as constant data (a struct literal per metric, as before),
//! the descriptors were half of what `cargo check` spent on a crate's
//! expansion: rustc builds, borrow-checks, evaluates and validates every
//! field of every metric (BENCHMARKS.md, "Where the rest goes"). A string
//! literal is one constant. Only the label entries stay typed data (an
//! enum label's values come from its `LabelValue` impl, and a wrong label
//! type is reported there), in a table beside the text, one slice per
//! metric.
//!
//! The text is a sequence of fields, each one of:
//! - a string: its length in bytes, `:`, the bytes (`5:hello`), so no
//!   value needs escaping and every decoded string is a slice of the text;
//! - an optional string: `-` for none, `+` then a string;
//! - a number: digits then `;`;
//! - a list: its length as a number, then its items.
//!
//! A family is its name, title (optional), doc, prefix (optional), constant
//! label names (a list of strings), metrics, alerts and records (lists). A
//! metric is its field, name (empty for the field's), kind (the
//! `MetricKind` variant's name), unit (optional), help, bucket bounds (a
//! list of strings, each an `f64` as Rust writes it), group (optional),
//! line, alerts, records, exemplar label names (lists) and labels (a list:
//! `F`, name, `max_series` and `max_value_len` as optional strings, absent
//! for the defaults; `I`, name, an info metric's free-form label; `E`,
//! name, type as written, the type's entry in the table). An alert is its
//! name, expression, `for` (optional), severity (the `AlertSeverity`
//! variant's name), labels (a list of name and value pairs), summary,
//! description, annotations (pairs), lint codes allowed (strings) and line;
//! a record its name, expression, labels, lint codes and line.
//!
//! Decoding allocates each list once, for the life of the process (one
//! descriptor per family type), and reads nothing else.

use std::sync::OnceLock;

use crate::alert::{AlertDescriptor, AlertSeverity, RecordDescriptor};
use crate::describe::{
    FamilyDescriptor, LabelDescriptor, LabelValues, MetricDescriptor, MetricKind,
};
use crate::store::Bounds;

/// An enum label type's values and their docs, as a family's descriptor
/// table holds them.
pub type EnumValues = (&'static [&'static str], &'static [&'static str]);

/// A family's descriptor, decoded from its text on first use. Generated
/// code keeps one in a `static` per family.
#[derive(Debug)]
pub struct Packed(OnceLock<FamilyDescriptor>);

impl Packed {
    /// An empty cell.
    #[must_use]
    pub const fn new() -> Self {
        Self(OnceLock::new())
    }

    /// The descriptor of `text` (see the module's documentation), with
    /// `enums` the enum label types' values and docs its labels refer to
    /// and `file` the declaration's source file; decoded the first time.
    ///
    /// # Panics
    ///
    /// If `text` was not written by the `#[metrics_family]` of this
    /// version of the crate (the two are released together, so it was).
    pub fn get(
        &'static self,
        text: &'static str,
        enums: &'static [EnumValues],
        file: &'static str,
    ) -> &'static FamilyDescriptor {
        self.0.get_or_init(|| {
            let mut reader = Reader { text, enums, file };
            reader
                .family()
                .expect("a descriptor written by this version's #[metrics_family]")
        })
    }
}

impl Default for Packed {
    fn default() -> Self {
        Self::new()
    }
}

struct Reader {
    text: &'static str,
    enums: &'static [EnumValues],
    file: &'static str,
}

impl Reader {
    fn family(&mut self) -> Option<FamilyDescriptor> {
        let name = self.str()?;
        let title = self.opt()?;
        let doc = self.str()?;
        let prefix = self.opt()?;
        let const_labels = self.list(Self::str)?;
        let metrics = self.list(Self::metric)?;
        let alerts = self.list(Self::alert)?;
        let records = self.list(Self::record)?;
        self.text.is_empty().then_some(FamilyDescriptor {
            name,
            title,
            doc,
            prefix,
            const_labels,
            metrics,
            alerts,
            records,
        })
    }

    fn metric(&mut self) -> Option<MetricDescriptor> {
        let field = self.str()?;
        let name = self.str()?;
        let kind = match self.str()? {
            "Counter" => MetricKind::Counter,
            "Gauge" => MetricKind::Gauge,
            "FloatGauge" => MetricKind::FloatGauge,
            "Histogram" => MetricKind::Histogram,
            "NativeHistogram" => MetricKind::NativeHistogram,
            "Info" => MetricKind::Info,
            "StateSet" => MetricKind::StateSet,
            _ => return None,
        };
        let unit = self.opt()?;
        let help = self.str()?;
        let buckets = self.list(|r| r.str()?.parse::<f64>().ok())?;
        let group = self.opt()?;
        let line = u32::try_from(self.num()?).ok()?;
        let alerts = self.list(Self::alert)?;
        let records = self.list(Self::record)?;
        let exemplar = self.list(Self::str)?;
        let labels = self.list(Self::label)?;
        Some(MetricDescriptor {
            field,
            name: if name.is_empty() { field } else { name },
            kind,
            unit,
            help,
            labels,
            buckets,
            group,
            file: self.file,
            line,
            alerts,
            records,
            exemplar,
        })
    }

    fn label(&mut self) -> Option<LabelDescriptor> {
        let tag = self.str()?;
        let name = self.str()?;
        let values = match tag {
            "F" => LabelValues::Free {
                max_series: self.bound(Bounds::DEFAULT_MAX_SERIES)?,
                max_value_len: self.bound(Bounds::DEFAULT_MAX_VALUE_LEN)?,
            },
            // One series, whatever its values.
            "I" => LabelValues::Free {
                max_series: 1,
                max_value_len: usize::MAX,
            },
            "E" => {
                let type_name = self.str()?;
                let (values, docs) = *self.enums.get(self.num()?)?;
                LabelValues::Enum {
                    type_name,
                    values,
                    docs,
                }
            }
            _ => return None,
        };
        Some(LabelDescriptor { name, values })
    }

    /// An optional number, `default` if absent.
    fn bound(&mut self, default: usize) -> Option<usize> {
        match self.opt()? {
            Some(n) => n.parse().ok(),
            None => Some(default),
        }
    }

    fn alert(&mut self) -> Option<AlertDescriptor> {
        let name = self.str()?;
        let expr = self.str()?;
        let for_duration = self.opt()?;
        let severity = match self.str()? {
            "Critical" => AlertSeverity::Critical,
            "Warning" => AlertSeverity::Warning,
            "Info" => AlertSeverity::Info,
            _ => return None,
        };
        let labels = self.list(Self::pair)?;
        let summary = self.str()?;
        let description = self.str()?;
        let annotations = self.list(Self::pair)?;
        let lint_allow = self.list(Self::str)?;
        let line = u32::try_from(self.num()?).ok()?;
        Some(AlertDescriptor {
            name,
            expr,
            for_duration,
            severity,
            labels,
            summary,
            description,
            annotations,
            lint_allow,
            file: self.file,
            line,
        })
    }

    fn record(&mut self) -> Option<RecordDescriptor> {
        let name = self.str()?;
        let expr = self.str()?;
        let labels = self.list(Self::pair)?;
        let lint_allow = self.list(Self::str)?;
        let line = u32::try_from(self.num()?).ok()?;
        Some(RecordDescriptor {
            name,
            expr,
            labels,
            lint_allow,
            file: self.file,
            line,
        })
    }

    fn pair(&mut self) -> Option<(&'static str, &'static str)> {
        Some((self.str()?, self.str()?))
    }

    /// `count;` then `count` items, kept for the life of the process.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<&'static [T]> {
        let count = self.num()?;
        let items = (0..count).map(|_| item(self)).collect::<Option<Vec<T>>>()?;
        Some(Box::leak(items.into_boxed_slice()))
    }

    fn num(&mut self) -> Option<usize> {
        let (digits, rest) = self.text.split_once(';')?;
        self.text = rest;
        digits.parse().ok()
    }

    fn str(&mut self) -> Option<&'static str> {
        let (len, rest) = self.text.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let value = rest.get(..len)?;
        self.text = rest.get(len..)?;
        Some(value)
    }

    fn opt(&mut self) -> Option<Option<&'static str>> {
        let rest = self.text;
        self.text = rest.get(1..)?;
        match rest.as_bytes().first()? {
            b'-' => Some(None),
            b'+' => self.str().map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ENUMS: [EnumValues; 1] = [(&["get", "post"], &["", "Writes"])];

    #[test]
    fn a_family_decodes_field_by_field() {
        static PACKED: Packed = Packed::new();
        // The family, its one metric (labels last), its alerts and records.
        let text = concat!(
            "3:App-4:Docs+3:app1;4:peer",
            "1;8:requests0:9:Histogram+7:seconds6:Served2;3:0.15:2.5e3-12;0;0;1;8:trace_id",
            "3;1:F5:route-+2:161:E6:method6:Method0;1:I4:peer",
            "0;0;",
        );
        let d = PACKED.get(text, &ENUMS, "src/lib.rs");
        assert_eq!(
            (d.name, d.title, d.doc, d.prefix),
            ("App", None, "Docs", Some("app"))
        );
        assert_eq!(d.const_labels, ["peer"]);
        let m = &d.metrics[0];
        assert_eq!(
            (m.field, m.name, m.kind),
            ("requests", "requests", MetricKind::Histogram)
        );
        assert_eq!((m.unit, m.help, m.group), (Some("seconds"), "Served", None));
        assert_eq!(m.buckets, [0.1, 2500.0]);
        assert_eq!(
            (m.file, m.line, m.exemplar),
            ("src/lib.rs", 12, &["trace_id"][..])
        );
        // Decoded once.
        assert!(std::ptr::eq(d, PACKED.get("", &[], "")));
    }

    #[test]
    fn text_of_another_shape_is_refused() {
        for text in ["3:Ap", "3:App-4:Docs-0;0;0;0;extra", "3:App*"] {
            let mut reader = Reader {
                text,
                enums: &ENUMS,
                file: "",
            };
            assert!(reader.family().is_none(), "{text}");
        }
    }
}
