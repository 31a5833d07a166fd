//! The real parsers, when installed: Debian's `/usr/bin/python3` with
//! `prometheus_client.openmetrics.parser` (strict OpenMetrics) and
//! `promtool check metrics` (0.0.4, parse and lint). A missing tool prints a
//! notice and the check is skipped, unless `METRICS_EXTERNAL_PARSERS=require`
//! is set, which makes it a failure.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const PYTHON: &str = "/usr/bin/python3";

/// Parses stdin with the strict OpenMetrics parser and prints every sample's
/// `context_id` label, per sample name, as JSON.
pub const PYTHON_LABELS: &str = r#"
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
text = sys.stdin.buffer.read().decode("utf-8")
values = {}
for family in text_string_to_metric_families(text):
    for s in family.samples:
        if "context_id" in s.labels:
            values.setdefault(s.name, []).append(s.labels["context_id"])
json.dump(values, sys.stdout)
"#;

/// Whether a missing external tool is a failure rather than a notice.
fn required() -> bool {
    std::env::var("METRICS_EXTERNAL_PARSERS").is_ok_and(|v| v == "require")
}

fn missing(what: &str) {
    assert!(
        !required(),
        "{what} is missing and METRICS_EXTERNAL_PARSERS=require is set (on Debian: apt-get install python3-prometheus-client prometheus)"
    );
    eprintln!(
        "notice: {what} is missing; skipping this check (METRICS_EXTERNAL_PARSERS=require makes it fail)"
    );
}

fn run(mut command: Command, input: &str) -> (bool, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning the parser");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("writing the exposition");
    let out = child.wait_with_output().expect("waiting for the parser");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Runs `script` on `text` with the Python OpenMetrics parser available:
/// `Some((succeeded, stdout and stderr))`, or `None` if it is not installed.
pub fn python_openmetrics(script: &str, text: &str) -> Option<(bool, String)> {
    let probe = Command::new(PYTHON)
        .args(["-c", "import prometheus_client.openmetrics.parser"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        missing("/usr/bin/python3 with prometheus_client.openmetrics.parser");
        return None;
    }
    let mut python = Command::new(PYTHON);
    python.args(["-c", script]);
    Some(run(python, text))
}

/// Runs `promtool check metrics` on `text` (0.0.4): `Some((accepted,
/// output))`, or `None` if promtool is not installed.
pub fn promtool(text: &str) -> Option<(bool, String)> {
    let found = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(promtool) = found else {
        missing("promtool");
        return None;
    };
    let mut command = Command::new(promtool);
    command.args(["check", "metrics"]);
    Some(run(command, text))
}
