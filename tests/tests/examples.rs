//! What README.md's "Examples" section promises about `examples/`: each
//! example is a workspace member linked from the README with its run
//! command, and depends on `metrics-runtime` alone (plus axum and tokio for
//! the axum one) with exactly the `[dependencies]` lines the README's
//! "Serving" section gives, the axum example adding `matched-path` only.
//! (That each runs and prints a scrape the strict parsers accept is each
//! example's own `tests/scrape.rs`.)

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lines of a manifest's `[dependencies]` table, without comments and
/// blank lines, with the workspace's path to the runtime written as a
/// user's version requirement.
fn dependencies(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| *l != "[dependencies]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.replace(
                "metrics-runtime = { path = \"../../metrics-runtime\" }",
                "metrics-runtime = \"0.1\"",
            )
            .replace("path = \"../../metrics-runtime\"", "version = \"0.1\"")
        })
        .collect()
}

/// The `[dependencies]` lines of the README block right before the first
/// Rust block after `heading`.
fn readme_dependencies(readme: &str, heading: &str) -> Vec<String> {
    let after = &readme[readme.find(heading).unwrap_or_else(|| panic!("{heading}"))..];
    let block = &after
        [after.find("```toml\n[dependencies]\n").unwrap() + "```toml\n[dependencies]\n".len()..];
    block[..block.find("```").unwrap()]
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_example_is_a_member_linked_from_the_readme_with_its_command() {
    let readme = read("README.md");
    let workspace = read("Cargo.toml");
    for (dir, command) in [
        ("axum-service", Some("cargo run -p example-axum-service")),
        ("plain-service", Some("cargo run -p example-plain-service")),
        ("pool-lib", None),
        ("pool-app", Some("cargo run -p example-pool-app")),
    ] {
        assert!(
            workspace.contains(&format!("\"examples/{dir}\"")),
            "{dir} is not a member"
        );
        assert!(
            readme.contains(&format!("](examples/{dir}/src/")),
            "README.md does not link {dir}"
        );
        if let Some(command) = command {
            assert!(
                readme.contains(&format!("`{command}`")),
                "README.md lacks `{command}`"
            );
        }
        let manifest = read(&format!("examples/{dir}/Cargo.toml"));
        assert!(
            manifest.contains("\npublish = false\n"),
            "{dir} may be published"
        );
    }
}

#[test]
fn the_examples_depend_on_what_the_readme_says() {
    let readme = read("README.md");
    let axum = readme_dependencies(&readme, "**In an axum application**");
    let serve = readme_dependencies(&readme, "**On a background thread, no async runtime**");
    let bare = readme_dependencies(&readme, "**Yourself**");

    let with_matched_path: Vec<String> = axum
        .iter()
        .map(|l| {
            l.replace(
                "\"http1\", \"tokio\"]",
                "\"http1\", \"tokio\", \"matched-path\"]",
            )
        })
        .collect();
    assert_ne!(
        with_matched_path, axum,
        "the README's axum line changed shape"
    );
    assert_eq!(
        dependencies(&read("examples/axum-service/Cargo.toml")),
        with_matched_path
    );
    assert_eq!(
        dependencies(&read("examples/plain-service/Cargo.toml")),
        serve
    );
    assert_eq!(dependencies(&read("examples/pool-lib/Cargo.toml")), bare);
    let mut app = serve.clone();
    app.push("example-pool-lib = { path = \"../pool-lib\" }".to_owned());
    assert_eq!(dependencies(&read("examples/pool-app/Cargo.toml")), app);
}
