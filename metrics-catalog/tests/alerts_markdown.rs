//! An alert's line in the Markdown reference: its summary and description
//! each end as a sentence, so the next part does not run into them, and its
//! other annotations are listed.

use metrics_catalog::Catalog;
use metrics_runtime::{metrics_family, Gauge};

#[allow(dead_code)]
#[metrics_family(prefix = "api")]
struct Api {
    /// Requests in flight
    #[metric(alert(
        name = "ApiSaturated",
        expr = "api_in_flight > 100",
        severity = "warning",
        summary = "In flight is {{ $value }}",
        annotations(runbook_url = "https://runbooks.example/api"),
    ))]
    in_flight: Gauge,
}

#[test]
fn an_alert_s_texts_end_as_sentences_and_its_annotations_are_listed() {
    let markdown = Catalog::new().with::<Api>().to_markdown();
    let line = markdown
        .lines()
        .find(|l| l.starts_with("- `ApiSaturated`"))
        .unwrap_or_else(|| panic!("{markdown}"));
    assert!(
        line.contains("`api_in_flight > 100`. In flight is {{ $value }}. Annotations: `runbook_url=\"https://runbooks.example/api\"`. Declared at `"),
        "{line}"
    );
}
