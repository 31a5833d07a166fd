//! Every example in this crate's docs compiles for a user who depends on
//! `metrics-runtime` alone: such a user has no `prometheus_client` crate,
//! only the re-export `metrics_runtime::prometheus_client`. The doctests
//! cannot catch a bare `prometheus_client::` (this crate depends on
//! prometheus-client directly, so doctests see it), so this test reads the
//! doc comments of `src/` and of the runtime's `metrics-runtime-core/src/`
//! and fails on one.

use std::path::{Path, PathBuf};

/// A bare `prometheus_client::` path in a doc example: file, line, text.
#[derive(Debug, PartialEq)]
struct BarePath {
    file: String,
    line: usize,
    text: String,
}

/// The text of a doc-comment line (`///` or `//!`), if `line` is one.
fn doc_text(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    trimmed.strip_prefix("//!").or_else(|| {
        trimmed
            .strip_prefix("///")
            .filter(|_| !trimmed.starts_with("////"))
    })
}

/// Whether a code-fence info string (after the backticks) is Rust, as
/// rustdoc reads it: no info, or attributes such as `no_run`,
/// `compile_fail,E0277`, `ignore`; not `text`, `toml`, `sh` and the like.
fn is_rust(info: &str) -> bool {
    info.split([',', ' '])
        .map(str::trim)
        .filter(|attr| !attr.is_empty())
        .all(|attr| {
            matches!(
                attr,
                "rust" | "no_run" | "ignore" | "should_panic" | "compile_fail" | "edition2021"
            ) || attr.starts_with('E') && attr[1..].chars().all(|c| c.is_ascii_digit())
        })
}

/// Every occurrence of `prometheus_client::` in `code` that is not the
/// re-export `metrics_runtime::prometheus_client::`.
fn has_bare_path(code: &str) -> bool {
    code.match_indices("prometheus_client::").any(|(at, _)| {
        let before = &code[..at];
        !before.ends_with("metrics_runtime::")
    })
}

/// The fence state after a fence line with `info`: a fence line opens a
/// block outside one; inside, only a bare fence closes it (as in CommonMark,
/// a closing fence has no info string).
fn at_fence(fence: Option<bool>, info: &str) -> Option<bool> {
    match fence {
        None => Some(is_rust(info)),
        Some(_) if info.trim().is_empty() => None,
        open => open,
    }
}

/// The bare paths in the doc examples of one file's source.
fn bare_paths(file: &str, source: &str) -> Vec<BarePath> {
    let mut found = Vec::new();
    // `Some(is_rust)` inside a fence.
    let mut fence: Option<bool> = None;
    for (i, line) in source.lines().enumerate() {
        let Some(text) = doc_text(line) else {
            // A raw `#[doc = "```..."]` fence (the crate docs' serving
            // example opens this way, per feature).
            if let Some(at) = line.find("doc = \"```") {
                fence = at_fence(fence, line[at + 10..].split('"').next().unwrap_or_default());
            }
            continue;
        };
        let text = text.trim_start();
        if let Some(info) = text.strip_prefix("```") {
            fence = at_fence(fence, info);
            continue;
        }
        if fence == Some(true) && has_bare_path(text) {
            found.push(BarePath {
                file: file.to_owned(),
                line: i + 1,
                text: text.to_owned(),
            });
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ is readable").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn doc_examples_use_the_re_exported_prometheus_client() {
    // This crate's sources and the runtime's it re-exports, whose docs are
    // the ones users read under `metrics_runtime::`.
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut examples = 0;
    for src in [here.join("src"), here.join("../metrics-runtime-core/src")] {
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        assert!(
            files.iter().any(|f| f.ends_with("lib.rs")),
            "no src/lib.rs under {}",
            src.display()
        );
        for file in &files {
            let source = std::fs::read_to_string(file).expect("source is readable");
            examples += source
                .lines()
                .filter_map(doc_text)
                .filter(|t| t.trim_start().starts_with("```"))
                .count();
            let name = file
                .strip_prefix(here)
                .unwrap_or(file)
                .display()
                .to_string();
            found.extend(bare_paths(&name, &source));
        }
    }
    // The scan saw the examples (a fence opens and closes each).
    assert!(examples >= 20, "only {examples} fences found");
    assert!(
        found.is_empty(),
        "doc examples that a user of metrics-runtime alone cannot compile; \
         write `metrics_runtime::prometheus_client::...`:\n{found:#?}"
    );
}

#[test]
fn the_scan_finds_a_bare_path_and_only_in_rust_examples() {
    let source = r#"
//! ```
//! use metrics_runtime::prometheus_client::registry::Registry;
//! ```
/// Links to [`Registry`](prometheus_client::registry::Registry) are fine.
///
/// ```no_run
/// use prometheus_client::registry::Registry;
/// let c = ::prometheus_client::metrics::counter::Counter::<u64>::default();
/// ```
///
/// ```text
/// prometheus_client::registry::Registry
/// ```
fn f() {
    let _ = prometheus_client::registry::Registry::default();
}
#![cfg_attr(feature = "axum", doc = "```no_run")]
#![cfg_attr(not(feature = "axum"), doc = "```ignore")]
//! let r = prometheus_client::registry::Registry::default();
//! ```
//! prometheus_client:: outside an example
"#;
    let found = bare_paths("x.rs", source);
    let lines: Vec<usize> = found.iter().map(|f| f.line).collect();
    assert_eq!(lines, [8, 9, 20], "{found:#?}");
    assert!(is_rust(""));
    assert!(is_rust("compile_fail,E0277"));
    assert!(!is_rust("toml"));
}
