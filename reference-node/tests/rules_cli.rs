//! `reference-node rules` prints the catalogue's rule file: the committed
//! `docs/reference-rules.yml`, and with `--for` every alert's `for` replaced.

use std::process::Command;

fn rules(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reference-node"))
        .arg("rules")
        .args(args)
        .output()
        .expect("runs reference-node");
    (
        out.status.success(),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn rules_prints_the_committed_rule_file() {
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/reference-rules.yml"),
    )
    .expect("docs/reference-rules.yml");
    let (ok, printed) = rules(&[]);
    assert!(ok);
    assert_eq!(printed, committed);
}

#[test]
fn for_replaces_every_alerts_for() {
    let (ok, printed) = rules(&["--for", "0s"]);
    assert!(ok);
    let alerts = printed.matches("      - alert: ").count();
    assert_eq!(alerts, 14);
    assert_eq!(printed.matches("        for: 0s\n").count(), alerts);
    assert!(!printed.contains("for: 5m"));
    let (ok, _) = rules(&["--for", "soon"]);
    assert!(!ok, "a duration Prometheus cannot read is refused");
}
