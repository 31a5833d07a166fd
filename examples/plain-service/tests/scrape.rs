//! The example runs its batch, serves the process-wide registry, and prints
//! a scrape that the strict parsers accept, with every job counted.

const BIN: &str = env!("CARGO_BIN_EXE_example-plain-service");

/// Jobs 1 to 60: multiples of 13 fail, other multiples of 7 are retried.
const COUNTS: &[&str] = &[
    r#"jobs_finished_total{outcome="done"} 48"#,
    r#"jobs_finished_total{outcome="retried"} 8"#,
    r#"jobs_finished_total{outcome="failed"} 4"#,
    "jobs_queued 0",
    "jobs_duration_seconds_count 60",
    r#"jobs_duration_seconds_bucket{le="+Inf"} 60"#,
    // Every job sleeps at least 0.2 ms.
    r#"jobs_duration_seconds_bucket{le="0.0001"} 0"#,
];

#[test]
fn openmetrics_scrape_parses_strictly_with_every_job_counted() {
    let scrape = scrape_check::run(BIN, &[]);
    scrape_check::assert_lines(&scrape, COUNTS);
    scrape_check::assert_lines(&scrape, &["# UNIT jobs_duration_seconds seconds", "# EOF"]);
    if let Some(samples) = scrape_check::strict_openmetrics(&scrape) {
        let line = r#"jobs_finished_total{outcome="done"} 48"#;
        assert!(
            samples.iter().any(|s| s == line),
            "parsed: {samples:#?}\nlacks {line}"
        );
    }
}

#[test]
fn text_scrape_passes_promtool_with_every_job_counted() {
    let scrape = scrape_check::run(BIN, &["text"]);
    scrape_check::assert_lines(&scrape, COUNTS);
    scrape_check::promtool(&scrape);
}
