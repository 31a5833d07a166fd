//! The family's `FamilyDescriptor`: its declaration as one string of text
//! (`codegen::packed`), decoded by the runtime on first use, beside a
//! table of the enum label types' values and docs, which stay typed
//! (`enum_values` reads them from the type's `LabelValue` impl, and a wrong
//! label type is reported there): one entry per checked alias, so per
//! distinct type, and one per other use (an info metric's, a state set's
//! states), with `file!()` once per family.

use proc_macro2::{Delimiter, TokenStream};
use quote::{quote, ToTokens};

use crate::ast::{Family, Kind, Metric};
use crate::codegen::code::Code;
use crate::codegen::packed::Text;
use crate::codegen::rt;

/// The descriptor of a checked family: the block of an expression of type
/// `&'static FamilyDescriptor`.
pub fn descriptor(family: &Family) -> Code {
    descriptor_of(family, false)
}

/// The descriptor of a family with errors: what can be built without
/// naming a label type (which may be the mistake) or computing buckets
/// that did not pass their checks.
pub fn lenient(family: &Family) -> TokenStream {
    let mut block = Code::default();
    block.group(Delimiter::Brace, descriptor_of(family, true));
    block.finish()
}

/// The statements of the descriptor's block, written as text (see
/// `codegen::code`), the enum table's entries spliced in.
fn descriptor_of(family: &Family, lenient: bool) -> Code {
    let mut text = Text::default();
    let mut enums = Enums::default();
    text.str(&family.ident.to_string());
    text.opt(family.title.as_ref().map(|(t, _)| t.as_str()));
    text.str(&family.doc);
    text.opt(family.prefix.as_ref().map(|(p, _)| p.as_str()));
    text.list(family.const_label_list(), |text, label| {
        text.str(&label.exported)
    });
    text.list(&family.metrics, |text, m| {
        metric_text(text, m, lenient);
        labels(text, &mut enums, family, m, lenient);
    });
    text.alerts(&family.rules, None);
    text.records(&family.rules);
    let mut entries = Code::default();
    for entry in enums.entries {
        entries.tokens(entry).push(",");
    }
    let mut code = Code::new(
        "static PACKED: __metrics::Packed = __metrics::Packed::new();
        const ENUMS: &[__metrics::EnumValues] = &",
    );
    code.group(Delimiter::Bracket, entries);
    code.push("; PACKED.get(")
        .string(&text.finish())
        .push(", ENUMS, ::core::file!())");
    code
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

/// The enum label types' table: its entries, and the entry of each checked
/// alias.
#[derive(Default)]
struct Enums {
    entries: Vec<TokenStream>,
    aliases: Vec<(syn::Ident, usize)>,
}

impl Enums {
    fn push(&mut self, entry: TokenStream) -> usize {
        self.entries.push(entry);
        self.entries.len() - 1
    }
}

/// A metric's labels, in the text: `F` (a free-form label: name, and its
/// metric's `max_series` and `max_value_len` if declared), `I` (an info
/// metric's free-form label: name) or `E` (an enum label: name, type as
/// written, entry in the enum table, added to `enums`). A state set's state
/// label is last.
fn labels(text: &mut Text, enums: &mut Enums, family: &Family, metric: &Metric, lenient: bool) {
    let rt = rt();
    // One guard for the metric's label types (see `codegen::guard`), in
    // its first entry.
    let mut guard = if lenient {
        TokenStream::new()
    } else {
        crate::codegen::guard(metric)
    };
    let mut entry = |enums: &mut Enums, entry: TokenStream| {
        if guard.is_empty() {
            enums.push(entry)
        } else {
            let guard = std::mem::take(&mut guard);
            enums.push(quote!({ #guard #entry }))
        }
    };
    let state = match (metric.kind, &metric.states) {
        (Kind::StateSet, Some((ty, _))) => Some(ty),
        _ => None,
    };
    let count = metric.label_list().len() + usize::from(state.is_some());
    text.num(count);
    for label in metric.label_list() {
        if label.free {
            if metric.kind == Kind::Info {
                // One series, whatever its values.
                text.str("I");
                text.str(&label.exported);
            } else {
                text.str("F");
                text.str(&label.exported);
                text.opt(metric.max_series.map(|(n, _)| n.to_string()).as_deref());
                text.opt(metric.max_value_len.map(|(n, _)| n.to_string()).as_deref());
            }
            continue;
        }
        text.str("E");
        text.str(&label.exported);
        text.str(&crate::label_types::written(&label.ty));
        let index = if lenient {
            enums.push(quote!((&[], &[])))
        } else {
            // An info metric's field is not read through the check (see
            // `codegen::field_type`): its `InfoLabels` bound reports the type.
            let (lo, hi) = crate::codegen::label_span(metric);
            match (&label.alias, metric.kind) {
                (Some(alias), kind) if kind != Kind::Info => {
                    match enums.aliases.iter().find(|(a, _)| a == alias) {
                        Some((_, index)) => *index,
                        None => {
                            // Every token at the label span, as `respan`
                            // would give them (`label_span` gives one span,
                            // `lo` = `hi`).
                            let mut alias = alias.clone();
                            alias.set_span(lo);
                            let rt = crate::codegen::rt_at(lo);
                            let index = entry(
                                enums,
                                quote::quote_spanned!(lo=> #rt::enum_values::<#alias>()),
                            );
                            enums.aliases.push((alias, index));
                            index
                        }
                    }
                }
                _ => {
                    let ty = if metric.kind == Kind::Info {
                        label.ty.to_token_stream()
                    } else {
                        crate::codegen::checked_label(label)
                    };
                    let values = quote!(#rt::enum_values::<#ty>());
                    entry(enums, crate::codegen::respan(values, lo, hi))
                }
            }
        };
        text.num(index);
    }
    // A state set's state label: named as the metric, the enum's values.
    if let Some(ty) = state {
        text.str("E");
        text.str(&crate::check::exported_name(family, metric));
        text.str(&crate::label_types::written(ty));
        let index = if lenient {
            enums.push(quote!((&[], &[])))
        } else {
            let span = crate::codegen::states_span(metric);
            entry(enums, {
                let ty = crate::codegen::checked_states(metric, ty);
                crate::codegen::respan(quote!(#rt::enum_values::<#ty>()), span, span)
            })
        };
        text.num(index);
    }
}
