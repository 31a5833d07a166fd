//! The reference's dashboard queries (`docs/reference-queries.promql`),
//! linted against the catalogue: exactly the expected findings, and the
//! committed report `docs/promql-lint-report.txt` is what the lint prints
//! (`GOLDEN=overwrite cargo test -p reference-tests --test promql_lint`
//! regenerates it).

mod common;

use std::path::PathBuf;

use metrics_catalog::Catalog;
use promql_lint::{lint_file, render_report, run_cli, Rule, Severity};
use reference_node::families;

fn docs(file: &str) -> PathBuf {
    common::in_package("../docs").join(file)
}

fn catalog() -> Catalog {
    Catalog::from_families(families())
}

fn queries() -> String {
    std::fs::read_to_string(docs("reference-queries.promql"))
        .expect("docs/reference-queries.promql")
}

/// Every finding on the reference's queries, as `(line, rule, severity,
/// spanned text)`: what the lint must find, and nothing else.
#[test]
fn the_reference_queries_have_exactly_the_expected_findings() {
    let results = lint_file(&queries(), &catalog());
    assert_eq!(results.len(), 18, "every dashboard query of the reference");
    let mut found = Vec::new();
    for (query, findings) in &results {
        for f in findings {
            let (line, _) = query.position(f.span.start);
            found.push((
                line,
                f.rule,
                f.severity,
                query.text[f.span.clone()].to_owned(),
            ));
        }
    }
    let expected = [
        // `rate()` of the gauge `execution_count`: the reference says it
        // tracks cumulative executions, so it should be a counter.
        (
            33,
            Rule::CounterFunctionOnGauge,
            Severity::Warning,
            "execution_count",
        ),
        // "Slow executions": `le="32"` and `le="1024"` are the 0.0.4 text
        // forms, stored as `32.0` and `1024.0` by OpenMetrics scrapes and by
        // Prometheus 3 (a warning: a Prometheus 2 scraping the text format,
        // as the end-to-end run does, stores `32`); and the lower bucket
        // minus the higher one is never positive (an error).
        (37, Rule::BucketBound, Severity::Warning, "le=\"32\""),
        (38, Rule::BucketDifference, Severity::Error, "-"),
        (38, Rule::BucketBound, Severity::Warning, "le=\"1024\""),
        // Entities per round trip: `job`/`instance` on the left, no labels
        // on the right: the division never returns data.
        (43, Rule::NeverMatches, Severity::Error, "/"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(line, rule, severity, text)| (*line, *rule, *severity, (*text).to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_unsatisfiable_query_is_reported_with_its_remedy() {
    let results = lint_file(&queries(), &catalog());
    let (query, findings) = results
        .iter()
        .find(|(q, _)| q.title.as_deref() == Some("Sync efficiency: entities per round trip"))
        .expect("the entities-per-round-trip query");
    assert_eq!(
        query.text,
        "rate(sync_entities_transferred_total[5m]) / sum(rate(sync_round_trips_total[5m]))"
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].message,
        "the two sides of `/` never match, so it returns nothing: the left side keeps `instance`, `job`, \
         the right side no labels, and they must agree on `instance`, `job`; aggregate both sides alike \
         (e.g. `sum(...)` on both), or match with `on()` and `group_left`/`group_right`"
    );
    // The fixed query passes.
    let fixed =
        "sum(rate(sync_entities_transferred_total[5m])) / sum(rate(sync_round_trips_total[5m]))";
    assert!(promql_lint::lint(fixed, &catalog()).is_empty());
}

/// The committed report is what `reference-node lint-promql
/// docs/reference-queries.promql` prints, and the run fails (exit code 1)
/// because the reference has errors.
#[test]
fn committed_report_matches_the_lint() {
    let path = docs("reference-queries.promql");
    let mut out = Vec::new();
    let code = run_cli(&path, &catalog(), &mut out);
    assert_eq!(code, 1, "the reference's queries have errors");
    let actual = String::from_utf8(out).expect("utf-8 report");
    // The report names the file as given; keep it repository-relative.
    let actual = actual.replace(&path.display().to_string(), "docs/reference-queries.promql");
    common::check_golden(&docs("promql-lint-report.txt"), &actual);
    assert_eq!(
        render_report(
            "docs/reference-queries.promql",
            &lint_file(&queries(), &catalog())
        ),
        actual
    );
}
