//! The writer of a descriptor's text: the format `metrics_runtime`'s
//! `packed` module reads (documented there), field by field in its order.

use crate::alert::{Pair, Rule, RuleKind};

/// A descriptor's text, being written.
#[derive(Default)]
pub struct Text(String);

impl Text {
    /// `len:bytes`.
    pub fn str(&mut self, value: &str) {
        self.0.push_str(&value.len().to_string());
        self.0.push(':');
        self.0.push_str(value);
    }

    /// `-`, or `+` then the string.
    pub fn opt(&mut self, value: Option<&str>) {
        match value {
            Some(value) => {
                self.0.push('+');
                self.str(value);
            }
            None => self.0.push('-'),
        }
    }

    /// `digits;`.
    pub fn num(&mut self, value: usize) {
        self.0.push_str(&value.to_string());
        self.0.push(';');
    }

    /// The count, then each item.
    pub fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.num(items.len());
        for i in items {
            item(self, i);
        }
    }

    /// The alerts among `rules`; `help` summarises a metric's alert that
    /// declares no summary.
    pub fn alerts(&mut self, rules: &[Rule], help: Option<&str>) {
        let alerts: Vec<&Rule> = rules.iter().filter(|r| r.kind == RuleKind::Alert).collect();
        self.list(&alerts, |text, rule| {
            text.str(rule.name());
            text.str(rule.expr());
            text.opt(rule.for_duration.as_ref().map(|d| d.value.trim()));
            text.str(match rule.severity.as_ref().map(|s| s.value.as_str()) {
                Some("critical") => "Critical",
                Some("info") => "Info",
                _ => "Warning",
            });
            text.pairs(&rule.labels);
            let summary = rule.summary.as_ref().map(|s| s.value.as_str()).or(help);
            text.str(summary.unwrap_or_default());
            text.str(rule.description.as_ref().map_or("", |d| d.value.as_str()));
            text.pairs(&rule.annotations);
            text.list(&rule.lint_allow(), |text, code| text.str(code));
            text.num(rule.line() as usize);
        });
    }

    /// The recording rules among `rules`.
    pub fn records(&mut self, rules: &[Rule]) {
        let records: Vec<&Rule> = rules
            .iter()
            .filter(|r| r.kind == RuleKind::Record)
            .collect();
        self.list(&records, |text, rule| {
            text.str(rule.name());
            text.str(rule.expr());
            text.pairs(&rule.labels);
            text.list(&rule.lint_allow(), |text, code| text.str(code));
            text.num(rule.line() as usize);
        });
    }

    fn pairs(&mut self, pairs: &[Pair]) {
        self.list(pairs, |text, pair| {
            text.str(&pair.key);
            text.str(&pair.value.value);
        });
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.0
    }
}
