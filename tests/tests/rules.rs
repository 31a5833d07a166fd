//! The catalogue's alerting and recording rules: the generated rule file is
//! golden (`docs/reference-rules.yml`), every expression passes the lint,
//! `promtool check rules` accepts the file, and `promtool test rules` runs
//! the unit tests generated below (`tests/rules/reference-rules.test.yml`):
//! each alert stays quiet, fires, and resolves on the series fed to it.
//!
//! `GOLDEN=overwrite cargo test -p reference-tests --test rules` rewrites
//! both files from the declarations and the cases below (then review the
//! diff). promtool is Debian's `prometheus` package; without it the promtool
//! checks are skipped with a notice, unless `METRICS_EXTERNAL_PARSERS=require`
//! (as `scripts/test` sets) makes that a failure.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use metrics_catalog::Catalog;
use metrics_runtime::AlertSeverity;
use reference_node::families;

fn catalog() -> Catalog {
    Catalog::from_families(families())
}

/// Every alert and invariant the reference states, with its severity: the
/// three "Invariant Alerts", the dashboard's failure-rate alert, the usage
/// notes' thresholds, the channel's drops, latency, backlog and accounting
/// invariant, and the "TEE Self-Purge Health" alerts.
#[test]
fn the_reference_alerts_are_declared_with_its_severities() {
    use AlertSeverity::{Critical, Warning};
    let expected = [
        ("SyncProtocolDominatesMessages", Warning),
        ("SyncDurationP99High", Warning),
        ("SyncSnapshotBlocked", Warning),
        ("SyncSnapshotVerificationFailed", Critical),
        ("SyncDeltaBufferDrops", Warning),
        ("SyncHashComparisonSuccessRateLow", Warning),
        ("SyncFailureRateHigh", Warning),
        ("NetworkEventChannelAccountingMismatch", Warning),
        ("NetworkEventChannelBacklog", Warning),
        ("NetworkEventChannelDrops", Warning),
        ("NetworkEventChannelLatencyHigh", Warning),
        ("SelfPurgeSigningKeyResidue", Critical),
        ("SelfPurgeNamespaceRetained", Warning),
        ("SelfPurgeEventsDropped", Warning),
    ];
    let catalog = catalog();
    let declared: Vec<(&str, AlertSeverity)> = catalog
        .alerts()
        .map(|a| (a.alert.name, a.alert.severity))
        .collect();
    assert_eq!(declared, expected);
    let records: Vec<&str> = catalog.records().map(|r| r.record.name).collect();
    assert_eq!(records, ["network_event_channel:unaccounted_events"]);
}

/// The lint finds nothing on any declared expression, except what a rule's
/// `lint_allow` accepts, and every accepted finding is really there (so an
/// allowance cannot outlive its reason).
#[test]
fn the_lint_finds_nothing_on_any_declared_expression() {
    let catalog = catalog();
    let rules = catalog
        .alerts()
        .map(|a| (a.alert.name, a.alert.expr, a.alert.lint_allow))
        .chain(
            catalog
                .records()
                .map(|r| (r.record.name, r.record.expr, r.record.lint_allow)),
        );
    let mut linted = 0;
    for (name, expr, allow) in rules {
        let findings = promql_lint::lint(expr, &catalog);
        let unexpected: Vec<_> = findings
            .iter()
            .filter(|f| !allow.contains(&f.rule.code()))
            .collect();
        assert!(unexpected.is_empty(), "{name}: {unexpected:#?}");
        for code in allow {
            assert!(
                findings.iter().any(|f| f.rule.code() == *code),
                "{name} allows `{code}`, which the lint no longer finds; remove the allowance"
            );
        }
        linted += 1;
    }
    assert_eq!(linted, 15);
    // The one allowance: the retained count is compared raw on purpose.
    let retained = catalog
        .alerts()
        .find(|a| a.alert.name == "SelfPurgeNamespaceRetained")
        .expect("declared");
    assert_eq!(retained.alert.lint_allow, ["counter-compared-raw"]);
}

