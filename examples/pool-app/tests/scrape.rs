//! The application registers the library's family (two instances) beside
//! its own, serves the registry, and prints a scrape that the strict parsers
//! accept, with the batch's checkouts counted per pool.

const BIN: &str = env!("CARGO_BIN_EXE_example-pool-app");

/// The fixed batch, as the pools' sizes make it go.
const COUNTS: &[&str] = &[
    "app_requests_total 20",
    "app_rejected_total 1",
    r#"pool_checkouts_total{pool="primary",result="granted"} 13"#,
    r#"pool_checkouts_total{pool="primary",result="exhausted"} 1"#,
    r#"pool_checkouts_total{pool="replica",result="granted"} 6"#,
    r#"pool_checkouts_total{pool="replica",result="exhausted"} 10"#,
    r#"pool_connections_in_use{pool="primary"} 0"#,
    r#"pool_connections_in_use{pool="replica"} 0"#,
    r#"pool_connections{pool="primary"} 2"#,
    r#"pool_connections{pool="replica"} 1"#,
];

#[test]
fn openmetrics_scrape_parses_strictly_with_both_pools() {
    let scrape = scrape_check::run(BIN, &[]);
    scrape_check::assert_lines(&scrape, COUNTS);
    // One header per name, whatever the number of pools.
    assert_eq!(
        scrape.matches("# TYPE pool_checkouts counter").count(),
        1,
        "{scrape}"
    );
    if let Some(samples) = scrape_check::strict_openmetrics(&scrape) {
        let line = r#"pool_checkouts_total{pool="replica",result="exhausted"} 10"#;
        assert!(
            samples.iter().any(|s| s == line),
            "parsed: {samples:#?}\nlacks {line}"
        );
    }
}

#[test]
fn text_scrape_passes_promtool_with_both_pools() {
    let scrape = scrape_check::run(BIN, &["text"]);
    scrape_check::assert_lines(&scrape, COUNTS);
    scrape_check::promtool(&scrape);
}
