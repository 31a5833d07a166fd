//! The typed model of a family, built from the receivers. Spans stay with
//! the facts they describe so later checks point at the exact token.

use proc_macro2::Span;
use syn::ext::IdentExt;
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
    /// Fields whose type names no metric kind (already reported), with
    /// whatever labels their attribute declares: the fallback types them.
    pub unknown: Vec<Unknown>,
}

/// A field that is not a metric of a known kind.
pub struct Unknown {
    pub field: Ident,
    pub labels: Vec<Label>,
    /// The type as written, if the fallback may name it (see
    /// `kind::nameable`), so its imports stay used.
    pub written: Option<Type>,
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
    Info,
    StateSet,
}

impl Kind {
    /// A classic or a native histogram: observes, has `_bucket`, `_sum`
    /// and `_count`, and reserves `le`.
    pub fn is_histogram(self) -> bool {
        matches!(self, Kind::Histogram | Kind::NativeHistogram)
    }

    pub fn from_type_name(name: &str) -> Option<Kind> {
        Some(match name {
            "Counter" => Kind::Counter,
            "Gauge" => Kind::Gauge,
            "FloatGauge" => Kind::FloatGauge,
            "Histogram" => Kind::Histogram,
            "NativeHistogram" => Kind::NativeHistogram,
            "Info" => Kind::Info,
            "StateSet" => Kind::StateSet,
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
    /// `exemplar(..)`: the exemplar label names.
    pub exemplar: Option<crate::exemplar::ExemplarKey>,
    /// `states = Enum` of a state set: the enum, and the span of the key.
    pub states: Option<(Type, Span)>,
    /// A state set's state label (named as the metric, typed by its
    /// enum), for the rules' matchers; set by `Family::from_input`.
    pub state: Option<Label>,
    pub group: Option<(String, Span)>,
    pub line: u32,
    /// `alert(...)` and `record(...)` on the metric.
    pub rules: Vec<crate::alert::Rule>,
    /// Another crate's type written for ours (reported), which the
    /// fallback still names so its imports stay used.
    pub foreign: Option<Type>,
    /// A mistake was reported while modelling it (or its attribute was
    /// read back after failing to parse): what the model holds of it is
    /// partial, so the checks leave it alone, and report the other
    /// metrics' mistakes in the same build.
    pub flawed: bool,
}

/// A native histogram's keys, each as written (absent: the default).
#[derive(Clone, Default)]
pub struct NativeKeys {
    /// The value, and the span of its first and last token.
    pub schema: Option<(i64, Span, Span)>,
    pub zero_threshold: Option<crate::attr::Num>,
    pub max_buckets: Option<(usize, Span)>,
}

impl NativeKeys {
    /// The first key written, for "applies to native histograms only".
    pub fn first(&self) -> Option<(&'static str, Span)> {
        if let Some((_, span, _)) = self.schema {
            return Some(("schema", span));
        }
        if let Some(z) = &self.zero_threshold {
            return Some(("zero_threshold", z.span));
        }
        self.max_buckets.map(|(_, span)| ("max_buckets", span))
    }
}

#[derive(Clone)]
pub struct Label {
    pub name: Ident,
    /// The exported label name: the ident without a raw `r#`.
    pub exported: String,
    pub ty: Type,
    /// A `String` label: free-form values, bounded by `max_series`.
    pub free: bool,
    /// A type that can never be a label (`u16`, `&str`), already reported:
    /// the fallback types the field with it as written.
    pub refused: bool,
    /// The family's checked alias of this enum label type (see
    /// `codegen::label_aliases`): `None` for free-form labels and the labels
    /// of info metrics, which are not read through the check.
    pub alias: Option<Ident>,
}

impl Metric {
    pub fn label_list(&self) -> &[Label] {
        self.labels.as_ref().map_or(&[], |(l, _)| l.as_slice())
    }

    pub fn is_free(&self) -> bool {
        self.kind != Kind::Info && self.label_list().iter().any(|l| l.free)
    }

    /// Whether the field's type can be written from the declaration: a
    /// state set needs its states, an info metric its labels.
    pub fn typeable(&self) -> bool {
        match self.kind {
            Kind::StateSet => self.states.is_some(),
            Kind::Info => !self.label_list().is_empty(),
            _ => true,
        }
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
                // A block comment (`/** .. */`) or `#[doc = "..\n.."]` is
                // several lines in one attribute: the help is one line (a
                // line break would end the `# HELP` line of an exposition).
                lines.extend(s.value().lines().map(|l| l.trim().to_owned()));
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
        let mut metrics = Vec::new();
        let mut unknown = Vec::new();
        for field in fields {
            let salvaged = field.salvaged;
            let before = ctxt.error_count();
            match Metric::from_field(ctxt, field) {
                Modelled::Metric(mut metric) => {
                    metric.flawed = salvaged || ctxt.error_count() > before;
                    metrics.push(*metric);
                }
                Modelled::Unknown(u) => unknown.push(*u),
                Modelled::Unnamed => {}
            }
        }
        let mut family = Family {
            ident: input.ident.clone(),
            doc: doc_of(&input.attrs).unwrap_or_default(),
            prefix: args.prefix.map(|p| (p.as_ref().clone(), p.span())),
            require_help: args.require_help.is_present(),
            title: args.title.map(|t| (t.as_ref().clone(), t.span())),
            const_labels: args.const_labels.map(|attr| {
                let labels = attr
                    .labels
                    .into_iter()
                    .map(|decl| Label::new(decl.name, decl.ty))
                    .collect();
                (labels, attr.span)
            }),
            metrics,
            rules: crate::alert::collect(args.alerts, args.records),
            unknown,
        };
        let states: Vec<Option<Label>> = family
            .metrics
            .iter()
            .map(|m| {
                let (ty, span) = m.states.as_ref().filter(|_| m.kind == Kind::StateSet)?;
                let name = crate::check::exported_name(&family, m);
                // An invalid name is reported by the name rules.
                crate::names::is_valid_name(&name)
                    .then(|| Label::new(Ident::new(&name, *span), ty.clone()))
            })
            .collect();
        for (metric, state) in family.metrics.iter_mut().zip(states) {
            metric.state = state;
        }
        family.name_label_aliases();
        family
    }

    /// Names the checked alias of each enum label type (see
    /// `codegen::label_aliases`): one per distinct type as written, numbered
    /// in order of first use, so ten metrics labelled `Branch` share one.
    fn name_label_aliases(&mut self) {
        let mut seen: Vec<String> = Vec::new();
        let family = self.ident.unraw().to_string();
        for metric in &mut self.metrics {
            if metric.kind == Kind::Info {
                continue;
            }
            // A state set's enum is checked as its labels are.
            let state_set = metric.kind == Kind::StateSet;
            let labels = metric.labels.iter_mut().flat_map(|(labels, _)| labels);
            let state = metric.state.as_mut().filter(|_| state_set);
            for label in labels.filter(|l| !l.free && !l.refused).chain(state) {
                let key = quote::ToTokens::to_token_stream(&label.ty).to_string();
                let index = seen.iter().position(|k| *k == key).unwrap_or_else(|| {
                    seen.push(key);
                    seen.len() - 1
                });
                label.alias = Some(quote::format_ident!("__{}Label{}", family, index));
            }
        }
    }
}

/// What a field is in the model.
enum Modelled {
    Metric(Box<Metric>),
    /// Its type names no kind (reported).
    Unknown(Box<Unknown>),
    /// A tuple struct's field (the shape is reported).
    Unnamed,
}

impl Metric {
    fn from_field(ctxt: &mut Ctxt, f: MetricField) -> Modelled {
        let Some(field) = f.ident.clone() else {
            return Modelled::Unnamed;
        };
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
        }
        let labels = f.labels.map(|attr| {
            let report = !attr.salvaged;
            let labels = attr
                .labels
                .into_iter()
                .map(|decl| Label::from_decl(ctxt, decl, report))
                .collect::<Vec<_>>();
            (labels, attr.span)
        });
        let Some(found) = crate::kind::kind_of(ctxt, &f.ty) else {
            return Modelled::Unknown(Box::new(Unknown {
                field,
                labels: labels.map(|(l, _)| l).unwrap_or_default(),
                written: crate::kind::nameable(&f.ty).then(|| f.ty.clone()),
            }));
        };
        let labels = match labels {
            Some(labels) => Some(labels),
            // `Counter<(Branch,)>`, reported: the labels the user meant.
            None if !found.labels_on_type.is_empty() => Some((
                found
                    .labels_on_type
                    .into_iter()
                    .enumerate()
                    .map(|(i, ty)| Label::unnamed(i, ty))
                    .collect(),
                field.span(),
            )),
            None => None,
        };
        let max_series =
            f.max_series
                .as_ref()
                .and_then(|meta| match crate::attr::max_series(meta) {
                    Ok(value) => Some(value),
                    Err(refusal) => {
                        ctxt.error_spanned(refusal.tokens, refusal.message);
                        None
                    }
                });
        let max_value_len =
            f.max_value_len
                .as_ref()
                .and_then(|meta| match crate::attr::max_value_len(meta) {
                    Ok(value) => Some(value),
                    Err(refusal) => {
                        ctxt.error_spanned(refusal.tokens, refusal.message);
                        None
                    }
                });
        let buckets = f
            .buckets
            .as_ref()
            .and_then(|meta| match crate::attr::buckets(meta) {
                Ok(buckets) => Some(buckets),
                Err(refusals) => {
                    for refusal in refusals {
                        ctxt.error_spanned(refusal.tokens, refusal.message);
                    }
                    None
                }
            });
        let name = match &f.name {
            Some(n) => (n.as_ref().clone(), n.span()),
            None => {
                let name = field.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                (name, field.span())
            }
        };
        Modelled::Metric(Box::new(Metric {
            line: field.span().start().line as u32,
            field,
            ty: found.ty,
            kind: found.kind,
            name,
            help: doc_of(&f.attrs).map(|h| h.trim_end_matches('.').trim_end().to_owned()),
            unit: f.unit.map(|u| (u.as_ref().clone(), u.span())),
            labels,
            max_series,
            max_value_len,
            buckets,
            native: NativeKeys {
                schema: f.schema.as_ref().and_then(|meta| {
                    crate::attr::schema(meta)
                        .map(|(value, start, end)| (value, start, f.negated.schema.unwrap_or(end)))
                        .map_err(|refusal| ctxt.error_spanned(refusal.tokens, refusal.message))
                        .ok()
                }),
                zero_threshold: f.zero_threshold.as_ref().and_then(|meta| {
                    crate::attr::zero_threshold(meta)
                        .map(|num| crate::attr::Num {
                            end: f.negated.zero_threshold.unwrap_or(num.end),
                            ..num
                        })
                        .map_err(|refusal| ctxt.error_spanned(refusal.tokens, refusal.message))
                        .ok()
                }),
                max_buckets: f.max_buckets.as_ref().and_then(|meta| {
                    crate::attr::max_buckets(meta)
                        .map_err(|refusal| ctxt.error_spanned(refusal.tokens, refusal.message))
                        .ok()
                }),
            },
            exemplar: f
                .exemplar
                .as_ref()
                .map(|meta| crate::exemplar::read(ctxt, meta)),
            state: None,
            states: f.states.as_ref().and_then(|meta| {
                crate::attr::states(meta)
                    .map_err(|refusal| ctxt.error_spanned(refusal.tokens, refusal.message))
                    .ok()
            }),
            group: f.group.map(|g| (g.as_ref().clone(), g.span())),
            rules: crate::alert::collect(f.alerts, f.records),
            foreign: found.foreign,
            flawed: false,
        }))
    }
}

impl Label {
    /// The label of `name: Type`; a type that can never be a label is
    /// reported when `report` (a list read back from a failed attribute
    /// reports nothing more).
    fn from_decl(ctxt: &mut Ctxt, decl: LabelDecl, report: bool) -> Label {
        let refused = match crate::label_types::problem(&decl.ty) {
            Some(problem) if report => {
                ctxt.error_spanned(&decl.ty, problem);
                true
            }
            Some(_) => true,
            None => false,
        };
        let mut label = Label::new(decl.name, decl.ty);
        label.refused = refused;
        label
    }

    pub fn new(name: Ident, ty: Type) -> Label {
        let free = matches!(&ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_empty()));
        Label {
            exported: syn::ext::IdentExt::unraw(&name).to_string(),
            name,
            ty,
            free,
            refused: false,
            alias: None,
        }
    }

    /// A label read from the field's type, where it has no name.
    fn unnamed(position: usize, ty: Type) -> Label {
        let refused = crate::label_types::problem(&ty).is_some();
        let mut label = Label::new(quote::format_ident!("label_{}", position), ty);
        label.refused = refused;
        label
    }

    /// The span of the label's type, its last token (`Peer` in
    /// `crate::net::Peer`).
    pub fn ty_span(&self) -> Span {
        quote::ToTokens::to_token_stream(&self.ty)
            .into_iter()
            .last()
            .map_or(self.name.span(), |t| t.span())
    }

    /// A type the fallback cannot write as a metric's label (refused, or
    /// not known: `_`).
    pub fn unusable(&self) -> bool {
        self.refused || matches!(self.ty, Type::Infer(_))
    }
}