/// The rule file and the unit tests are what the declarations and the
/// cases below generate; `promtool check rules` accepts the rule file and
/// `promtool test rules` passes the unit tests: every alert is quiet, then
/// fires with its declared labels and annotations, then resolves; the
/// recording rule records the accounting gap. (One test, so that
/// `GOLDEN=overwrite` writes both files before promtool reads them.)
#[test]
fn rule_file_and_unit_tests_are_golden_and_promtool_passes_them() {
    let rules = common::in_package("../docs/reference-rules.yml");
    let tests = common::in_package("rules/reference-rules.test.yml");
    common::check_golden(&rules, &catalog().rule_file().to_yaml());
    common::check_golden(&tests, &unit_tests());
    let Some(promtool) = promtool() else { return };

    let out = Command::new(promtool)
        .args(["check", "rules"])
        .arg(&rules)
        .output()
        .expect("runs promtool");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("SUCCESS: 15 rules found"), "{text}");

    // promtool 2.42 reads `rule_files` relative to its working directory.
    let out = Command::new(promtool)
        .args(["test", "rules", "reference-rules.test.yml"])
        .current_dir(common::in_package("rules"))
        .output()
        .expect("runs promtool");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("SUCCESS"), "{text}");
}

/// Every alert has a case below in which it is quiet, then fires, then is
/// quiet again.
#[test]
fn every_alert_has_unit_tests_that_fire_and_resolve() {
    for alert in catalog().alerts() {
        let name = alert.alert.name;
        let full = CASES.iter().filter(|c| c.alert == name).any(|c| {
            let fires = c.evals.iter().position(|(_, firing)| !firing.is_empty());
            fires.is_some_and(|i| {
                c.evals[..i].iter().any(|(_, f)| f.is_empty())
                    && c.evals[i..].iter().any(|(_, f)| f.is_empty())
            })
        });
        assert!(full, "no case in which {name} is quiet, fires and resolves");
    }
}

fn promtool() -> Option<&'static str> {
    let found = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var("METRICS_EXTERNAL_PARSERS").as_deref() != Ok("require"),
            "promtool is missing and METRICS_EXTERNAL_PARSERS=require is set (on Debian: apt-get install prometheus)"
        );
        eprintln!("notice: promtool is missing; skipping (METRICS_EXTERNAL_PARSERS=require makes it fail)");
    }
    found
}

// --- The unit tests -----------------------------------------------------

/// Labels every input series carries, as a scrape of one node gives them.
const TARGET: &str = r#"job="node", instance="node-1:9464""#;

/// An evaluation time, and the label sets of the series the alert fires
/// for then (beyond its declared labels; none: it does not fire).
type Eval = (&'static str, &'static [Labels]);

/// Label names and values.
type Labels = &'static [(&'static str, &'static str)];

/// One alert's unit test: series sampled every minute, and at each
/// evaluation time the label sets of the series the alert fires for
/// (beyond its declared labels; empty: it does not fire).
struct Case {
    name: &'static str,
    alert: &'static str,
    /// `(selector, values)` in promtool's notation (`0+10x20`, `1x5`,
    /// `stale`); the target labels are added.
    series: &'static [(&'static str, &'static str)],
    evals: &'static [Eval],
}

const NODE: &[(&str, &str)] = &[("instance", "node-1:9464"), ("job", "node")];

