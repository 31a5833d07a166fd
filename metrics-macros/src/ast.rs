//! The typed model of a family, built from the receivers. Spans stay with
//! the facts they describe so later checks point at the exact token.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Ident, Type};

use crate::attr::{BucketsAttr, FamilyArgs, LabelDecl, MetricField};
use crate::ctxt::Ctxt;

pub struct Family {
    pub ident: Ident,
    pub doc: String,
    pub prefix: Option<(String, Span)>,
    pub require_help: bool,
    pub title: Option<(String, Span)>,
    /// `const_labels(...)`: the labels every sample of an instance carries,
    /// and the list's span.
    pub const_labels: Option<(Vec<Label>, Span)>,
    pub metrics: Vec<Metric>,
    /// `alert(...)` and `record(...)` on the family.
    pub rules: Vec<crate::alert::Rule>,
}

impl Family {
    pub fn const_label_list(&self) -> &[Label] {
        self.const_labels
            .as_ref()
            .map_or(&[], |(l, _)| l.as_slice())
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Counter,
    Gauge,
    FloatGauge,
    Histogram,
    NativeHistogram,
}

impl Kind {
    pub fn from_type_name(name: &str) -> Option<Kind> {
        Some(match name {
            "Counter" => Kind::Counter,
            "Gauge" => Kind::Gauge,
            "FloatGauge" => Kind::FloatGauge,
            "Histogram" => Kind::Histogram,
            "NativeHistogram" => Kind::NativeHistogram,
            _ => return None,
        })
    }
}

pub struct Metric {
    pub field: Ident,
    /// The field's type as written (`Counter`), to which codegen adds labels.
    pub ty: Type,
    pub kind: Kind,
    pub name: (String, Span),
    pub help: Option<String>,
    pub unit: Option<(String, Span)>,
    /// The `labels(...)` list and its span.
    pub labels: Option<(Vec<Label>, Span)>,
    pub max_series: Option<(usize, Span)>,
    pub max_value_len: Option<(usize, Span)>,
    pub buckets: Option<BucketsAttr>,
    /// `schema`, `zero_threshold`, `max_buckets` of a native histogram.
    pub native: NativeKeys,
    pub group: Option<(String, Span)>,
    pub line: u32,
    /// `alert(...)` and `record(...)` on the metric.
    pub rules: Vec<crate::alert::Rule>,
}

/// A native histogram's keys, each as written (absent: the default).
#[derive(Default)]
pub struct NativeKeys {
    pub schema: Option<(i64, Span)>,
    pub zero_threshold: Option<crate::attr::Num>,
    pub max_buckets: Option<(usize, Span)>,
}

impl NativeKeys {
    /// The first key written, for "applies to native histograms only".
    pub fn first(&self) -> Option<(&'static str, Span)> {
        if let Some((_, span)) = self.schema {
            return Some(("schema", span));
        }
        if let Some(z) = &self.zero_threshold {
            return Some(("zero_threshold", z.span));
        }
        self.max_buckets.map(|(_, span)| ("max_buckets", span))
    }
}

pub struct Label {
    pub name: Ident,
    /// The exported label name: the ident without a raw `r#`.
    pub exported: String,
    pub ty: Type,
    /// A `String` label: free-form values, bounded by `max_series`.
    pub free: bool,
}

impl Metric {
    pub fn label_list(&self) -> &[Label] {
        self.labels.as_ref().map_or(&[], |(l, _)| l.as_slice())
    }

    pub fn is_free(&self) -> bool {
        self.label_list().iter().any(|l| l.free)
    }
}

/// The doc comment of `attrs`, lines joined by spaces and trimmed.
pub fn doc_of(attrs: &[Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                lines.push(s.value().trim().to_owned());
            }
        }
    }
    let text = lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

impl Family {
    /// Builds the model, pushing what cannot be modelled into `ctxt`. Fields
    /// that fail are left out; the caller emits the fallback when `ctxt` has
    /// errors.
    pub fn from_input(
        ctxt: &mut Ctxt,
        args: FamilyArgs,
        input: &DeriveInput,
        fields: Vec<MetricField>,
    ) -> Family {
        let metrics = fields
            .into_iter()
            .filter_map(|f| Metric::from_field(ctxt, f))
            .collect();
        Family {
            ident: input.ident.clone(),
            doc: doc_of(&input.attrs).unwrap_or_default(),
            prefix: args.prefix.map(|p| (p.as_ref().clone(), p.span())),
            require_help: args.require_help.is_present(),
            title: args.title.map(|t| (t.as_ref().clone(), t.span())),
            const_labels: args.const_labels.map(|attr| {
                let labels = attr.labels.into_iter().map(Label::from_decl).collect();
                (labels, attr.span)
            }),
            metrics,
            rules: crate::alert::collect(args.alerts, args.records),
        }
    }
}

