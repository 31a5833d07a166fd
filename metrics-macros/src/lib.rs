//! Procedural macros behind `metrics-runtime`; depend on that crate, which
//! re-exports them with their documentation.
//!
//! The pipeline is the file list: `attr` reads the attributes (darling
//! receivers; `salvage` reads back what a failed one still says), `ast`
//! builds the typed model (`kind` resolves a field's type to a metric kind,
//! `label_types` refuses types that can never be labels), `check` validates
//! it collecting every error, `codegen` expands it, `fallback` re-emits the
//! struct, typed as declared, when there are errors. `label_value` is `#[derive(LabelValue)]`, `label_macro`
//! is `label!`. No input makes the macros panic: `corpus_tests` feeds them
//! a few hundred malformed declarations.

mod alert;
mod ast;
mod attr;
mod bucket;
mod check;
mod codegen;
#[cfg(test)]
mod corpus_tests;
mod ctxt;
mod exemplar;
mod expand;
mod fallback;
mod kind;
mod label_macro;
mod label_types;
mod label_value;
mod names;
mod promql;
mod rules;
mod salvage;

use proc_macro::TokenStream;

/// See `metrics_runtime::metrics_family`.
#[proc_macro_attribute]
pub fn metrics_family(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::metrics_family(args.into(), input.into()).into()
}

/// See `metrics_runtime::LabelValue`.
#[proc_macro_derive(LabelValue, attributes(label))]
pub fn derive_label_value(input: TokenStream) -> TokenStream {
    label_value::derive(input.into()).into()
}

/// See `metrics_runtime::label`.
#[proc_macro]
pub fn label(input: TokenStream) -> TokenStream {
    label_macro::label(input.into()).into()
}