const CASES: &[Case] = &[
    Case {
        name: "one protocol sending 95% of messages fires after 15m, and resolves when another takes half",
        alert: "SyncProtocolDominatesMessages",
        series: &[
            (r#"sync_messages_sent_total{protocol="hash_comparison"}"#, "0+95x40"),
            (r#"sync_messages_sent_total{protocol="snapshot"}"#, "0+5x25 130+95x15"),
        ],
        evals: &[
            ("10m", &[]),
            ("20m", &[&[("protocol", "hash_comparison")]]),
            ("35m", &[]),
        ],
    },
    Case {
        name: "p99 sync duration in the 20.48-40.96 s bucket fires after 5m, and resolves when sessions stop",
        alert: "SyncDurationP99High",
        series: &[
            (r#"sync_duration_seconds_bucket{protocol="snapshot", le="10.24"}"#, "0x30"),
            (r#"sync_duration_seconds_bucket{protocol="snapshot", le="20.48"}"#, "0x30"),
            (r#"sync_duration_seconds_bucket{protocol="snapshot", le="40.96"}"#, "0+10x20 200x10"),
            (r#"sync_duration_seconds_bucket{protocol="snapshot", le="+Inf"}"#, "0+10x20 200x10"),
            (r#"sync_duration_seconds_bucket{protocol="hash_comparison", le="10.24"}"#, "0+50x30"),
            (r#"sync_duration_seconds_bucket{protocol="hash_comparison", le="20.48"}"#, "0+50x30"),
            (r#"sync_duration_seconds_bucket{protocol="hash_comparison", le="40.96"}"#, "0+50x30"),
            (r#"sync_duration_seconds_bucket{protocol="hash_comparison", le="+Inf"}"#, "0+50x30"),
        ],
        evals: &[
            ("3m", &[]),
            ("10m", &[&[("protocol", "snapshot")]]),
            ("30m", &[]),
        ],
    },
    Case {
        name: "a blocked snapshot fires at once and resolves 5m later",
        alert: "SyncSnapshotBlocked",
        series: &[("sync_snapshot_blocked_total", "0 0 1x10")],
        evals: &[("1m", &[]), ("2m", &[NODE]), ("9m", &[])],
    },
    Case {
        name: "a verification failure fires at once and resolves 5m later",
        alert: "SyncSnapshotVerificationFailed",
        series: &[("sync_verification_failures_total", "0 0 1x10")],
        evals: &[("1m", &[]), ("2m", &[NODE]), ("9m", &[])],
    },
    Case {
        name: "delta buffer drops fire at once and resolve 5m later",
        alert: "SyncDeltaBufferDrops",
        series: &[("sync_buffer_drops_total", "0 0 3x10")],
        evals: &[("1m", &[]), ("2m", &[NODE]), ("9m", &[])],
    },
    Case {
        name: "hash comparison at 90% success fires after 15m, and resolves at 100%",
        alert: "SyncHashComparisonSuccessRateLow",
        series: &[
            (r#"sync_successes_total{protocol="hash_comparison"}"#, "0+90x25 2250+100x15"),
            (r#"sync_attempts_total{protocol="hash_comparison"}"#, "0+100x40"),
            // Other protocols do not count.
            (r#"sync_successes_total{protocol="snapshot"}"#, "0+1x40"),
            (r#"sync_attempts_total{protocol="snapshot"}"#, "0+100x40"),
        ],
        evals: &[("10m", &[]), ("20m", &[&[]]), ("35m", &[])],
    },
    Case {
        name: "0.2 snapshot failures a second fire after 5m, 0.05/s never, and they resolve when failures stop",
        alert: "SyncFailureRateHigh",
        series: &[
            (r#"sync_failures_total{protocol="snapshot"}"#, "0+12x20 240x20"),
            (r#"sync_failures_total{protocol="hash_comparison"}"#, "0+3x40"),
        ],
        evals: &[
            ("3m", &[]),
            ("10m", &[&[("protocol", "snapshot")]]),
            ("30m", &[]),
        ],
    },
    Case {
        name: "events counted in but never queued, processed or dropped fire after 5m, and resolve when the books balance",
        alert: "NetworkEventChannelAccountingMismatch",
        series: &[
            ("network_event_channel_received_total", "0+10x40"),
            // Processing stalls from 11m to 20m without the events being
            // queued or dropped, then the books balance again.
            ("network_event_channel_processed_total", "0+8x10 80x9 168+8x20"),
            ("network_event_channel_dropped_total", "0+2x40"),
            ("network_event_channel_depth", "0x40"),
        ],
        evals: &[("13m", &[]), ("18m", &[NODE]), ("25m", &[])],
    },
    Case {
        name: "a channel 90% full for 5m fires, and resolves when it drains",
        alert: "NetworkEventChannelBacklog",
        series: &[("network_event_channel_depth", "500 900x10 100x10")],
        evals: &[("3m", &[]), ("7m", &[NODE]), ("15m", &[])],
    },
    Case {
        name: "dropped events fire at once and resolve 5m later",
        alert: "NetworkEventChannelDrops",
        series: &[("network_event_channel_dropped_total", "0 0 5x10")],
        evals: &[("1m", &[]), ("2m", &[NODE]), ("9m", &[])],
    },
    Case {
        name: "drops every minute fire at an evaluation between two scrapes",
        alert: "NetworkEventChannelDrops",
        series: &[("network_event_channel_dropped_total", "0+5x10")],
        evals: &[("3m30s", &[NODE])],
    },
    Case {
        name: "the reference's [1m] form sees nothing of them between two scrapes",
        alert: "ReferenceAsWrittenChannelDrops",
        series: &[("network_event_channel_dropped_total", "0+5x10")],
        evals: &[("3m30s", &[]), ("6m30s", &[])],
    },
    Case {
        name: "events waiting 0.5-1 s fire after 5m, and resolve when the channel is fast again",
        alert: "NetworkEventChannelLatencyHigh",
        series: &[
            (r#"network_event_channel_processing_latency_seconds_bucket{le="0.25"}"#, "0x30"),
            (r#"network_event_channel_processing_latency_seconds_bucket{le="0.5"}"#, "0x15 0+20x15"),
            (r#"network_event_channel_processing_latency_seconds_bucket{le="1"}"#, "0+10x15 150+20x15"),
            (r#"network_event_channel_processing_latency_seconds_bucket{le="+Inf"}"#, "0+10x15 150+20x15"),
        ],
        evals: &[("3m", &[]), ("10m", &[&[]]), ("25m", &[])],
    },
    Case {
        name: "a signing-key purge failure fires at once, per branch; context_cleanup never; it resolves 15m later",
        alert: "SelfPurgeSigningKeyResidue",
        series: &[
            (
                r#"context_group_store_self_purge_failures_total{branch="namespace", class="signing_key"}"#,
                "0 0 1x20",
            ),
            (
                r#"context_group_store_self_purge_failures_total{branch="subgroup", class="context_cleanup"}"#,
                "0+1x22",
            ),
        ],
        evals: &[
            ("1m", &[]),
            (
                "2m",
                &[&[
                    ("branch", "namespace"),
                    ("class", "signing_key"),
                    ("instance", "node-1:9464"),
                    ("job", "node"),
                ]],
            ),
            ("18m", &[]),
        ],
    },
    Case {
        name: "after a clean start, a restart whose sweep retains a namespace fires, a second one too, and a clean sweep resolves it",
        alert: "SelfPurgeNamespaceRetained",
        // Each restart (a stale marker) sweeps once, before its first scrape.
        series: &[(
            r#"context_group_store_self_purge_reconcile_total{outcome="retained"}"#,
            "0x3 stale 1x3 stale 1x3 stale 0x3",
        )],
        evals: &[
            ("2m", &[]),
            (
                "6m",
                &[&[("instance", "node-1:9464"), ("job", "node"), ("outcome", "retained")]],
            ),
            (
                "11m",
                &[&[("instance", "node-1:9464"), ("job", "node"), ("outcome", "retained")]],
            ),
            ("16m", &[]),
        ],
    },
    Case {
        name: "a startup sweep that retained a namespace fires from the first scrape, across a restart that retains it again, and resolves after a clean sweep",
        alert: "SelfPurgeNamespaceRetained",
        // The sweep runs before the first scrape, so the series starts at 1;
        // a restart (the stale marker) sweeps again: 1 again, then 0.
        series: &[
            (
                r#"context_group_store_self_purge_reconcile_total{outcome="retained"}"#,
                "1x3 stale 1x3 stale 0x3",
            ),
            (
                r#"context_group_store_self_purge_reconcile_total{outcome="reconciled"}"#,
                "2x3 stale 2x3 stale 3x3",
            ),
        ],
        evals: &[
            (
                "1m",
                &[&[("instance", "node-1:9464"), ("job", "node"), ("outcome", "retained")]],
            ),
            (
                "6m",
                &[&[("instance", "node-1:9464"), ("job", "node"), ("outcome", "retained")]],
            ),
            ("10m", &[]),
        ],
    },
    Case {
        name: "the reference's form of the retained alert sees none of it: no increase within any hour",
        alert: "ReferenceAsWrittenNamespaceRetained",
        series: &[(
            r#"context_group_store_self_purge_reconcile_total{outcome="retained"}"#,
            "1x3 stale 1x3 stale 0x3",
        )],
        evals: &[("1m", &[]), ("6m", &[]), ("10m", &[])],
    },
    Case {
        name: "dropped self-purge events fire at once and resolve 5m later",
        alert: "SelfPurgeEventsDropped",
        series: &[("context_group_store_self_purge_events_dropped_total", "0 0 2x10")],
        evals: &[("1m", &[]), ("2m", &[NODE]), ("9m", &[])],
    },
];

/// The recording rule's values: `(eval time, value)` on the accounting case's
/// series.
const RECORDED: &[(&str, f64)] = &[("5m", 0.0), ("15m", 40.0), ("30m", 0.0)];

/// A series selector with the target's labels added.
fn with_target(selector: &str) -> String {
    match selector.strip_suffix('}') {
        Some(open) => format!("{open}, {TARGET}}}"),
        None => format!("{selector}{{{TARGET}}}"),
    }
}

/// `{{ $labels.x }}` of `text` filled from `labels`; any other template is
/// a mistake of these tests (promtool would expand it, and the comparison
/// fail).
fn expand(text: &str, labels: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let close = rest[open..].find("}}").expect("closed template") + open;
        let inner = rest[open + 2..close].trim();
        let label = inner
            .strip_prefix("$labels.")
            .unwrap_or_else(|| panic!("template `{inner}` is not `$labels.x`"));
        out.push_str(labels.get(label).map_or("", String::as_str));
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

fn yaml(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The promtool unit-test file for [`CASES`].
fn unit_tests() -> String {
    let catalog = catalog();
    let mut out = String::new();
    out.push_str(
        "# promtool unit tests of the declared alerts, generated by\n\
         # tests/tests/rules.rs from its cases and the declarations; do not edit by\n\
         # hand (GOLDEN=overwrite cargo test -p reference-tests --test rules).\n\
         # Run (promtool 2.42 reads rule_files relative to the working directory):\n\
         #   cd tests/rules && promtool test rules reference-rules.test.yml\n\
         rule_files:\n  - ../../docs/reference-rules.yml\n  - reference-as-written.yml\n\
         # Rules are evaluated every 30s, so some evaluations fall between two\n\
         # of the 1m samples, as they do on a real server.\n\
         evaluation_interval: 30s\ntests:\n",
    );
    for case in CASES {
        let _ = writeln!(
            out,
            "  - name: {}",
            yaml(&format!("{}: {}", case.alert, case.name))
        );
        out.push_str("    interval: 1m\n    input_series:\n");
        for (selector, values) in case.series {
            let _ = writeln!(out, "      - series: {}", yaml(&with_target(selector)));
            let _ = writeln!(out, "        values: {}", yaml(values));
        }
        out.push_str("    alert_rule_test:\n");
        let declared = catalog.alerts().find(|a| a.alert.name == case.alert);
        for (time, firing) in case.evals {
            let _ = writeln!(
                out,
                "      - eval_time: {time}\n        alertname: {}",
                case.alert
            );
            if firing.is_empty() {
                out.push_str("        exp_alerts: []\n");
                continue;
            }
            let alert = declared
                .unwrap_or_else(|| panic!("{} fires in its case but is not declared", case.alert))
                .alert;
            out.push_str("        exp_alerts:\n");
            for series in *firing {
                let mut labels: BTreeMap<String, String> = series
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect();
                labels.insert("severity".into(), alert.severity.as_str().into());
                for (k, v) in alert.labels {
                    labels.insert((*k).into(), (*v).into());
                }
                out.push_str("          - exp_labels:\n");
                for (k, v) in &labels {
                    let _ = writeln!(out, "              {k}: {}", yaml(v));
                }
                out.push_str("            exp_annotations:\n");
                let mut annotations = BTreeMap::new();
                annotations.insert("summary", alert.summary);
                if !alert.description.is_empty() {
                    annotations.insert("description", alert.description);
                }
                for (k, v) in alert.annotations {
                    annotations.insert(k, v);
                }
                for (k, v) in annotations {
                    let _ = writeln!(out, "              {k}: {}", yaml(&expand(v, &labels)));
                }
            }
        }
    }
    // The recording rule, on the accounting case's series.
    let accounting = CASES
        .iter()
        .find(|c| c.alert == "NetworkEventChannelAccountingMismatch")
        .expect("the accounting case");
    out.push_str(
        "  - name: 'network_event_channel:unaccounted_events records the accounting gap'\n",
    );
    out.push_str("    interval: 1m\n    input_series:\n");
    for (selector, values) in accounting.series {
        let _ = writeln!(out, "      - series: {}", yaml(&with_target(selector)));
        let _ = writeln!(out, "        values: {}", yaml(values));
    }
    out.push_str("    promql_expr_test:\n");
    for (time, value) in RECORDED {
        let _ = writeln!(
            out,
            "      - expr: 'network_event_channel:unaccounted_events'\n        eval_time: {time}\n        exp_samples:\n          - labels: {}\n            value: {value}",
            yaml(&format!("network_event_channel:unaccounted_events{{{TARGET}}}"))
        );
    }
    out
}
