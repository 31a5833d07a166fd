//! The runtime crate builds without the macros: `metrics-runtime-core`
//! does not depend, even indirectly, on `metrics-macros` or darling, so a
//! cold build compiles it beside them rather than after them (README.md,
//! "Layout"; BENCHMARKS.md has what it saves). Read from `cargo tree`.

use std::process::Command;

/// The packages `package` depends on for a build (normal dependencies, any
/// feature of the workspace's), one name a line.
fn build_dependencies(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "--edges", "normal", "--prefix", "none"])
        .args(["--format", "{p}", "--all-features", "--package", package])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("cargo tree writes UTF-8")
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_runtime_builds_without_the_macros() {
    let core = build_dependencies("metrics-runtime-core");
    // The listing is the real tree: the runtime's own dependencies are in it.
    assert!(core.iter().any(|p| p == "prometheus-client"), "{core:?}");
    for macro_side in [
        "metrics-macros",
        "darling",
        "darling_core",
        "metrics-runtime",
    ] {
        assert!(
            !core.iter().any(|p| p == macro_side),
            "metrics-runtime-core depends on {macro_side}: a cold build would \
             compile the runtime only after the macros"
        );
    }
    // And the facade brings both.
    let facade = build_dependencies("metrics-runtime");
    for needed in ["metrics-runtime-core", "metrics-macros"] {
        assert!(facade.iter().any(|p| p == needed), "{facade:?}");
    }
}
