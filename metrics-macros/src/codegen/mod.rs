//! Code generation: one file per generated artifact.

mod alert;
pub mod code;
mod descriptor;
pub mod family;
mod packed;
mod register;

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Type};

use crate::ast::{Family, Metric};
use code::Code;

/// The path generated code names the runtime's hidden module by, inside the
/// `const _` block every expansion's impls live in ([`scoped`]): one token
/// for five, so an expansion is shorter to emit, parse and check. An
/// `Ident`, not a `TokenStream`: `quote!` appends an interpolated token as
/// it is, where an interpolated stream is first flushed across the
/// compiler's bridge (several thousand instructions each in the
/// unoptimized build of this crate a user's dev build runs).
pub fn rt() -> Ident {
    Ident::new("__metrics", Span::call_site())
}

/// [`rt`] spanned at `span`, for generated calls built spanned at the
/// user's tokens with `quote_spanned!` (cheaper than [`respan`] after).
pub fn rt_at(span: Span) -> Ident {
    Ident::new("__metrics", span)
}

/// The inside of the `const _: () = { ... };` block every expansion's
/// impls live in: [`rt`] in scope, the impls to follow. The impls are
/// global all the same; the alias is not.
pub fn scope() -> Code {
    Code::new("use ::metrics_runtime::__private as __metrics;")
}

/// `impls`, begun by [`scope`], in their `const _` block.
pub fn scoped_code(impls: Code) -> TokenStream {
    let mut block = Code::new("#[allow(unused_qualifications)] const _: () = ");
    block.group(Delimiter::Brace, impls).push(";");
    block.finish()
}

/// `impls` inside `const _: () = { ... };` with [`rt`] in scope.
pub fn scoped(impls: TokenStream) -> TokenStream {
    let mut code = scope();
    code.tokens(impls);
    scoped_code(code)
}

/// Everything a checked family expands to.
pub fn expand(family: &Family, item: DeriveInput, input: TokenStream) -> TokenStream {
    let strukt = family::strukt(family, item, input);
    let ident = &family.ident;
    // Written as text (see `code`).
    let mut impls = scope();
    // The `where` clause of `Default`, `MetricFamily` and `GlobalFamily`
    // (see `labels_bound`): rustc checks a trait impl's methods that take
    // or return `Self` against the field types' label sets, and would
    // report a wrong label type again, on the impl. The inherent methods
    // do not go through these impls, so they do not depend on the
    // assumption.
    let bounds = labels_bounds(&family.metrics);
    family::constructor(&mut impls, family, descriptor::descriptor(family), &bounds);
    let where_clause = || {
        let mut code = Code::new(" where ");
        for bound in &bounds {
            code.tokens(bound).push(",");
        }
        code
    };
    let mut methods = Code::new(
        "fn descriptor() -> &'static __metrics::FamilyDescriptor { Self::__metrics_descriptor() }",
    );
    methods.tokens(register::methods(family));
    impls
        .push("#[automatically_derived] impl __metrics::MetricFamily for ")
        .ident(ident)
        .append(where_clause())
        .group(Delimiter::Brace, methods);
    if family.const_labels.is_none() {
        impls
            .push("#[automatically_derived] impl __metrics::GlobalFamily for ")
            .ident(ident)
            .append(where_clause())
            .push("{}");
    }
    let impls = scoped_code(impls);
    let aliases = label_aliases(&family.metrics);
    let series = series_checks(&family.metrics);
    let value_checks = alert::value_checks(family);
    quote! {
        #strukt
        #aliases
        #series
        #impls
        #value_checks
    }
}

