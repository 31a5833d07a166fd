//! The example runs, serves its own traffic, and prints a scrape that the
//! strict parsers accept, with the counts its fixed traffic must give.

const BIN: &str = env!("CARGO_BIN_EXE_example-axum-service");

/// Counts that hold in both formats: 5 rounds of the example's 9 requests.
const COUNTS: &[&str] = &[
    r#"http_requests_total{method="GET",route="/users/{id}",status="2xx"} 10"#,
    r#"http_requests_total{method="GET",route="/users/{id}",status="4xx"} 5"#,
    r#"http_requests_total{method="GET",route="/users/{id}",status="5xx"} 5"#,
    r#"http_requests_total{method="DELETE",route="/users/{id}",status="2xx"} 5"#,
    r#"http_requests_total{method="PUT",route="/users/{id}",status="4xx"} 5"#,
    r#"http_requests_total{method="POST",route="/users",status="2xx"} 5"#,
    r#"http_requests_total{method="GET",route="/health",status="2xx"} 5"#,
    r#"http_requests_total{method="GET",route="unmatched",status="4xx"} 5"#,
    // Every enum combination of a route seen is exported.
    r#"http_requests_total{method="OTHER",route="/health",status="5xx"} 0"#,
    r#"http_requests_overflow_total 0"#,
    r#"http_request_duration_seconds_count{method="GET"} 30"#,
    r#"http_request_duration_seconds_count{method="OTHER"} 0"#,
    // The scrape is not the service's traffic, and nothing else is in flight.
    "http_requests_in_flight 0",
];

#[test]
fn openmetrics_scrape_parses_strictly_with_the_traffic_counted() {
    let scrape = scrape_check::run(BIN, &[]);
    scrape_check::assert_lines(&scrape, COUNTS);
    scrape_check::assert_lines(
        &scrape,
        &[
            "# TYPE http_request_duration_seconds histogram",
            "# UNIT http_request_duration_seconds seconds",
            r#"http_request_duration_seconds_bucket{le="+Inf",method="GET"} 30"#,
            "# EOF",
        ],
    );
    if let Some(samples) = scrape_check::strict_openmetrics(&scrape) {
        for line in [
            r#"http_requests_total{method="GET",route="/users/{id}",status="2xx"} 10"#,
            r#"http_request_duration_seconds_bucket{le="+Inf",method="GET"} 30"#,
            "http_requests_in_flight 0",
        ] {
            assert!(
                samples.iter().any(|s| s == line),
                "parsed: {samples:#?}\nlacks {line}"
            );
        }
    }
}

#[test]
fn text_scrape_passes_promtool_with_the_traffic_counted() {
    let scrape = scrape_check::run(BIN, &["text"]);
    scrape_check::assert_lines(&scrape, COUNTS);
    scrape_check::assert_lines(
        &scrape,
        &[r#"http_request_duration_seconds_bucket{method="GET",le="+Inf"} 30"#],
    );
    scrape_check::promtool(&scrape);
}
