//! The family's `FamilyDescriptor`: its declaration as data.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ast::{Family, Kind, Metric};
use crate::codegen::buckets;

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
    let name = family.ident.to_string();
    let doc = &family.doc;
    let prefix = match &family.prefix {
        Some((p, _)) => quote!(::metrics_runtime::__private::Some(#p)),
        None => quote!(::metrics_runtime::__private::None),
    };
    let title = optional(family.title.as_ref().map(|(t, _)| t));
    let metrics = family.metrics.iter().map(|m| metric(m, lenient));
    let const_labels = family.const_label_list().iter().map(|l| &l.exported);
    let alerts = crate::codegen::alerts(&family.rules, None);
    let records = crate::codegen::records(&family.rules);
    quote! {
        ::metrics_runtime::__private::FamilyDescriptor {
            name: #name,
            title: #title,
            doc: #doc,
            prefix: #prefix,
            const_labels: &[#(#const_labels),*],
            metrics: &[#(#metrics),*],
            alerts: #alerts,
            records: #records,
        }
    }
}

fn metric(metric: &Metric, lenient: bool) -> TokenStream {
    let field = metric.field.to_string();
    let name = &metric.name.0;
    let kind = match metric.kind {
        Kind::Counter => quote!(Counter),
        Kind::Gauge => quote!(Gauge),
        Kind::FloatGauge => quote!(FloatGauge),
        Kind::Histogram => quote!(Histogram),
    };
    let unit = optional(metric.unit.as_ref().map(|(u, _)| u));
    let group = optional(metric.group.as_ref().map(|(g, _)| g));
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
        None => quote!(::metrics_runtime::__private::DEFAULT_MAX_SERIES),
    };
    let max_value_len = match metric.max_value_len {
        Some((n, _)) => quote!(#n),
        None => quote!(::metrics_runtime::__private::DEFAULT_MAX_VALUE_LEN),
    };
    let labels = metric.label_list().iter().map(|label| {
        let label_name = &label.exported;
        let values = if label.free {
            quote!(::metrics_runtime::__private::LabelValues::Free {
                max_series: #max_series,
                max_value_len: #max_value_len,
            })
        } else if lenient {
            let type_name = crate::label_types::written(&label.ty);
            quote!(::metrics_runtime::__private::LabelValues::Enum {
                type_name: #type_name,
                values: &[],
                docs: &[],
            })
        } else {
            let ty = &label.ty;
            let guard = crate::codegen::guard(metric);
            let (lo, hi) = crate::codegen::label_span(metric);
            let values = crate::codegen::respan(
                quote!(::metrics_runtime::__private::label_values::<#ty>()),
                lo,
                hi,
            );
            let docs = crate::codegen::respan(
                quote!(::metrics_runtime::__private::label_docs::<#ty>()),
                lo,
                hi,
            );
            let type_name = ty.to_token_stream().to_string().replace(' ', "");
            quote!(::metrics_runtime::__private::LabelValues::Enum {
                type_name: #type_name,
                values: { #guard #values },
                docs: { #guard #docs },
            })
        };
        quote!(::metrics_runtime::__private::LabelDescriptor { name: #label_name, values: #values })
    });
    quote! {
        ::metrics_runtime::__private::MetricDescriptor {
            field: #field,
            name: #name,
            kind: ::metrics_runtime::__private::MetricKind::#kind,
            unit: #unit,
            help: #help,
            labels: &[#(#labels),*],
            buckets: #buckets,
            group: #group,
            file: ::core::file!(),
            line: #line,
            alerts: #alerts,
            records: #records,
        }
    }
}

/// `Some("text")` or `None`, as an `Option<&'static str>`.
fn optional(text: Option<&String>) -> TokenStream {
    match text {
        Some(t) => quote!(::metrics_runtime::__private::Some(#t)),
        None => quote!(::metrics_runtime::__private::None),
    }
}