/// For each metric with two or more enum labels (one tuple of them once),
/// an assertion that their combinations, each a series created at zero,
/// are at most `MAX_ENUM_SERIES`, spanned at the metric's labels: the sizes
/// are the enums', known to the compiler only, so this is a constant it
/// evaluates, at `cargo check`, rather than a check of the macro's.
fn series_checks<'a>(metrics: impl IntoIterator<Item = &'a Metric>) -> TokenStream {
    let mut seen: Vec<Vec<&syn::Ident>> = Vec::new();
    let mut out = TokenStream::new();
    for metric in metrics {
        if metric.kind == crate::ast::Kind::Info {
            continue;
        }
        let enums: Vec<&syn::Ident> = metric
            .label_list()
            .iter()
            .filter(|l| !l.free)
            .filter_map(|l| l.alias.as_ref())
            .collect();
        if enums.len() < 2 || seen.contains(&enums) {
            continue;
        }
        let (lo, hi) = label_span(metric);
        out.extend(respan(
            quote! {
                const _: () = ::core::assert!(
                    ::metrics_runtime::__private::enum_series::<(#(#enums,)*)>()
                        <= ::metrics_runtime::__private::MAX_ENUM_SERIES,
                    "these enum labels give more than 65,536 series (the product of their values' counts), each created at zero with the metric: make a label with many values a free-form `String` label, bounded by `max_series`, or split the metric"
                );
            },
            lo,
            hi,
        ));
        seen.push(enums);
    }
    out
}

/// One type alias per enum label type of the family, where that type is
/// checked:
///
/// ```text
/// type __RpcLabel0 = <[Method; label_value(&[] as &[Method])] as Checked>::Type;
/// ```
///
/// The alias is `Method`, or, when `Method` is not a `LabelValue`, an error
/// type after the check's one error (spanned at the label type). Every
/// generated use of the label type names the alias, so the check is
/// evaluated once per family and type rather than at every use (the field,
/// the descriptor, the impls' bounds), and a wrong type taints each use
/// instead of being reported there again.
pub fn label_aliases<'a>(metrics: impl IntoIterator<Item = &'a Metric>) -> TokenStream {
    let mut seen: Vec<&syn::Ident> = Vec::new();
    let mut out = TokenStream::new();
    for metric in metrics {
        let state = metric
            .state
            .iter()
            .filter(|_| metric.kind == crate::ast::Kind::StateSet);
        for label in metric.label_list().iter().chain(state) {
            let Some(alias) = label.alias.as_ref().filter(|a| !seen.contains(a)) else {
                continue;
            };
            seen.push(alias);
            let ty = &label.ty;
            let span = label.ty_span();
            let check = respan(
                quote!(<[#ty; ::metrics_runtime::__private::label_value(&[] as &[#ty])] as ::metrics_runtime::__private::Checked>::Type),
                span,
                span,
            );
            out.extend(quote! {
                #[doc(hidden)]
                #[allow(non_camel_case_types)]
                type #alias = #check;
            });
        }
    }
    out
}

/// The descriptor of a family with errors; see `descriptor::lenient`.
pub fn descriptor_lenient(family: &Family) -> TokenStream {
    descriptor::lenient(family)
}

/// Types each field of `item` that has a model with its labels (see
/// [`field_type`]), matching by name; fields without a model keep the type
/// as written.
pub fn fill_field_types<'a>(
    item: &mut DeriveInput,
    metrics: impl IntoIterator<Item = &'a Metric> + Clone,
) {
    if let syn::Data::Struct(data) = &mut item.data {
        // The type is read through the label check and the exemplar wrapper
        // (see `field_type`): one metric to the user, a long type to clippy.
        let allow: syn::Attribute = syn::parse_quote!(#[allow(clippy::type_complexity)]);
        // Models are in field order, some fields without one: each field is
        // compared with the next model first (an ident comparison is a
        // string comparison through the compiler's bridge).
        let mut models = metrics.clone().into_iter().peekable();
        for field in data.fields.iter_mut() {
            let Some(ident) = field.ident.as_ref() else {
                continue;
            };
            let model = match models.peek() {
                Some(next) if *ident == next.field => models.next(),
                _ => metrics.clone().into_iter().find(|m| *ident == m.field),
            };
            if let Some(metric) = model {
                field.ty = field_type(metric);
                field.attrs.push(allow.clone());
            }
        }
    }
}

/// The field's type with its label tuple filled in: `Counter` becomes
/// `Counter<(Branch, PurgeClass)>`. The user's own path is kept, so their
/// import stays used and the type is the one they named.
///
/// Every token carries the span of the label types (see [`label_span`]), so
/// a label type that is not a `LabelValue` is reported there, once: rustc
/// drops a diagnostic identical to one already emitted, and every generated
/// use of the type repeats this exact span (see [`guard`]).
pub fn field_type(metric: &Metric) -> Type {
    let labels = metric.label_list();
    let exemplar = crate::exemplar::typed_arity(metric);
    if let (crate::ast::Kind::StateSet, Some((states, _))) = (metric.kind, &metric.states) {
        // `StateSet<States, (Labels,)>`, spanned as [`label_span`] says:
        // where `states` names the enum when there are no other labels.
        let ty = &metric.ty;
        let (lo, hi) = label_span(metric);
        let states = checked_states(metric, states);
        if labels.is_empty() {
            return Type::Verbatim(respan(quote!(#ty<#states>), lo, hi));
        }
        let types = labels.iter().map(checked_label);
        return Type::Verbatim(respan(quote!(#ty<#states, (#(#types,)*)>), lo, hi));
    }
    if labels.is_empty() {
        return match exemplar {
            Some(arity) => {
                let ty = &metric.ty;
                Type::Verbatim(crate::exemplar::field_type(quote!(#ty), arity))
            }
            None => metric.ty.clone(),
        };
    }
    // Tokens, not a re-parse: the kind's type is a bare path (see
    // `kind::kind_of`), so the arguments go at its end.
    let ty = &metric.ty;
    let types = labels.iter().map(|l| &l.ty);
    let (lo, hi) = label_span(metric);
    let wrap = |ty: TokenStream| match exemplar {
        Some(arity) => crate::exemplar::field_type(ty, arity),
        None => ty,
    };
    // An info metric is no `Metric<L, C>` (its label set is one value, not
    // a series key), so it takes its labels as written.
    if labels.iter().all(|l| l.free) || metric.kind == crate::ast::Kind::Info {
        return Type::Verbatim(respan(wrap(quote!(#ty<(#(#types,)*)>)), lo, hi));
    }
    // With an enum label, each enum label type is named by its checked
    // alias (see `label_aliases`): a type that is not a `LabelValue` is
    // reported there, once, and leaves the field's type an error type,
    // which rustc reports at no recording call.
    let types = labels.iter().map(checked_label);
    Type::Verbatim(wrap(quote!(#ty<(#(#types,)*)>)))
}

/// A label type as generated bodies name it: an enum label by its checked
/// alias (see [`label_aliases`]), so a type that is not a `LabelValue` gives
/// the alias's one error and nothing after it; a free-form label as written.
pub fn checked_label(label: &crate::ast::Label) -> TokenStream {
    match &label.alias {
        Some(alias) => alias.to_token_stream(),
        None => label.ty.to_token_stream(),
    }
}

/// A state set's enum as generated code names it: by its checked alias
/// (see [`label_aliases`]) when it has one, so an enum that is not a
/// `LabelValue` gives the alias's one error and leaves the field's type an
/// error type, which no `set` call is reported at.
pub fn checked_states(metric: &Metric, states: &syn::Type) -> TokenStream {
    match metric.state.as_ref().and_then(|s| s.alias.as_ref()) {
        Some(alias) => alias.to_token_stream(),
        None => states.to_token_stream(),
    }
}

/// Where a metric's label types are written: the last token of the label
/// type of a one-label metric (`Peer` in `crate::net::Peer`), else the
/// `labels` keyword (the message names the wrong type). One token, so every
/// generated use of the label types is reported over the same range; tokens
/// spanned `lo` to `hi` would be reported over sub-ranges too.
pub fn label_span(metric: &Metric) -> (Span, Span) {
    if metric.kind == crate::ast::Kind::StateSet && metric.label_list().is_empty() {
        // A state set's only label type is its enum.
        let span = states_span(metric);
        return (span, span);
    }
    let span = match (metric.label_list(), &metric.labels) {
        ([label], _) => label
            .ty
            .to_token_stream()
            .into_iter()
            .last()
            .map_or(label.name.span(), |t| t.span()),
        (_, Some((_, span))) => *span,
        (_, None) => metric.ty.span(),
    };
    (span, span)
}

/// Where a state set's enum is written: the last token of the type in
/// `states = Enum`.
pub fn states_span(metric: &Metric) -> Span {
    match &metric.states {
        Some((ty, span)) => ty
            .to_token_stream()
            .into_iter()
            .last()
            .map_or(*span, |t| t.span()),
        None => metric.field.span(),
    }
}

/// `tokens` with every token spanned `lo`, except the last, spanned `hi`:
/// rustc then reports the whole expression or type over `lo..hi`.
pub fn respan(tokens: TokenStream, lo: Span, hi: Span) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let count = trees.len();
    trees
        .into_iter()
        .enumerate()
        .map(|(i, tree)| {
            let span = if i + 1 == count { hi } else { lo };
            respan_tree(tree, span)
        })
        .collect()
}

fn respan_tree(mut tree: TokenTree, span: Span) -> TokenTree {
    if let TokenTree::Group(group) = &tree {
        let inner = group
            .stream()
            .into_iter()
            .map(|t| respan_tree(t, span))
            .collect();
        let mut new = Group::new(group.delimiter(), inner);
        new.set_span(span);
        tree = TokenTree::Group(new);
    } else {
        tree.set_span(span);
    }
    tree
}

/// A statement naming the metric's field type, spanned like the field: put
/// first in a generated body that uses the label types, it makes a wrong
/// label type fail there with the same diagnostic as on the field (which
/// rustc then shows once) and suppresses the body's later errors on it.
pub fn guard(metric: &Metric) -> TokenStream {
    // Enum label types are checked once, in their aliases (see
    // `label_aliases`); a state set's enum and an info metric's labels are
    // named as written.
    let as_written = match metric.kind {
        crate::ast::Kind::StateSet => true,
        crate::ast::Kind::Info => metric.label_list().iter().any(|l| !l.free),
        _ => false,
    };
    if !as_written {
        return TokenStream::new();
    }
    let ty = field_type(metric);
    let (lo, hi) = label_span(metric);
    let rt = rt();
    respan(quote!(#rt::guard::<#ty>();), lo, hi)
}

/// `for<'a> (Branch, Class): CheckedLabels<'a>`, for the `where` clause of
/// the `Default` impl: rustc checks a trait impl whose methods return `Self`
/// against the field types' label sets, and without this assumption a wrong
/// label type would be reported a second time, on the impl. See
/// `metrics_runtime::__private::CheckedLabels`.
pub fn labels_bound(metric: &Metric) -> Option<TokenStream> {
    let labels = metric.label_list();
    // An info metric's labels are not a `LabelSet` (up to eight, any mix).
    if (labels.iter().all(|l| l.free) && metric.kind != crate::ast::Kind::StateSet)
        || metric.kind == crate::ast::Kind::Info
    {
        return None;
    }
    let types = labels.iter().map(checked_label);
    let (lo, hi) = label_span(metric);
    let rt = rt();
    let states = match (metric.kind, &metric.states) {
        (crate::ast::Kind::StateSet, Some((states, _))) => {
            let states = checked_states(metric, states);
            Some(quote!(for<'__m> #states: #rt::CheckedStates<'__m>))
        }
        _ => None,
    };
    let labels =
        (!labels.is_empty()).then(|| quote!(for<'__m> (#(#types,)*): #rt::CheckedLabels<'__m>));
    let predicates = labels.into_iter().chain(states);
    Some(respan(quote!(#(#predicates),*), lo, hi))
}

/// The `where` predicates of a family's impls: [`labels_bound`] for each
/// distinct label tuple (ten metrics labelled `(Branch,)` need it once).
pub fn labels_bounds<'a>(metrics: impl IntoIterator<Item = &'a Metric>) -> Vec<TokenStream> {
    let mut seen = Vec::new();
    let mut bounds = Vec::new();
    for metric in metrics {
        let key: Vec<String> = metric
            .label_list()
            .iter()
            .map(|l| l.ty.to_token_stream().to_string())
            .chain(
                metric
                    .states
                    .iter()
                    .map(|(s, _)| format!("states {}", s.to_token_stream())),
            )
            .collect();
        if seen.contains(&key) {
            continue;
        }
        if let Some(bound) = labels_bound(metric) {
            seen.push(key);
            bounds.push(bound);
        }
    }
    bounds
}

/// A native histogram's `NativeConfig`, from its keys (checked) or the
/// defaults, with its classic bounds if it has `buckets`; as text (see
/// [`code`]).
pub fn native_config(metric: &Metric) -> String {
    let keys = &metric.native;
    let schema = keys.schema.map_or(3, |(s, _, _)| s) as i8;
    let zero = keys
        .zero_threshold
        .as_ref()
        .map_or(2.938735877055719e-39, |z| z.value);
    let max = keys.max_buckets.map_or(160, |(m, _)| m) as u16;
    let bounds = buckets(metric);
    format!(
        "{{ const CONFIG: __metrics::NativeConfig = \
         __metrics::NativeConfig::__checked({schema}i8, {zero}f64, {max}u16, {bounds}); CONFIG }}"
    )
}

/// The literal slice of bucket bounds, `&[]` for other kinds (promoted to
/// `'static`, as a slice of literals is; cast, as the constructor's
/// parameter type is only known after inference); as text (see [`code`]),
/// each bound as `Literal::f64_suffixed` writes it.
pub fn buckets(metric: &Metric) -> String {
    let bounds = bounds(metric);
    if bounds.is_empty() {
        return "&[]".to_owned();
    }
    let mut text = String::from("&[");
    for bound in bounds {
        text.push_str(&format!("{bound}f64,"));
    }
    text.push_str("] as &[f64]");
    text
}

/// The bucket bounds of a histogram (the default ones if it names none),
/// none for other kinds.
pub fn bounds(metric: &Metric) -> Vec<f64> {
    match (&metric.buckets, metric.kind) {
        (Some(b), crate::ast::Kind::Histogram | crate::ast::Kind::NativeHistogram) => {
            crate::bucket::bounds(&b.spec)
        }
        (None, crate::ast::Kind::Histogram) => crate::bucket::DEFAULT.to_vec(),
        _ => Vec::new(),
    }
}
