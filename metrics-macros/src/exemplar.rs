//! `exemplar(trace_id)` / `exemplar(trace_id, span_id)` on a `Counter` or a
//! classic `Histogram`: the exemplar label names, read in the model (every
//! mistake reported, the names kept so the fallback still types the
//! recording calls written for them) and checked with the family.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::Meta;

use crate::ast::{Kind, Metric};
use crate::ctxt::Ctxt;

/// OpenMetrics' bound on an exemplar's label set, names and values, in
/// UTF-8 characters (`metrics_runtime::EXEMPLAR_MAX_CHARS`).
const MAX_CHARS: usize = 128;

/// The most exemplar labels a metric takes (a trace id and a span id).
const MAX_LABELS: usize = 2;

const FORM: &str = "write `exemplar(trace_id)` or `exemplar(trace_id, span_id)`";

/// The `exemplar(..)` key as the model keeps it.
#[derive(Clone)]
pub struct ExemplarKey {
    /// The names as written, each with its span (a refused one too, so the
    /// arity stays the user's).
    pub names: Vec<(String, Span)>,
    /// The whole key.
    pub span: Span,
}

impl ExemplarKey {
    /// The arity the runtime types the recording methods with, if it has
    /// one (one or two labels).
    pub fn arity(&self) -> Option<usize> {
        (1..=MAX_LABELS)
            .contains(&self.names.len())
            .then_some(self.names.len())
    }
}

/// Reads `exemplar(..)`, reporting a mistake in its form into `ctxt`; the
/// names are checked later (`check`), with the metric's kind.
pub fn read(ctxt: &mut Ctxt, meta: &Meta) -> ExemplarKey {
    let span = meta.span();
    let list = match meta {
        Meta::List(list) => list,
        Meta::Path(_) => {
            ctxt.error_spanned(
                meta,
                format!("`exemplar` names the exemplar's labels; {FORM}"),
            );
            return ExemplarKey {
                names: vec![("trace_id".to_owned(), span)],
                span,
            };
        }
        Meta::NameValue(nv) => {
            ctxt.error_spanned(
                meta,
                format!("`exemplar` takes a list of label names, not a value; {FORM}"),
            );
            let names = match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => s
                    .value()
                    .split(',')
                    .map(|n| (n.trim().to_owned(), s.span()))
                    .collect(),
                other => vec![(other.to_token_stream().to_string(), other.span())],
            };
            return ExemplarKey { names, span };
        }
    };
    let mut names = Vec::new();
    for (chunk, comma) in split_commas(list.tokens.clone()) {
        let Some(first) = chunk.first() else {
            // `a,, b`: the comma that closes nothing.
            if let Some(comma) = comma {
                ctxt.error(comma, format!("an extra `,` in `exemplar(..)`; {FORM}"));
            }
            continue;
        };
        let first_span = first.span();
        let chunk_span = chunk
            .last()
            .and_then(|last| first_span.join(last.span()))
            .unwrap_or(first_span);
        let stream: TokenStream = chunk.iter().cloned().collect();
        match &chunk[..] {
            [TokenTree::Ident(ident)] => {
                names.push((syn::ext::IdentExt::unraw(ident).to_string(), ident.span()));
            }
            [TokenTree::Ident(ident), TokenTree::Punct(colon), ty @ ..]
                if colon.as_char() == ':' && !ty.is_empty() =>
            {
                let ty: TokenStream = ty.iter().cloned().collect();
                let text = ty.to_string().replace(' ', "");
                let name = syn::ext::IdentExt::unraw(ident).to_string();
                if text != "String" && !text.ends_with("::String") {
                    ctxt.error_spanned(
                        &ty,
                        format!("an exemplar label's value is a string, not `{text}`: the values are given as `&str` when recording; write `{name}` or `{name}: String`"),
                    );
                }
                names.push((name, ident.span()));
            }
            [TokenTree::Literal(lit)] => {
                let text = lit.to_string();
                let name = text.trim_matches('"').to_owned();
                let why = if crate::names::is_valid_name(&name) {
                    format!("exemplar label names are written bare, not quoted; write `exemplar({name})`")
                } else {
                    format!(
                        "invalid exemplar label name `{name}`: {}",
                        crate::names::why_invalid(&name)
                    )
                };
                ctxt.error(lit.span(), why);
                names.push((name, lit.span()));
            }
            _ => {
                ctxt.error(
                    chunk_span,
                    format!("`{stream}` is not an exemplar label name; {FORM}"),
                );
                names.push((stream.to_string(), chunk_span));
            }
        }
    }
    ExemplarKey { names, span }
}

