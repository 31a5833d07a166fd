//! The corpus, type-checked: every malformed declaration that is a struct
//! with named fields, and every malformed label enum, goes into one crate
//! (a module each) with recording calls written for what the declaration
//! says, the way the README shows (`new`, `Default`, `register`,
//! `MetricFamily::descriptor()`, one call per field with its labels); `cargo
//! check` must report exactly the macro's own errors for each module, and
//! nothing else: no error of rustc's, no warning. That is the fallback's
//! promise, checked on a few hundred mistakes instead of the UI cases alone.
//!
//! The crate is written to `target/corpus-check/` and checked with its own
//! target directory there (the first run builds the runtime's dependencies
//! for `check`, about a minute; later runs only the crate).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use proc_macro2::TokenStream;

/// One module of the batch: its source and the messages the macros give.
struct Module {
    what: String,
    source: String,
    expected: Vec<String>,
}

const KIND_NAMES: [&str; 4] = ["Counter", "Gauge", "FloatGauge", "Histogram"];

/// The enums the corpus's label types name.
const PRELUDE: &str = "#![deny(warnings)]\n\
#[derive(Clone, Copy, metrics_runtime::LabelValue)]\npub enum A { X, Y }\n\
#[derive(Clone, Copy, metrics_runtime::LabelValue)]\npub enum B { X, Y }\n";

/// Messages as compared: line numbers in them (`(line 6)`) differ between
/// the corpus's own parse and the file.
fn normalize(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("(line ") {
        out.push_str(&rest[..i]);
        out.push_str("(line N)");
        let after = &rest[i + 6..];
        rest = after.find(')').map_or("", |j| &after[j + 1..]);
    }
    out.push_str(rest);
    out
}

/// `text` without its doc comments and string literals (`/// A` and
/// `name = "A"` name no type).
fn code(text: &str) -> String {
    let lines = text
        .lines()
        .map(|line| line.split("///").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::with_capacity(lines.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in lines.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push_str("\"\"");
        } else {
            out.push(c);
        }
    }
    out
}

