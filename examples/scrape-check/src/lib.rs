//! What the examples' tests share: running an example's binary, bounded in
//! time, and parsing the scrape it prints with the real parsers, Python's
//! strict OpenMetrics parser (Debian's `python3-prometheus-client`) and
//! `promtool check metrics`.
//!
//! A missing parser prints a notice and its check is skipped, unless
//! `METRICS_EXTERNAL_PARSERS=require` is set (`scripts/test` sets it), which
//! makes it a failure, as in `metrics-runtime/tests/common/external.rs`.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long an example may run before its test fails.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Runs the example binary `bin` with `args` and returns its stdout; panics,
/// with its stderr, if it does not exit successfully within [`DEADLINE`].
pub fn run(bin: &str, args: &[&str]) -> String {
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawning {bin}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the example") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            // Only the child this test started.
            let _ = child.kill();
            let _ = child.wait();
            panic!("{bin} {args:?} ran longer than {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        status.success(),
        "{bin} {args:?} failed ({status}):\n{stderr}"
    );
    stdout
}

/// Python's strict OpenMetrics parser: prints every sample as
/// `name{labels} value` (`name value` without labels), labels sorted, one a
/// line, or fails.
const STRICT_OPENMETRICS: &str = r#"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
text = sys.stdin.buffer.read().decode("utf-8")
for family in text_string_to_metric_families(text):
    for s in family.samples:
        labels = ",".join('%s="%s"' % kv for kv in sorted(s.labels.items()))
        print("%s%s %r" % (s.name, "{%s}" % labels if labels else "", s.value))
"#;

fn required() -> bool {
    std::env::var("METRICS_EXTERNAL_PARSERS").is_ok_and(|v| v == "require")
}

fn missing(what: &str) {
    assert!(
        !required(),
        "{what} is missing and METRICS_EXTERNAL_PARSERS=require is set (scripts/install-test-deps installs it)"
    );
    eprintln!("notice: {what} is missing; skipping this check (METRICS_EXTERNAL_PARSERS=require makes it fail)");
}

fn pipe(mut command: Command, input: &str) -> (bool, String, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning the parser");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("writing the scrape");
    let out = child.wait_with_output().expect("waiting for the parser");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Parses `scrape` with the strict OpenMetrics parser and returns its
/// samples, one `name{labels} value` a line (labels sorted, values as
/// Python's `repr` of what it parsed: `15` for a counter, `0.25` for a sum); panics if it does not parse. `None` if the parser is
/// not installed (and not required).
pub fn strict_openmetrics(scrape: &str) -> Option<Vec<String>> {
    let python = "/usr/bin/python3";
    let probe = Command::new(python)
        .args(["-c", "import prometheus_client.openmetrics.parser"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        missing("/usr/bin/python3 with prometheus_client.openmetrics.parser");
        return None;
    }
    let mut command = Command::new(python);
    command.args(["-c", STRICT_OPENMETRICS]);
    let (ok, stdout, stderr) = pipe(command, scrape);
    assert!(
        ok,
        "the strict OpenMetrics parser rejects the scrape:\n{stderr}\n{scrape}"
    );
    Some(stdout.lines().map(str::to_owned).collect())
}

/// Checks `scrape` (the 0.0.4 text format) with `promtool check metrics`,
/// which parses it and lints it; panics on any finding. Skipped (with a
/// notice) if promtool is not installed and not required.
pub fn promtool(scrape: &str) {
    let found = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(promtool) = found else {
        missing("promtool");
        return;
    };
    let mut command = Command::new(promtool);
    command.args(["check", "metrics"]);
    let (ok, stdout, stderr) = pipe(command, scrape);
    assert!(
        ok,
        "promtool check metrics rejects the scrape:\n{stdout}{stderr}\n{scrape}"
    );
}

/// Asserts that `scrape` holds each of `lines` as a whole line.
pub fn assert_lines(scrape: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            scrape.lines().any(|l| l == *line),
            "the scrape lacks the line\n{line}\nin\n{scrape}"
        );
    }
}
