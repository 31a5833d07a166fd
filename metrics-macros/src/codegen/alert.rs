//! The compile-time check of the enum label values the declared rules'
//! expressions match (the rules themselves are in the descriptor's text,
//! `codegen::packed`).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use crate::ast::Family;

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
