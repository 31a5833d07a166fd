//! The macro never panics: a corpus of malformed declarations, generated
//! (every bad key or value of `#[metric]` on every kind it is wrong for,
//! every bad family argument, every wrong shape) and hand-written, each run
//! through the expansion under `catch_unwind`. Every one must come back as
//! an error, and every error must carry a real span (a position in the
//! input), not the call-site default a forgotten span would leave. Then the
//! whole corpus is type-checked with recording calls (`typecheck`): the
//! macro's errors must be the only ones.

mod typecheck;

use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::TokenStream;

use crate::expand::{try_expand, Failure};

const KINDS: [&str; 4] = ["Counter", "Gauge", "FloatGauge", "Histogram"];

/// `#[metric(...)]` contents that are wrong whatever the kind.
const BAD_ON_EVERY_KIND: &[&str] = &[
    "nmae = \"x\"",
    "colour = \"red\"",
    "bucket = [1]",
    "name = 5",
    "name = x",
    "name = \"\"",
    "name = \"a-b\"",
    "name = \"9lives\"",
    "name = \"job:x\"",
    "name = \"__x\"",
    "name = \"a\", name = \"b\"",
    "unit = \"\"",
    "unit = \"Seconds\"",
    "unit = \"_s\"",
    "unit = seconds",
    "unit = 1",
    "labels()",
    "labels = \"a\"",
    "labels",
    "labels(a)",
    "labels(a:)",
    "labels(a: A,, b: B)",
    "labels(: A)",
    "labels(5: A)",
    "labels(__a: A)",
    "labels(quantile: A)",
    "labels(a: A, a: A)",
    "labels(a: String, b: String, c: String)",
    "labels(a: A, b: String, c: String, d: String)",
    "labels(quantile: String)",
    "labels(__a: String, b: A)",
    "labels(a: A, b: A, c: A, d: A, e: A)",
    "labels(a: A, b: A, c: A, d: A, e: A, f: String)",
    "max_value_len = 5",
    "labels(a: A), max_value_len = 5",
    "labels(id: String), max_value_len = 0",
    "labels(id: String), max_value_len = -1",
    "labels(id: String), max_value_len = \"5\"",
    "labels(id: String), max_value_len",
    "labels(a: A) labels(b: B)",
    "max_series = \"5\"",
    "max_series = -1",
    "max_series = 1.5",
    "max_series = 5",
    "max_series",
    "labels(id: String), max_series = 0",
    "buckets = [1] buckets = [2]",
    "= 5",
    "\"name\"",
    "name(\"x\")",
    "unit(\"s\")",
    "unit = \"total\"",
    "unit = \"ms\"",
    "unit = \"milliseconds\"",
    "name = \"lag_secs\"",
    "name = \"x_total\"",
    "name = \"x_counter\"",
    "name = \"requestsServed\"",
    "name = \"a__b\"",
    "labels(le: A)",
    "labels(contextId: String)",
    "labels(a: u16)",
    "labels(a: &'static str)",
    "labels(a: Option<A>)",
    "labels(a = A)",
    "labels(A, B)",
    "exemplar()",
    "exemplar",
    "exemplar = \"trace_id\"",
    "exemplar = 5",
    "exemplar(__trace_id)",
    "exemplar(\"trace-id\")",
    "exemplar(5)",
    "exemplar(trace_id, trace_id)",
    "exemplar(a, b, c)",
    "exemplar(trace_id: u64)",
    "exemplar(trace_id:)",
    "exemplar(trace_id,, span_id)",
    "exemplars(trace_id)",
    "exemplar(trace_id) exemplar(span_id)",
];

/// `#[metric(...)]` contents wrong on a histogram.
const BAD_ON_HISTOGRAM: &[&str] = &[
    "labels(le: A)",
    "labels(le: String)",
    "labels(a: A, le: String)",
    "buckets = []",
    "buckets = [1, 0.5]",
    "buckets = [0.1, 0.1]",
    "buckets = [1e999]",
    "buckets = [-1e999, 0]",
    "buckets = [\"0.1\"]",
    "buckets = [x]",
    "buckets = 0.5",
    "buckets = \"exp\"",
    "buckets",
    "buckets(1, 2)",
    "buckets = exponential(0, 2, 3)",
    "buckets = exponential(-1, 2, 3)",
    "buckets = exponential(1, 1, 3)",
    "buckets = exponential(1, 0.5, 3)",
    "buckets = exponential(1, 2, 0)",
    "buckets = exponential(1, 2, 2.5)",
    "buckets = exponential(1, 2, -3)",
    "buckets = exponential(1, 2)",
    "buckets = exponential(1, 2, 3, 4)",
    "buckets = exponential()",
    "buckets = exponential(1e300, 1e10, 40)",
    "buckets = exponential(0.001, 1.01, 100)",
    "buckets = exponential(1, 2, 1e30)",
    "buckets = linear(1, 0, 3)",
    "buckets = linear(1, -1, 3)",
    "buckets = linear(1, 1, 0)",
    "buckets = linear(1e999, 1, 3)",
    "buckets = linear(0, 1, 65)",
    "buckets = linear(1, 1)",
    "buckets = log(1, 2, 3)",
    "buckets = a::exponential(1, 2, 3)",
    "buckets = (1)(2)",
];