impl Metric {
    fn from_field(ctxt: &mut Ctxt, f: MetricField) -> Option<Metric> {
        let field = f.ident.clone()?;
        // The attribute runs before cfg-stripping: `new()` and `register`
        // would name a field the compiler then removes.
        if let Some(cfg) = f
            .attrs
            .iter()
            .find(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"))
        {
            ctxt.error_range(
                cfg.pound_token.span,
                cfg.bracket_token.span.close(),
                "a metric field cannot be conditional; put conditional metrics in a family of their own under `#[cfg(...)]`",
            );
            return None;
        }
        let (kind, ty) = kind_of(ctxt, &f.ty)?;
        let name = match &f.name {
            Some(n) => (n.as_ref().clone(), n.span()),
            None => {
                let name = field.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                (name, field.span())
            }
        };
        let labels = f.labels.map(|attr| {
            let labels = attr.labels.into_iter().map(Label::from_decl).collect();
            (labels, attr.span)
        });
        Some(Metric {
            line: field.span().start().line as u32,
            field,
            ty,
            kind,
            name,
            help: doc_of(&f.attrs).map(|h| h.trim_end_matches('.').trim_end().to_owned()),
            unit: f.unit.map(|u| (u.as_ref().clone(), u.span())),
            labels,
            max_series: f.max_series.map(|m| (*m, m.span())),
            max_value_len: f.max_value_len.map(|m| (*m, m.span())),
            buckets: f.buckets,
            native: NativeKeys {
                schema: f.schema.map(|s| (*s, s.span())),
                zero_threshold: f.zero_threshold,
                max_buckets: f.max_buckets.map(|m| (*m, m.span())),
            },
            group: f.group.map(|g| (g.as_ref().clone(), g.span())),
            rules: crate::alert::collect(f.alerts, f.records),
        })
    }
}

impl Label {
    fn from_decl(decl: LabelDecl) -> Label {
        let free = matches!(&decl.ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_empty()));
        Label {
            exported: syn::ext::IdentExt::unraw(&decl.name).to_string(),
            name: decl.name,
            ty: decl.ty,
            free,
        }
    }
}

/// The metric kind, from the last segment of the field's type, and the type
/// to emit. A mistake the kind survives (a reference, label types written on
/// the type) is reported and the bare kind kept, so the field stays a metric
/// and nothing else cascades.
fn kind_of(ctxt: &mut Ctxt, ty: &Type) -> Option<(Kind, Type)> {
    let expected =
        "use `Counter`, `Gauge`, `FloatGauge`, `Histogram` or `NativeHistogram` from `metrics_runtime`";
    if let Type::Reference(reference) = ty {
        // The inner type's own mistake, if any, is the one to report.
        let (kind, inner) = kind_of(ctxt, &reference.elem)?;
        ctxt.error(
            reference.and_token.span,
            format!(
                "a metric field owns its metric, not a reference to one; write `{}`",
                quote::ToTokens::to_token_stream(&inner)
            ),
        );
        return Some((kind, inner));
    }
    let Type::Path(path) = ty else {
        ctxt.error(
            ty.span(),
            format!("cannot infer the metric kind of this type; {expected}"),
        );
        return None;
    };
    let Some(segment) = path.path.segments.last() else {
        ctxt.error(
            ty.span(),
            format!("cannot infer the metric kind of this type; {expected}"),
        );
        return None;
    };
    let name = segment.ident.to_string();
    let Some(kind) = Kind::from_type_name(&name) else {
        let kinds = [
            "Counter",
            "Gauge",
            "FloatGauge",
            "Histogram",
            "NativeHistogram",
        ];
        let hint = match crate::names::closest(&name, &kinds) {
            Some(best) => format!("did you mean `{best}`? the kinds are `Counter`, `Gauge`, `FloatGauge`, `Histogram` and `NativeHistogram`, from `metrics_runtime`"),
            None => expected.to_owned(),
        };
        ctxt.error(
            ty.span(),
            format!("cannot infer the metric kind of `{name}`; {hint}"),
        );
        return None;
    };
    if !segment.arguments.is_empty() {
        ctxt.error(
            segment.arguments.span(),
            format!("label types go in `#[metric(labels(name: Type))]`, not on the field type; write the bare `{name}`"),
        );
        let mut bare = path.clone();
        if let Some(last) = bare.path.segments.last_mut() {
            last.arguments = syn::PathArguments::None;
        }
        return Some((kind, Type::Path(bare)));
    }
    Some((kind, ty.clone()))
}