/// The token trees of `tokens` between top-level commas, each with the
/// comma that ends it (none for the last); a trailing comma ends nothing.
fn split_commas(tokens: TokenStream) -> Vec<(Vec<TokenTree>, Option<Span>)> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                chunks.push((std::mem::take(&mut current), Some(p.span())));
            }
            _ => current.push(tree),
        }
    }
    if !current.is_empty() {
        chunks.push((current, None));
    }
    chunks
}

/// The exemplar key's rules: on a `Counter` or classic `Histogram`, one or
/// two legal label names, no name twice, room left for values within
/// OpenMetrics' 128 characters.
pub fn check(ctxt: &mut Ctxt, metric: &Metric) {
    let Some(key) = &metric.exemplar else {
        return;
    };
    match metric.kind {
        Kind::Counter | Kind::Histogram => {}
        Kind::NativeHistogram => {
            ctxt.error(
                key.span,
                "exemplars are kept by a `Counter` or a classic `Histogram`, not a `NativeHistogram`; remove `exemplar(..)`, or make the field a `Histogram`",
            );
            return;
        }
        other => {
            ctxt.error(
                key.span,
                format!(
                    "exemplars are kept by a `Counter` or a classic `Histogram`, not a `{}`; remove `exemplar(..)`",
                    crate::kind::kind_name(other)
                ),
            );
            return;
        }
    }
    if key.names.is_empty() {
        ctxt.error(key.span, format!("`exemplar()` names no label; {FORM}"));
        return;
    }
    if key.names.len() > MAX_LABELS {
        ctxt.error(
            key.names[MAX_LABELS].1,
            format!(
                "an exemplar has at most {MAX_LABELS} labels (OpenMetrics allows 128 characters for all of them); keep a trace id and a span id, e.g. `exemplar(trace_id, span_id)`"
            ),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (name, span) in &key.names {
        if name.starts_with("__") {
            ctxt.error(
                *span,
                format!("exemplar label name `{name}` starts with `__`, which Prometheus reserves; rename it"),
            );
        } else if !crate::names::is_valid_name(name) {
            // A quoted or malformed name was reported where it was read.
            continue;
        }
        if seen.contains(&name.as_str()) {
            ctxt.error(
                *span,
                format!("exemplar label `{name}` is named twice; each exemplar label has one name"),
            );
        }
        seen.push(name);
    }
    let chars: usize = key.names.iter().map(|(n, _)| n.chars().count()).sum();
    // Each value needs one character at least to say anything.
    if chars + key.names.len() > MAX_CHARS {
        ctxt.error(
            key.span,
            format!(
                "the exemplar's label names take {chars} of OpenMetrics' {MAX_CHARS} characters for names and values together, leaving no room for values; shorten them, e.g. `exemplar(trace_id)`"
            ),
        );
    }
}

/// The exemplar arity the field is typed with: the key's, on a `Counter`
/// or a classic `Histogram` (on another kind the key is reported and the
/// field keeps its plain type).
pub fn typed_arity(metric: &Metric) -> Option<usize> {
    match metric.kind {
        Kind::Counter | Kind::Histogram => metric.exemplar.as_ref()?.arity(),
        _ => None,
    }
}

/// `ty` as the metric with exemplar cells of `arity` labels:
/// `<Counter<(A,)> as WithExemplar<(String,)>>::Metric`, so the type still
/// names the kind as the user wrote it.
pub fn field_type(ty: TokenStream, arity: usize) -> TokenStream {
    let strings = (0..arity).map(|_| quote::quote!(::std::string::String));
    quote::quote!(<#ty as ::metrics_runtime::__private::WithExemplar<(#(#strings,)*)>>::Metric)
}

/// The descriptor's exemplar label names: none unless the metric records
/// exemplars.
pub fn names(metric: &Metric) -> Vec<String> {
    if typed_arity(metric).is_none() {
        return Vec::new();
    }
    metric
        .exemplar
        .iter()
        .flat_map(|key| key.names.iter().map(|(n, _)| n.to_string()))
        .collect()
}

/// The `exemplar(..)` of `#[metric]` attributes that failed to parse,
/// misspelled too (`exemplars(trace_id)`, reported by the parse): the
/// fallback then types the field with the exemplars the user meant.
pub fn salvaged(attrs: &[syn::Attribute]) -> Option<Meta> {
    use syn::punctuated::Punctuated;
    let metas: Vec<Meta> = attrs
        .iter()
        .filter(|a| a.path().is_ident("metric"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<Meta, syn::Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect();
    if let Some(meta) = metas.iter().find(|m| m.path().is_ident("exemplar")) {
        return Some(meta.clone());
    }
    metas.into_iter().find(|m| {
        m.path().get_ident().is_some_and(|ident| {
            let key = ident.to_string();
            !crate::attr::METRIC_KEYS.contains(&key.as_str())
                && crate::names::closest(&key, &["exemplar"]).is_some()
        })
    })
}
