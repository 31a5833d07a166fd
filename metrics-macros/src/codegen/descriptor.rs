//! The family's `FamilyDescriptor`: its declaration as data, a positional
//! `const fn` call per metric and per label (`__private::metric`,
//! `enum_label`, `free_label`), with `file!()` once per family, so the
//! expansion spells no field names.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ast::{Family, Kind, Metric};
use crate::codegen::{buckets, rt};

/// The descriptor of a checked family.
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
    let name = family.ident.to_string();
    let doc = &family.doc;
    let prefix = optional(family.prefix.as_ref().map(|(p, _)| p));
    let title = optional(family.title.as_ref().map(|(t, _)| t));
    let metrics = family.metrics.iter().map(|m| metric(family, m, lenient));
    let const_labels = family.const_label_list().iter().map(|l| &l.exported);
    let alerts = crate::codegen::alerts(&family.rules, None);
    let records = crate::codegen::records(&family.rules);
    quote! {{
        const FILE: &str = ::core::file!();
        #rt::FamilyDescriptor {
            name: #name,
            title: #title,
            doc: #doc,
            prefix: #prefix,
            const_labels: &[#(#const_labels),*],
            metrics: &[#(#metrics),*],
            alerts: #alerts,
            records: #records,
        }
    }}
}

fn metric(family: &Family, metric: &Metric, lenient: bool) -> TokenStream {
    let rt = rt();
    let field = metric.field.to_string();
    let name = &metric.name.0;
    let kind = proc_macro2::Ident::new(
        crate::kind::kind_name(metric.kind),
        proc_macro2::Span::call_site(),
    );
    // `""` for none (see `__private::metric`).
    let unit = metric.unit.as_ref().map_or("", |(u, _)| u.as_str());
    let group = metric.group.as_ref().map_or("", |(g, _)| g.as_str());
    let help = metric.help.clone().unwrap_or_default();
    let buckets = if lenient && !crate::bucket::is_valid(metric) {
        quote!(&[])
    } else {
        buckets(metric)
    };
    let line = metric.line;
    let alerts = crate::codegen::alerts(&metric.rules, metric.help.as_deref());
    let records = crate::codegen::records(&metric.rules);
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
    let labels = if guard.is_empty() {
        quote!(&[#(#labels),*])
    } else {
        quote!({ #guard &[#(#labels),*] })
    };
    // The field's name is the default (`""`).
    let name = if *name == field { "" } else { name.as_str() };
    let call = quote!(#rt::metric(#field, #name, #rt::MetricKind::#kind, #unit, #help, #labels, #buckets, #group, FILE, #line, #alerts, #records));
    crate::exemplar::descriptor(metric, call)
}

/// `Some("text")` or `None`, as an `Option<&'static str>`.
fn optional(text: Option<&String>) -> TokenStream {
    let rt = rt();
    match text {
        Some(t) => quote!(#rt::Some(#t)),
        None => quote!(#rt::None),
    }
}
