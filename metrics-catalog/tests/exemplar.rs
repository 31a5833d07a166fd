//! The catalogue says which metrics carry exemplars and their label names:
//! a note in the Markdown labels column, an `exemplar` list in the JSON
//! (absent for a metric without exemplars).

use metrics_catalog::Catalog;
use metrics_runtime::{metrics_family, Counter, Histogram};

#[allow(dead_code)]
#[metrics_family(prefix = "sync")]
struct Sync {
    /// Sync attempts
    #[metric(exemplar(trace_id))]
    attempts: Counter,
    /// Sync duration
    #[metric(unit = "seconds", buckets = [1, 10], exemplar(trace_id, span_id))]
    duration: Histogram,
    /// Sync failures
    failures: Counter,
}

#[test]
fn exemplar_label_names_are_listed() {
    let catalog = Catalog::new().with::<Sync>();
    let markdown = catalog.to_markdown();
    assert!(
        markdown.contains("Exemplar: `trace_id` (OpenMetrics)."),
        "{markdown}"
    );
    assert!(
        markdown.contains("Exemplar: `trace_id`, `span_id` (OpenMetrics)."),
        "{markdown}"
    );
    let json = catalog.to_json();
    assert!(json.contains("\"exemplar\": [\"trace_id\"]"), "{json}");
    assert!(
        json.contains("\"exemplar\": [\"trace_id\", \"span_id\"]"),
        "{json}"
    );
    assert_eq!(json.matches("\"exemplar\"").count(), 2, "{json}");
}
