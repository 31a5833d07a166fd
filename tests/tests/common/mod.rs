//! What several test files share: comparing output with a committed golden
//! file.

use std::path::{Path, PathBuf};

/// `path` under this package's directory (`tests/`).
pub fn in_package(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Fails unless `path` holds exactly `actual`, naming the first line that
/// differs. With `GOLDEN=overwrite`, writes `actual` to `path` instead
/// (then review the diff), as trybuild's `TRYBUILD=overwrite` does.
pub fn check_golden(path: &Path, actual: &str) {
    if std::env::var("GOLDEN").as_deref() == Ok("overwrite") {
        std::fs::write(path, actual).expect("golden file is writable");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run with GOLDEN=overwrite to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             if the change is intended, rerun with GOLDEN=overwrite and review the diff",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first),
        );
    }
}
