//! What the README promises about itself, beyond its doctests: each way of
//! serving builds from exactly the `[dependencies]` lines the README gives
//! for it (in a crate of its own, with nothing else), and the count of
//! compile-fail cases it quotes is the count in `ui-tests/fail/`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// Every fenced block, as (info string, body).
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == "```" {
                break;
            }
            body.push_str(line);
            body.push('\n');
        }
        out.push((info.to_owned(), body));
    }
    out
}

/// Each `[dependencies]` block and the program right after it.
fn ways(text: &str) -> Vec<(String, String)> {
    let blocks = blocks(text);
    blocks
        .iter()
        .zip(blocks.iter().skip(1))
        .filter(|((info, body), (next, program))| {
            info == "toml"
                && body.starts_with("[dependencies]")
                && next.starts_with("rust")
                && program.contains("fn main")
        })
        .map(|((_, deps), (_, program))| (deps.clone(), program.clone()))
        .collect()
}

#[test]
fn each_way_of_serving_builds_from_the_dependencies_the_readme_gives() {
    let text = readme();
    let ways = ways(&text);
    assert_eq!(ways.len(), 3, "serve, axum, and by hand");
    let runtime = root().join("metrics-runtime").canonicalize().unwrap();
    let target = root().join("target").join("readme-ways");
    for (n, (deps, program)) in ways.iter().enumerate() {
        // The README's lines, with the unpublished runtime by path.
        let deps = deps
            .lines()
            .map(|line| match line.strip_prefix("metrics-runtime = ") {
                Some("\"0.1\"") => format!("metrics-runtime = {{ path = {runtime:?} }}"),
                Some(spec) => {
                    assert!(spec.contains("version = \"0.1\""), "{line}");
                    format!(
                        "metrics-runtime = {}",
                        spec.replace("version = \"0.1\"", &format!("path = {runtime:?}"))
                    )
                }
                None => line.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let dir = target.join(format!("way-{n}"));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"readme-way-{n}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n{deps}\n"),
        )
        .unwrap();
        std::fs::write(dir.join("src/main.rs"), program).unwrap();
        // The workspace's versions, so the build needs nothing new.
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        let out = Command::new(env!("CARGO"))
            .args(["build", "--offline", "--quiet"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "way {n} does not build from\n{deps}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_fail_case_count_is_the_count_of_cases() {
    let mut cases = 0;
    for topic in std::fs::read_dir(root().join("ui-tests/fail")).unwrap() {
        for case in std::fs::read_dir(topic.unwrap().path()).unwrap() {
            if case.unwrap().path().extension().is_some_and(|e| e == "rs") {
                cases += 1;
            }
        }
    }
    let quoted = format!("`ui-tests/fail/` holds {cases} cases");
    assert!(readme().contains(&quoted), "the README should say {quoted}");
}

/// The README: each fail case that declares a metric records "into it in
/// `main`", so a cascade at a recording site would show in its snapshot.
/// A case declares a metric when a field has one of our kinds; it records
/// when a function after the declaration calls a recording method.
#[test]
fn every_fail_case_records_in_main() {
    let quoted = "each that declares a metric\nrecording into it in `main`";
    assert!(readme().contains(quoted), "the README should say {quoted}");
    const KINDS: &[&str] = &[
        "Counter",
        "Gauge",
        "FloatGauge",
        "Histogram",
        "NativeHistogram",
        "Info",
        "StateSet",
    ];
    const RECORDS: &[&str] = &[
        ".inc(",
        ".inc_by(",
        ".dec(",
        ".dec_by(",
        ".set(",
        ".observe(",
        ".observe_duration(",
        ".start_timer(",
        ".with(",
        ".with_free(",
        "_with_exemplar(",
        ".get_or_create",
    ];
    let mut silent = Vec::new();
    let mut declaring = 0;
    for topic in std::fs::read_dir(root().join("ui-tests/fail")).unwrap() {
        for case in std::fs::read_dir(topic.unwrap().path()).unwrap() {
            let path = case.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let Some((declarations, functions)) = text.split_once("\nfn ") else {
                silent.push(path.display().to_string());
                continue;
            };
            let declares = declarations.lines().any(|line| {
                let Some((_, ty)) = line.split_once(": ") else {
                    return false;
                };
                let ty = ty.trim_end_matches(',').trim();
                let ty = ty.split(['<', '(']).next().unwrap_or(ty);
                KINDS
                    .iter()
                    .any(|k| ty == *k || ty.ends_with(&format!("::{k}")))
            });
            if !declares {
                continue;
            }
            declaring += 1;
            if !RECORDS.iter().any(|r| functions.contains(r)) {
                silent.push(path.display().to_string());
            }
        }
    }
    assert!(declaring > 200, "only {declaring} cases declare a metric");
    assert!(
        silent.is_empty(),
        "fail cases declaring a metric that record nothing: {silent:#?}"
    );
}

/// Each error quoted in the README's `text` blocks is its case's snapshot,
/// or a part of it, word for word.
#[test]
fn the_errors_the_readme_quotes_are_the_snapshots() {
    let mut quoted = 0;
    for (info, body) in blocks(&readme()) {
        if info != "text" {
            continue;
        }
        let Some(case) = body
            .lines()
            .find_map(|line| line.trim_start().strip_prefix("--> "))
            .and_then(|at| at.split(':').next())
            .filter(|file| file.starts_with("fail/"))
        else {
            continue;
        };
        let snapshot = root().join("ui-tests").join(case).with_extension("stderr");
        let snapshot = std::fs::read_to_string(&snapshot)
            .unwrap_or_else(|e| panic!("{}: {e}", snapshot.display()));
        assert!(
            snapshot.contains(body.trim_end()),
            "the README quotes {case} as\n{body}\nbut its snapshot is\n{snapshot}"
        );
        quoted += 1;
    }
    assert!(quoted >= 3, "only {quoted} quoted errors found");
}