/// `#[metric(...)]` contents wrong on anything but a histogram.
const BAD_OFF_HISTOGRAM: &[&str] = &[
    "buckets = [1]",
    "buckets = exponential(1, 2, 3)",
    "buckets = linear(1, 1, 3)",
];

/// Field types that are not a metric kind.
const BAD_TYPES: &[&str] = &[
    "u64",
    "Countr",
    "Histogramm",
    "&'static Counter",
    "Counter<(A,)>",
    "Gauge<u8>",
    "(Counter, Gauge)",
    "[Counter; 2]",
    "fn() -> Counter",
    "dyn Fn()",
    "impl Sized",
    "<Counter as X>::Y",
    "_",
    "!",
];

/// Family arguments that are wrong.
/// `alert(...)` and `record(...)` in `#[metric(...)]` that are wrong on
/// every kind (the field is `field`, with no prefix).
const BAD_RULES: &[&str] = &[
    "alert",
    "alert = \"x\"",
    "alert()",
    "alert(5)",
    "alert(name = \"A\")",
    "alert(name = 1, expr = \"x\", severity = \"warning\")",
    "alert(name = \"A\", expr = x, severity = \"warning\")",
    "alert(name = \"A\", expr = \"\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"rate(\", severity = \"warning\")",
    "alert(name = \"A\", expr = \")\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"{}\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"\\\"\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"x{a=}\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"x[5m] > 0\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"up > 0\", severity = \"warning\")",
    "alert(name = \"a-b\", expr = \"up\", severity = \"warning\")",
    "alert(name = \"A\", expr = \"up\", severity = \"page\")",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", for = \"soon\")",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", labels(a))",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", labels(__a = \"x\"))",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", labels(a = 1))",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", summary = \"{{\")",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", lint_allow = \"No Such\")",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", name = \"B\")",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", colour = \"red\")",
    "alert(name = \"A\", expr = \"up\", severity = \"warning\", annotations(summary = \"x\"))",
    "record(name = \"a b\", expr = \"field\")",
    "record(name = \"r\", expr = \"up\")",
    "record(name = \"r\", expr = \"field\", severity = \"warning\")",
    "record(name = \"r\")",
];

const BAD_FAMILY_ARGS: &[&str] = &[
    "prefx = \"x\"",
    "prefix = 1",
    "prefix",
    "prefix = \"a-b\"",
    "prefix = \"__a\"",
    "prefix = \"a_\"",
    "prefix = \"\"",
    "prefix = \"9a\"",
    "prefix = \"a\", prefix = \"b\"",
    "require_help = \"yes\"",
    "require_help = true",
    "require_help(x)",
    "\"sync\"",
    "prefix(\"x\")",
    "= 5",
    "prefix = \"a\" require_help",
    "colour",
    "const_labels",
    "const_labels = \"peer\"",
    "const_labels()",
    "const_labels(peer)",
    "const_labels(peer:)",
    "const_labels(: String)",
    "const_labels(5: String)",
    "const_labels(__peer: String)",
    "const_labels(le: String)",
    "const_labels(quantile: String)",
    "const_labels(instance: String)",
    "const_labels(job: A)",
    "const_labels(self: String)",
    "const_labels(peer: String, peer: String)",
    "const_labels(peer: String) const_labels(shard: A)",
    "const_labels(peer: String), const_labels(shard: A)",
    "alert(name = \"A\", expr = \"field_total > 0\", severity = \"warning\")",
    "alert(expr = \"up\")",
    "record(name = \"r\", expr = \"sum(\")",
    "alert = 1",
    "alert(name = \"A\", expr = \"fild_total > 0\", severity = \"warning\", summary = \"s\")",
    "prefix = \"a__b\"",
    "prefix = \"syncEngine\"",
    "prefix = \"x_ms\"",
    "prefix = \"sync_counter\"",
];

/// Family arguments with a struct that are wrong together.
const BAD_PAIRS: &[(&str, &str)] = &[
    ("prefix = \"sync\"", "struct S { /// h\n _phase: Counter }"),
    ("", "struct S { /// h\n a_sum: Gauge }"),
    ("", "struct S { /// h\n a_bucket: FloatGauge }"),
    (
        "",
        "struct S { /// h\n a: prometheus_client::metrics::counter::Counter }",
    ),
];

/// Whole items that are wrong.
const BAD_ITEMS: &[&str] = &[
    "",
    "struct",
    "struct S",
    "struct S(Counter);",
    "struct S;",
    "struct S {}",
    "enum S { A }",
    "union S { a: u64 }",
    "fn s() {}",
    "impl S {}",
    "mod s {}",
    "trait S {}",
    "type S = u8;",
    "const S: u8 = 0;",
    "struct S<T> { /// h\n a: Counter }",
    "struct S<'a> { /// h\n a: Counter }",
    "struct S<const N: usize> { /// h\n a: Counter }",
    "struct S where u8: Copy { /// h\n a: Counter }",
    "struct S { /// h\n a: Counter, #[metric(name = \"a\")] /// h\n b: Counter }",
    "struct S { /// h\n a: Counter, /// h\n a_total: Gauge }",
    "struct S { /// h\n a: Histogram, /// h\n a_count: Gauge }",
    "struct S { /// h\n #[metric(unit = \"seconds\")] a: Gauge, /// h\n a_seconds: Gauge }",
    "struct S { /// h\n a_total: Counter }",
    "struct S { /// h\n a_bucket: Histogram }",
    "struct S { /// h\n a_sum: Histogram }",
    "struct S { /// h\n #[metric(unit = \"bytes\")] a_bytes: Gauge }",
    "struct S { /// h\n __a: Counter }",
    "struct S { /// h\n #[metric] #[metric(nmae = \"x\")] a: Counter }",
    "struct S { /// h\n #[metric(name = \"x\")] #[metric(name = \"y\")] a: Counter }",
    "struct S { /// h\n a: Counter } struct T;",
    "#[derive(Debug)] enum S {}",
    "pub(crate) union S { a: u8 }",
    "extern crate s;",
    "macro_rules! s { () => {} }",
    "1 + 1",
    "struct S { /// h\n a: , }",
];

fn family(args: &str, item: &str) -> (TokenStream, TokenStream) {
    (parse(args), parse(item))
}

fn parse(text: &str) -> TokenStream {
    text.parse()
        .unwrap_or_else(|e| panic!("corpus entry is not tokens: {text}: {e}"))
}

fn corpus() -> Vec<(String, String)> {
    let mut cases = Vec::new();
    let metric = |attr: &str, kind: &str| {
        format!("struct S {{\n    /// Help\n    #[metric({attr})]\n    field: {kind},\n}}")
    };
    for attr in BAD_ON_EVERY_KIND {
        for kind in KINDS {
            cases.push((String::new(), metric(attr, kind)));
        }
    }
    for attr in BAD_RULES {
        for kind in KINDS {
            cases.push((String::new(), metric(attr, kind)));
        }
    }
    for attr in BAD_ON_HISTOGRAM {
        cases.push((String::new(), metric(attr, "Histogram")));
    }
    for attr in BAD_OFF_HISTOGRAM {
        for kind in &KINDS[..3] {
            cases.push((String::new(), metric(attr, kind)));
        }
    }
    for ty in BAD_TYPES {
        cases.push((
            String::new(),
            format!("struct S {{\n    /// Help\n    field: {ty},\n}}"),
        ));
    }
    for args in BAD_FAMILY_ARGS {
        cases.push((
            (*args).to_owned(),
            "struct S {\n    /// Help\n    field: Counter,\n}".to_owned(),
        ));
    }
    for item in BAD_ITEMS {
        cases.push((String::new(), (*item).to_owned()));
    }
    // A constant label that is also a metric's label, enum or free-form.
    for ty in ["A", "String"] {
        cases.push((
            "const_labels(peer: String)".to_owned(),
            format!("struct S {{\n    /// Help\n    #[metric(labels(peer: {ty}))]\n    field: Counter,\n}}"),
        ));
    }
    for (args, item) in BAD_PAIRS {
        cases.push(((*args).to_owned(), (*item).to_owned()));
    }
    // `require_help` with undocumented fields of every kind.
    for kind in KINDS {
        cases.push((
            "require_help".to_owned(),
            format!("struct S {{\n    field: {kind},\n}}"),
        ));
    }
    // Two mistakes at once, in every pairing of the first ten.
    for a in &BAD_ON_EVERY_KIND[..10] {
        for b in &BAD_ON_EVERY_KIND[..10] {
            cases.push((
                "prefix = \"x-y\"".to_owned(),
                format!(
                    "struct S {{\n    /// A\n    #[metric({a})]\n    a: Counter,\n    /// B\n    #[metric({b})]\n    b: Gauge,\n}}"
                ),
            ));
        }
    }
    cases
}

/// Whether `span` points into the input: tokens parsed from text cover a
/// non-empty byte range, while `Span::call_site()` (what a forgotten span
/// leaves) covers none.
fn has_position(span: proc_macro2::Span) -> bool {
    let range = span.byte_range();
    range.end > range.start && range != proc_macro2::Span::call_site().byte_range()
}

#[test]
fn malformed_declarations_are_spanned_errors_never_panics() {
    let cases = corpus();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    println!("{} malformed declarations", cases.len());
    let quoted = format!(
        "A corpus test feeds {} malformed declarations and {} malformed label enums",
        cases.len(),
        BAD_ENUMS.len()
    );
    assert!(readme().contains(&quoted), "the README should say {quoted}");
    let mut panics = Vec::new();
    let mut accepted = Vec::new();
    let mut unspanned = Vec::new();
    for (args, item) in &cases {
        let (args_tokens, item_tokens) = family(args, item);
        let result = catch_unwind(AssertUnwindSafe(|| {
            // The public entry point too: it must always produce tokens.
            let _ = crate::expand::metrics_family(args_tokens.clone(), item_tokens.clone());
            try_expand(args_tokens, item_tokens)
        }));
        let error = match result {
            Err(_) => {
                panics.push(format!("#[metrics_family({args})] {item}"));
                continue;
            }
            Ok(Ok(_)) => {
                accepted.push(format!("#[metrics_family({args})] {item}"));
                continue;
            }
            Ok(Err(Failure::NotAStruct(e))) | Ok(Err(Failure::Invalid(_, e))) => e,
        };
        // An empty input has no tokens to point at; everything else must.
        if item.trim().is_empty() {
            continue;
        }
        for e in error {
            if !has_position(e.span()) {
                unspanned.push(format!("#[metrics_family({args})] {item}: {e}"));
            }
            let text = e.to_string();
            let first = text.chars().next().unwrap_or('x');
            assert!(
                !first.is_ascii_uppercase(),
                "message not lowercase: {text} (for {item})"
            );
        }
    }
    assert!(panics.is_empty(), "panicked on:\n{}", panics.join("\n"));
    assert!(
        accepted.is_empty(),
        "accepted malformed input:\n{}",
        accepted.join("\n")
    );
    assert!(
        unspanned.is_empty(),
        "errors without a span:\n{}",
        unspanned.join("\n")
    );
}

/// Enums `#[derive(LabelValue)]` must refuse, each with a spanned error.
const BAD_ENUMS: &[&str] = &[
    "enum E {}",
    "enum E { A(u8) }",
    "enum E { A { x: u8 } }",
    "enum E { A, B(u8), C { y: u8 } }",
    "enum E { A, #[label(rename = \"a\")] B }",
    "enum E { HttpError, HTTPError }",
    "enum E { #[label(rename = \"\")] A }",
    "enum E { #[label(rename = 1)] A }",
    "enum E { #[label(renme = \"x\")] A }",
    "enum E { #[label(rename)] A }",
    "enum E { #[label(rename = \"x\", rename = \"y\")] A }",
    "enum E { #[label = \"x\"] A }",
    "enum E<T> { A(T) }",
    "enum E<'a> { A(&'a u8) }",
    "enum E<const N: usize> { A }",
    "struct E;",
    "struct E { a: u8 }",
    "union E { a: u8 }",
    "enum E { A, B, #[label(rename = \"b\")] C }",
    "enum E { A = 1, A2 = 1 }",
];

#[test]
fn malformed_label_enums_are_spanned_errors_never_panics() {
    for text in BAD_ENUMS {
        let tokens = parse(text);
        let result = catch_unwind(|| {
            let _ = crate::label_value::derive(tokens.clone());
            let item: syn::DeriveInput = syn::parse2(tokens).expect("an item");
            crate::label_value::expand(&item)
        });
        let Ok(result) = result else {
            panic!("derive panicked on {text}");
        };
        if text.contains("A = 1, A2 = 1") {
            // Discriminants are the user's business; the values differ.
            assert!(result.is_ok(), "{text}");
            continue;
        }
        let error = result.err().unwrap_or_else(|| panic!("accepted {text}"));
        for e in error {
            assert!(has_position(e.span()), "unspanned error for {text}: {e}");
        }
    }
}

#[test]
fn the_span_check_can_tell_a_default_span() {
    assert!(!has_position(proc_macro2::Span::call_site()));
    let tokens = parse("a b");
    let first = tokens.into_iter().next().map(|t| t.span());
    assert!(first.is_some_and(has_position));
    // And the corpus check itself fails on valid input.
    let ok = try_expand(
        TokenStream::new(),
        parse("struct S { /// Help\n field: Counter }"),
    );
    assert!(ok.is_ok());
}

/// The workspace README, whose counts of the corpus are checked.
pub fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    std::fs::read_to_string(path)
        .expect("README.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn malformed_declarations_type_check_with_only_their_own_errors() {
    typecheck::run(&corpus(), BAD_ENUMS, typecheck::family_errors);
}