/// `attr` without its `alert(...)` and `record(...)` lists, whose
/// `labels(...)` are an alert's, not the metric's.
fn without_rules(attr: &str) -> String {
    let mut out = String::new();
    let mut rest = attr;
    while let Some(start) = ["alert(", "record("]
        .iter()
        .filter_map(|key| rest.find(key).map(|i| (i, key.len())))
        .min()
    {
        out.push_str(&rest[..start.0]);
        let mut depth = 1;
        let mut end = rest.len();
        for (i, c) in rest[start.0 + start.1..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = start.0 + start.1 + i + 1;
                break;
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The kinds a user writing `item` imports: those it names, and the one a
/// misspelling means (`Countr`).
fn kinds_used(item: &str) -> Vec<&'static str> {
    let mut used = Vec::new();
    // A kind at the end of a path (`prometheus_client::...::Counter`) is
    // not imported.
    let item = item
        .split("::")
        .map(|part| part.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_'))
        .collect::<Vec<_>>();
    let first = item.first().copied().unwrap_or_default();
    let item = format!("{first} {}", item[1..].join(" "));
    for word in words(&item) {
        let kind = KIND_NAMES
            .iter()
            .find(|k| **k == word)
            .copied()
            .or_else(|| {
                crate::names::closest(word, &KIND_NAMES)
                    .filter(|_| word.starts_with(char::is_uppercase))
            });
        if let Some(kind) = kind {
            if !used.contains(&kind) {
                used.push(kind);
            }
        }
    }
    used
}

/// A value of a declared label type, as a user would pass it.
fn value_of(ty: &str) -> String {
    let ty = ty.trim();
    match ty {
        "A" | "B" => format!("{ty}::X"),
        t if t.ends_with("String") || t.contains("str") => "\"x\"".to_owned(),
        t if t.starts_with("Option") => "Some(A::X)".to_owned(),
        t if t.starts_with('u') || t.starts_with('i') => "1".to_owned(),
        _ => "A::X".to_owned(),
    }
}

/// The label types a `#[metric(...)]` text declares, read plainly: each
/// element of `labels(...)` (or a misspelling of the key), by what follows
/// `:` or `=`, or the element itself when it is a type.
fn declared_labels(attr: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut rest = attr;
    while let Some((start, key)) = ["labels(", "lables(", "label("]
        .iter()
        .filter_map(|key| rest.find(key).map(|i| (i, key.len())))
        .min()
    {
        rest = &rest[start + key..];
        all.extend(one_list(rest));
    }
    if let Some(i) = attr.find("labels=\"") {
        let names = attr[i + 8..].split('"').next().unwrap_or_default();
        all.extend(
            names
                .split(',')
                .filter(|n| !n.trim().is_empty())
                .map(|_| "A".to_owned()),
        );
    }
    all
}

/// The label types of one `labels(` list, from just after its `(`.
fn one_list(text: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut elements = vec![String::new()];
    for c in text.chars() {
        match c {
            '(' | '<' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' => depth -= 1,
            ',' if depth == 0 => {
                elements.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = elements.last_mut() {
            last.push(c);
        }
    }
    elements
        .into_iter()
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .map(|e| match e.split_once([':', '=']) {
            Some((_, ty)) if !ty.trim().is_empty() => ty.trim().to_owned(),
            Some(_) => "A".to_owned(),
            None if e.starts_with(char::is_uppercase) => e,
            None => "A".to_owned(),
        })
        .collect()
}

/// The recording call for one field: its kind's first method, with the
/// declared labels.
fn recording(field: &syn::Field) -> Option<String> {
    let ident = field.ident.as_ref()?;
    let ty = quote::ToTokens::to_token_stream(&field.ty)
        .to_string()
        .replace(' ', "");
    let attrs: String = field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("metric"))
        .map(|a| {
            quote::ToTokens::to_token_stream(a)
                .to_string()
                .replace(' ', "")
        })
        .collect();
    let mut args: Vec<String> = declared_labels(&without_rules(&attrs))
        .iter()
        .map(|t| value_of(t))
        .collect();
    if args.is_empty() {
        // `Counter<(A,)>`: the labels written on the type.
        if let Some(inner) = ty.split("<(").nth(1) {
            args = inner
                .split(')')
                .next()
                .unwrap_or_default()
                .split(',')
                .filter(|t| !t.trim().is_empty())
                .map(value_of)
                .collect();
        }
    }
    let last = words(&ty)
        .into_iter()
        .rev()
        .find(|w| w.starts_with(char::is_uppercase))
        .unwrap_or_default()
        .to_owned();
    let kind = KIND_NAMES
        .iter()
        .find(|k| **k == last)
        .copied()
        .or_else(|| crate::names::closest(&last, &KIND_NAMES));
    let method = match kind {
        Some("Gauge") => {
            args.push("1".to_owned());
            "set"
        }
        Some("FloatGauge") => {
            args.push("0.5".to_owned());
            "set"
        }
        Some("Histogram") => {
            args.push("0.5".to_owned());
            "observe"
        }
        _ => "inc",
    };
    let cfg = if field.attrs.iter().any(|a| a.path().is_ident("cfg")) {
        "#[cfg(any())] "
    } else {
        ""
    };
    Some(format!(
        "    {cfg}m.{ident}.{method}({});\n",
        args.join(", ")
    ))
}

/// A family entry as a module, if it is one struct with named fields.
fn family_module(index: usize, args: &str, item: &str, expected: Vec<String>) -> Option<Module> {
    let file: syn::File = syn::parse_str(item).ok()?;
    let [syn::Item::Struct(strukt)] = &file.items[..] else {
        return None;
    };
    let syn::Fields::Named(fields) = &strukt.fields else {
        return None;
    };
    let name = &strukt.ident;
    let mut source = String::new();
    let _ = writeln!(source, "mod family_{index} {{");
    let code = code(item);
    let kinds = kinds_used(&code);
    let _ = writeln!(
        source,
        "use metrics_runtime::{{metrics_family{}}};",
        kinds.iter().map(|k| format!(", {k}")).collect::<String>()
    );
    let item_words = words(&code);
    for label in ["A", "B"] {
        if item_words.contains(&label) {
            let _ = writeln!(source, "use super::{label};");
        }
    }
    let _ = writeln!(source, "#[metrics_family({args})]\n{item}");
    let _ = writeln!(source, "pub fn record() {{");
    // `new` takes the constant labels' values; `Default` is for a family
    // without them.
    // (Every `const_labels(...)` list: two read as the labels of both.)
    let consts: Vec<String> = args
        .match_indices("const_labels(")
        .flat_map(|(i, key)| one_list(&args[i + key.len()..]))
        .map(|t| match value_of(&t).as_str() {
            "\"x\"" => "\"x\".to_owned()".to_owned(),
            v => v.to_owned(),
        })
        .collect();
    let _ = writeln!(source, "    let m = {name}::new({});", consts.join(", "));
    if consts.is_empty() {
        let _ = writeln!(
            source,
            "    let _ = <{name} as ::core::default::Default>::default();"
        );
    }
    source.push_str("    let mut registry = metrics_runtime::prometheus_client::registry::Registry::default();\n");
    source.push_str("    m.register(&mut registry).unwrap();\n");
    let _ = writeln!(
        source,
        "    let _ = <{name} as metrics_runtime::MetricFamily>::descriptor().metrics.len();"
    );
    for field in &fields.named {
        source.push_str(&recording(field)?);
    }
    source.push_str("}\n}\n");
    Some(Module {
        what: format!("#[metrics_family({args})] {item}"),
        source,
        expected,
    })
}

/// A label enum entry as a module: the enum, a family labelled by it, and a
/// recording with a value of it.
fn enum_module(index: usize, item: &str, expected: Vec<String>) -> Module {
    // The type as a label: with arguments where the enum has parameters.
    let label = if item.contains("<T>") {
        "E<u8>"
    } else if item.contains("<'a>") {
        "E<'static>"
    } else if item.contains("<const") {
        "E<1>"
    } else {
        "E"
    };
    let source = format!(
        "mod label_{index} {{\nuse metrics_runtime::{{metrics_family, Counter, LabelValue}};\n\
#[derive(Clone, Copy, LabelValue)]\n{item}\n\
#[metrics_family]\npub struct S {{\n    /// Help\n    #[metric(labels(e: {label}))]\n    field: Counter,\n}}\n\
pub fn record(e: {label}) {{\n    let m = S::new();\n    let mut registry = metrics_runtime::prometheus_client::registry::Registry::default();\n    m.register(&mut registry).unwrap();\n    m.field.inc(e);\n}}\n}}\n"
    );
    Module {
        what: item.to_owned(),
        source,
        expected,
    }
}

fn messages(error: syn::Error) -> Vec<String> {
    error
        .into_iter()
        .map(|e| normalize(&e.to_string()))
        .collect()
}

/// The modules of the batch: families from the corpus, label enums.
fn modules(
    families: &[(String, String)],
    enums: &[&str],
    family_errors: impl Fn(&str, &str) -> Option<syn::Error>,
) -> Vec<Module> {
    let mut modules = Vec::new();
    for (i, (args, item)) in families.iter().enumerate() {
        if let Some(error) = family_errors(args, item) {
            if let Some(m) = family_module(i, args, item, messages(error)) {
                modules.push(m);
            }
        }
    }
    for (i, item) in enums.iter().enumerate() {
        let Ok(input) = syn::parse_str::<syn::DeriveInput>(item) else {
            continue;
        };
        if let Err(error) = crate::label_value::expand(&input) {
            modules.push(enum_module(i, item, messages(error)));
        }
    }
    modules
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// Writes the batch crate and checks it; the diagnostics per source line.
fn check(source: &str) -> BTreeMap<usize, Vec<(String, String)>> {
    let root = workspace();
    let dir = root.join("target").join("corpus-check");
    std::fs::create_dir_all(dir.join("src")).expect("creating the batch crate");
    let runtime = root.join("metrics-runtime");
    let manifest = format!(
        "[package]\nname = \"corpus-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
[dependencies]\nmetrics-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("writing Cargo.toml");
    // The workspace's versions, so nothing is resolved anew.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    std::fs::write(dir.join("src").join("lib.rs"), source).expect("writing the batch");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("running cargo check");
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() || text.contains("src/lib.rs:"),
        "cargo check of the batch failed before checking it:\n{text}"
    );
    let mut found: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for line in text.lines() {
        // `src/lib.rs:12:5: error: message` / `...: error[E0599]: ...`
        let Some(rest) = line.strip_prefix("src/lib.rs:") else {
            assert!(
                !line.starts_with("error: could not compile") || text.contains("src/lib.rs:"),
                "the batch did not build:\n{text}"
            );
            continue;
        };
        let mut parts = rest.splitn(3, ':');
        let (Some(line_no), Some(_col), Some(diag)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(line_no) = line_no.parse::<usize>() else {
            continue;
        };
        let diag = diag.trim();
        let (level, message) = diag.split_once(": ").unwrap_or((diag, ""));
        found
            .entry(line_no)
            .or_default()
            .push((level.to_owned(), normalize(message)));
    }
    found
}

/// Checks the batch: for each module, the diagnostics on its lines are
/// exactly its expected messages, all errors.
pub fn run(
    families: &[(String, String)],
    enums: &[&str],
    family_errors: impl Fn(&str, &str) -> Option<syn::Error>,
) {
    let modules = modules(families, enums, family_errors);
    assert!(modules.len() > 250, "only {} modules", modules.len());
    let label_enums = modules
        .iter()
        .filter(|m| m.source.starts_with("mod label_"))
        .count();
    println!(
        "{} declarations and {label_enums} label enums type-checked with their recording calls",
        modules.len() - label_enums
    );
    let quoted = format!(
        "type-checks the {} that are structs with named fields and the {label_enums} label enums",
        modules.len() - label_enums
    );
    assert!(
        super::readme().contains(&quoted),
        "the README should say {quoted}"
    );
    let mut source = String::from(PRELUDE);
    let mut ranges = Vec::new();
    for m in &modules {
        let start = source.lines().count() + 1;
        source.push_str(&m.source);
        ranges.push((start, source.lines().count()));
    }
    let found = check(&source);
    let mut wrong = Vec::new();
    for (m, (start, end)) in modules.iter().zip(&ranges) {
        let mut got: Vec<(String, String)> = found
            .range(start..=end)
            .flat_map(|(_, d)| d.iter().cloned())
            .collect();
        let mut expected: Vec<(String, String)> = m
            .expected
            .iter()
            .map(|e| ("error".to_owned(), e.clone()))
            .collect();
        got.sort();
        expected.sort();
        if got != expected {
            let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            wrong.push(format!(
                "{}\n  more: {extra:?}\n  missing: {missing:?}",
                m.what
            ));
        }
    }
    let outside: Vec<_> = found
        .iter()
        .filter(|(line, _)| !ranges.iter().any(|(s, e)| (s..=e).contains(line)))
        .collect();
    assert!(
        outside.is_empty(),
        "diagnostics outside every module: {outside:?}"
    );
    assert!(
        wrong.is_empty(),
        "{} of {} declarations type-check with errors other than the macro's:\n{}",
        wrong.len(),
        modules.len(),
        wrong.join("\n")
    );
}

/// The macro's errors for one family entry, if it has any.
pub fn family_errors(args: &str, item: &str) -> Option<syn::Error> {
    let args: TokenStream = args.parse().ok()?;
    let item: TokenStream = item.parse().ok()?;
    match crate::expand::try_expand(args, item) {
        Err(crate::expand::Failure::Invalid(_, e)) => Some(e),
        _ => None,
    }
}
