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

    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
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

fn reword(text: &str, attr: &str, keys: &[&str]) -> String {
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
    if text.starts_with("Unexpected literal type") || text.starts_with("Unexpected type") {
        return format!("wrong kind of value in `{attr}`; {}", expected_value(text));
    }
    if text.starts_with("Unexpected meta-item format") {
        return format!(
            "wrong form of key in `{attr}`; write `key = value`, or `flag` alone for a flag"
        );
    }
    let mut lower = text.to_owned();
    if let Some(first) = lower.get_mut(0..1) {
        first.make_ascii_lowercase();
    }
    lower
}

fn expected_value(text: &str) -> &'static str {
    if text.contains("`int`") || text.contains("`float`") || text.contains("`bool`") {
        "expected a string literal"
    } else if text.contains("`string`") {
        "expected a number or a flag, not a string"
    } else {
        "see the documentation of `metrics_family` for the value each key takes"
    }
}
