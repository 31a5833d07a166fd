//! The family's `FamilyDescriptor`: its declaration as one string of text
//! (`codegen::packed`), decoded by the runtime on first use, beside a
//! table of the metrics' label entries, which stay typed (`enum_label`
//! reads an enum's values from its `LabelValue` impl, and a wrong label
//! type is reported there), with `file!()` once per family.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ast::{Family, Kind, Metric};
use crate::codegen::packed::Text;
use crate::codegen::rt;

/// The descriptor of a checked family: an expression of type `&'static
/// FamilyDescriptor`.
pub fn descriptor(family: &Family) -> TokenStream {
    descriptor_of(family, false)
}

/// The descriptor of a family with errors: what can be built without
/// naming a label type (which may be the mistake) or computing buckets
/// that did not pass their checks.
pub fn lenient(family: &Family) -> TokenStream {
    descriptor_of(family, true)
}

fn descriptor_of(family: &Family, lenient: bool) -> TokenStream {
    let rt = rt();
    let mut text = Text::default();
    text.str(&family.ident.to_string());
    text.opt(family.title.as_ref().map(|(t, _)| t.as_str()));
    text.str(&family.doc);
    text.opt(family.prefix.as_ref().map(|(p, _)| p.as_str()));
    text.list(family.const_label_list(), |text, label| {
        text.str(&label.exported)
    });
    text.list(&family.metrics, |text, m| metric_text(text, m, lenient));
    text.alerts(&family.rules, None);
    text.records(&family.rules);
    let text = proc_macro2::Literal::string(&text.finish());
    let labels = family.metrics.iter().map(|m| labels(family, m, lenient));
    quote! {{
        static PACKED: #rt::Packed = #rt::Packed::new();
        const LABELS: &[&[#rt::LabelDescriptor]] = &[#(#labels),*];
        PACKED.get(#text, LABELS, ::core::file!())
    }}
}

/// A metric's fields but its labels, in the text.
fn metric_text(text: &mut Text, metric: &Metric, lenient: bool) {
    let field = metric.field.to_string();
    text.str(&field);
    // The field's name is the default (empty).
    let name = &metric.name.0;
    text.str(if *name == field { "" } else { name });
    text.str(crate::kind::kind_name(metric.kind));
    text.opt(metric.unit.as_ref().map(|(u, _)| u.as_str()));
    text.str(metric.help.as_deref().unwrap_or_default());
    let bounds = if lenient && !crate::bucket::is_valid(metric) {
        Vec::new()
    } else {
        crate::codegen::bounds(metric)
    };
    text.list(&bounds, |text, bound| text.str(&format!("{bound:?}")));
    text.opt(metric.group.as_ref().map(|(g, _)| g.as_str()));
    text.num(metric.line as usize);
    text.alerts(&metric.rules, metric.help.as_deref());
    text.records(&metric.rules);
    text.list(&crate::exemplar::names(metric), |text, name| text.str(name));
}

/// A metric's label entries, `&[LabelDescriptor]`.
fn labels(family: &Family, metric: &Metric, lenient: bool) -> TokenStream {
    let rt = rt();
    let max_series = match metric.max_series {
        Some((n, _)) => quote!(#n),
        None => quote!(#rt::DEFAULT_MAX_SERIES),
    };
    let max_value_len = match metric.max_value_len {
        Some((n, _)) => quote!(#n),
        None => quote!(#rt::DEFAULT_MAX_VALUE_LEN),
    };
    let labels = metric.label_list().iter().map(|label| {
        let label_name = &label.exported;
        let type_name = crate::label_types::written(&label.ty);
        if label.free && metric.kind == Kind::Info {
            // One series, whatever its values.
            quote!(#rt::free_label(#label_name, 1, ::core::primitive::usize::MAX))
        } else if label.free {
            quote!(#rt::free_label(#label_name, #max_series, #max_value_len))
        } else if lenient {
            quote!(#rt::LabelDescriptor {
                name: #label_name,
                values: #rt::LabelValues::Enum { type_name: #type_name, values: &[], docs: &[] },
            })
        } else {
            // An info metric's field is not read through the check (see
            // `codegen::field_type`): its `InfoLabels` bound reports the type.
            let (lo, hi) = crate::codegen::label_span(metric);
            match (&label.alias, metric.kind) {
                // Every token at the label span, as `respan` would give
                // them, built so: the alias and the strings respanned one
                // by one, the rest written there.
                // (`label_span` gives one span, `lo` = `hi`.)
                (Some(alias), kind) if kind != Kind::Info => {
                    let mut alias = alias.clone();
                    alias.set_span(lo);
                    let mut label_name = proc_macro2::Literal::string(label_name);
                    label_name.set_span(lo);
                    let mut type_name = proc_macro2::Literal::string(&type_name);
                    type_name.set_span(lo);
                    let rt = crate::codegen::rt_at(lo);
                    quote::quote_spanned!(lo=> #rt::enum_label::<#alias>(#label_name, #type_name))
                }
                _ => {
                    let ty = if metric.kind == Kind::Info {
                        label.ty.to_token_stream()
                    } else {
                        crate::codegen::checked_label(label)
                    };
                    crate::codegen::respan(
                        quote!(#rt::enum_label::<#ty>(#label_name, #type_name)),
                        lo,
                        hi,
                    )
                }
            }
        }
    });
    // A state set's state label, last: named as the metric, the enum's
    // values.
    let state = match (metric.kind, &metric.states) {
        (Kind::StateSet, Some((ty, _))) => {
            let label_name = crate::check::exported_name(family, metric);
            let type_name = crate::label_types::written(ty);
            Some(if lenient {
                quote!(#rt::LabelDescriptor {
                    name: #label_name,
                    values: #rt::LabelValues::Enum { type_name: #type_name, values: &[], docs: &[] },
                })
            } else {
                let span = crate::codegen::states_span(metric);
                crate::codegen::respan(
                    quote!(#rt::enum_label::<#ty>(#label_name, #type_name)),
                    span,
                    span,
                )
            })
        }
        _ => None,
    };
    let labels = labels.chain(state);
    // One guard for the metric's label types (see `codegen::guard`).
    let guard = if lenient {
        TokenStream::new()
    } else {
        crate::codegen::guard(metric)
    };
    if guard.is_empty() {
        quote!(&[#(#labels),*])
    } else {
        quote!({ #guard &[#(#labels),*] })
    }
}
