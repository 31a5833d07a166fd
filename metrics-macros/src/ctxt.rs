//! The error collector every stage pushes into, so one build reports every
//! mistake of a struct at once.

use proc_macro2::Span;
use std::fmt::Display;

/// Collects errors; `finish` folds them into one `syn::Error`.
#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    pub fn error(&mut self, span: Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// An error covering `start` to `end`: a range on stable Rust, where
    /// spans cannot be joined, as `syn::Error::new_spanned` makes one.
    pub fn error_range(&mut self, start: Span, end: Span, message: impl Display) {
        let mut first = proc_macro2::Punct::new('-', proc_macro2::Spacing::Alone);
        first.set_span(start);
        let mut last = proc_macro2::Punct::new('-', proc_macro2::Spacing::Alone);
        last.set_span(end);
        let tokens: proc_macro2::TokenStream = [
            proc_macro2::TokenTree::Punct(first),
            proc_macro2::TokenTree::Punct(last),
        ]
        .into_iter()
        .collect();
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error covering the whole of `node` (a type, an expression), first
    /// token to last.
    pub fn error_spanned(&mut self, node: impl quote::ToTokens, message: impl Display) {
        self.errors.push(syn::Error::new_spanned(node, message));
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The number of errors so far: what a step added is the difference.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    pub fn finish(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            first.combine(e);
        }
        Err(first)
    }
}

/// Rewrites darling's messages in this crate's voice (lowercase, remedy after
/// a semicolon) and pushes them, keeping their spans.
pub fn push_darling(ctxt: &mut Ctxt, error: darling::Error, attr: &str, keys: &[&str]) {
    for e in error.flatten() {
        let span = e.span();
        let text = e.to_string();
        ctxt.error(span, reword(&text, attr, keys));
    }
}

/// Splits darling's " at key" location suffix off a message.
fn split_location(text: &str) -> (&str, Option<&str>) {
    match text.rsplit_once(" at ") {
        Some((message, location))
            if !location.is_empty()
                && location
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_/[]".contains(c)) =>
        {
            (message, Some(location))
        }
        _ => (text, None),
    }
}

/// What each key takes, as an example to copy.
fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        "name" => "`name = \"dropped_events\"`",
        "unit" => "`unit = \"seconds\"`",
        "prefix" => "`prefix = \"sync\"`",
        "rename" => "`rename = \"signing_key\"`",
        "max_series" => "`max_series = 500`",
        "max_value_len" => "`max_value_len = 256`",
        "require_help" => "`require_help` alone (it is a flag)",
        "labels" => "`labels(branch: Branch)`",
        "const_labels" => "`const_labels(peer: String)`",
        "buckets" => "`buckets = exponential(0.001, 2, 15)`",
        "schema" => "`schema = 3`",
        "zero_threshold" => "`zero_threshold = 1e-9`",
        "max_buckets" => "`max_buckets = 160`",
        "exemplar" => "`exemplar(trace_id)`",
        "states" => "`states = SyncState`",
        "title" => "`title = \"Sync Metrics\"`",
        "group" => "`group = \"Phase Timing\"`",
        "alert" => "`alert(name = \"SyncFailures\", expr = \"rate(sync_failures_total[5m]) > 0\", severity = \"warning\")`",
        "record" => "`record(name = \"job:sync_failures:rate5m\", expr = \"sum by (job) (rate(sync_failures_total[5m]))\")`",
        _ => return None,
    })
}

fn reword(text: &str, attr: &str, keys: &[&str]) -> String {
    let (text, location) = split_location(text);
    let key_list = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(rest) = text.strip_prefix("Unknown field: `") {
        let key = rest.split('`').next().unwrap_or_default();
        return match crate::names::closest(key, keys) {
            Some(best) => format!("unknown key `{key}` in `{attr}`; did you mean `{best}`?"),
            None => format!("unknown key `{key}` in `{attr}`; expected one of {key_list}"),
        };
    }
    if let Some(rest) = text.strip_prefix("Duplicate field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return format!("duplicate key `{key}` in `{attr}`; give it once");
    }
    let wrong_value = text.starts_with("Unexpected literal type")
        || text.starts_with("Unexpected type")
        || text.starts_with("Unexpected meta-item format");
    if wrong_value {
        return match location.and_then(|key| example(key).map(|e| (key, e))) {
            Some((key, example)) => {
                format!("wrong kind of value for `{key}` in `{attr}`; write {example}")
            }
            None => {
                // `alert(...)` and `record(...)` are lists, not pairs or flags.
                let examples: Vec<&str> = keys
                    .iter()
                    .filter(|k| !matches!(**k, "alert" | "record"))
                    .filter_map(|k| example(k))
                    .collect();
                format!(
                    "`{attr}` takes `key = value` pairs and flags; e.g. {}",
                    examples.join(", ")
                )
            }
        };
    }
    crate::attr::lowercase_first(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_dropped_and_used() {
        assert_eq!(
            split_location("expected `:` at labels"),
            ("expected `:`", Some("labels"))
        );
        assert_eq!(
            split_location("`alert(...)` has no `severity` at alert[0]"),
            ("`alert(...)` has no `severity`", Some("alert[0]"))
        );
        assert_eq!(
            split_location("look at this thing!"),
            ("look at this thing!", None)
        );
        assert_eq!(
            reword(
                "Unexpected literal type `int` at name",
                "#[metric]",
                &["name"]
            ),
            "wrong kind of value for `name` in `#[metric]`; write `name = \"dropped_events\"`"
        );
    }

    #[test]
    fn every_key_has_an_example() {
        use crate::attr::{FAMILY_KEYS, METRIC_KEYS};
        for key in FAMILY_KEYS.iter().chain(METRIC_KEYS).chain(&["rename"]) {
            assert!(example(key).is_some(), "no example for `{key}`");
        }
    }
}
