//! The declared rules as data (`AlertDescriptor`, `RecordDescriptor`), and
//! the compile-time check of the enum label values their expressions match.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use crate::alert::{Pair, Rule, RuleKind};
use crate::ast::Family;

/// `&[AlertDescriptor { .. }, ..]` of `rules`; `help` summarises a metric's
/// alert that declares no summary.
pub fn alerts(rules: &[Rule], help: Option<&str>) -> TokenStream {
    let rt = crate::codegen::rt();
    let alerts = rules
        .iter()
        .filter(|r| r.kind == RuleKind::Alert)
        .map(|rule| {
            let name = rule.name();
            let expr = rule.expr();
            let for_duration = match &rule.for_duration {
                Some(d) => {
                    let d = d.value.trim();
                    quote!(#rt::Some(#d))
                }
                None => quote!(#rt::None),
            };
            let severity = match rule.severity.as_ref().map(|s| s.value.as_str()) {
                Some("critical") => quote!(Critical),
                Some("info") => quote!(Info),
                _ => quote!(Warning),
            };
            let labels = pairs(&rule.labels);
            let summary = rule
                .summary
                .as_ref()
                .map(|s| s.value.clone())
                .or_else(|| help.map(str::to_owned))
                .unwrap_or_default();
            let description = rule
                .description
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default();
            let annotations = pairs(&rule.annotations);
            let lint_allow = rule.lint_allow();
            let line = rule.line();
            quote! {
                #rt::AlertDescriptor {
                    name: #name,
                    expr: #expr,
                    for_duration: #for_duration,
                    severity: #rt::AlertSeverity::#severity,
                    labels: &[#(#labels),*],
                    summary: #summary,
                    description: #description,
                    annotations: &[#(#annotations),*],
                    lint_allow: &[#(#lint_allow),*],
                    file: FILE,
                    line: #line,
                }
            }
        });
    quote!(&[#(#alerts),*])
}

/// `&[RecordDescriptor { .. }, ..]` of `rules`.
pub fn records(rules: &[Rule]) -> TokenStream {
    let rt = crate::codegen::rt();
    let records = rules
        .iter()
        .filter(|r| r.kind == RuleKind::Record)
        .map(|rule| {
            let name = rule.name();
            let expr = rule.expr();
            let labels = pairs(&rule.labels);
            let lint_allow = rule.lint_allow();
            let line = rule.line();
            quote! {
                #rt::RecordDescriptor {
                    name: #name,
                    expr: #expr,
                    labels: &[#(#labels),*],
                    lint_allow: &[#(#lint_allow),*],
                    file: FILE,
                    line: #line,
                }
            }
        });
    quote!(&[#(#records),*])
}

fn pairs(pairs: &[Pair]) -> Vec<TokenStream> {
    pairs
        .iter()
        .map(|p| {
            let (k, v) = (&p.key, &p.value.value);
            quote!((#k, #v))
        })
        .collect()
}

/// One `const _: () = ...;` per enum label value an expression matches: it
/// looks the value up in the enum's `LabelValue::VALUES` (which only the
/// enum's derive knows) and panics during constant evaluation, spanned on
/// the expression, when it is not there. A named `const` item, which
/// `cargo check` evaluates too (see `label_macro`).
pub fn value_checks(family: &Family) -> TokenStream {
    let rt = crate::codegen::rt();
    let checks = crate::alert::enum_values(family).into_iter().map(|v| {
        let span = v.span;
        let ty = &v.label.ty;
        let type_name = quote::ToTokens::to_token_stream(ty)
            .to_string()
            .replace(' ', "");
        let (lo, hi) = crate::codegen::label_span(v.metric);
        let checked = crate::codegen::checked_label(v.label);
        let values = crate::codegen::respan(quote!(<#checked as #rt::LabelValue>::VALUES), lo, hi);
        let guard = crate::codegen::guard(v.metric);
        let (rule_name, matcher, value) = (&v.rule, &v.matcher, &v.value);
        let panic = quote_spanned! {span=>
            ::core::panic!(
                "{}",
                #rt::rule_value_miss(
                    #rule_name, #matcher, #value, #type_name, __VALUES,
                )
                .as_str()
            )
        };
        // Outside the family's `const _` block, so a failure is reported as
        // the evaluation of `_`, with the alias of its own.
        quote! {
            const _: () = {
                use ::metrics_runtime::__private as __metrics;
                #guard
                const __VALUES: &[&::core::primitive::str] = #values;
                if #rt::label_index(__VALUES, #value).is_none() {
                    #panic
                }
            };
        }
    });
    quote!(#(#checks)*)
}
