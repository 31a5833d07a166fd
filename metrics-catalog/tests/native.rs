//! The catalogue knows native histograms: their type in Markdown and JSON,
//! the bare series Prometheus stores from a protobuf scrape, and the `le`
//! values of a classic-and-native one.

use metrics_catalog::Catalog;
use metrics_runtime::{metrics_family, MetricKind, NativeHistogram};

#[allow(dead_code)]
#[metrics_family(prefix = "sync")]
struct Sync {
    /// Sync duration, native buckets only
    #[metric(unit = "seconds", schema = 2)]
    duration: NativeHistogram,
    /// Round trips, classic and native buckets
    #[metric(buckets = [1, 10])]
    round_trips: NativeHistogram,
}

#[test]
fn a_native_histogram_is_listed_by_kind_and_found_by_its_bare_name() {
    let catalog = Catalog::new().with::<Sync>();
    let bare = catalog
        .series("sync_duration_seconds")
        .expect("the native series");
    assert_eq!(bare.metric.kind, MetricKind::NativeHistogram);
    assert_eq!(bare.suffix, "");
    assert_eq!(
        catalog
            .series("sync_duration_seconds_count")
            .unwrap()
            .suffix,
        "_count"
    );

    let markdown = catalog.to_markdown();
    assert!(
        markdown.contains("| `sync_duration_seconds` | `NativeHistogram` |"),
        "{markdown}"
    );
    // The `le` values of the classic part only.
    assert!(markdown.contains("sync_round_trips"), "{markdown}");
    let json = catalog.to_json();
    assert!(json.contains("\"value\": \"native_histogram\""), "{json}");
    assert_eq!(json.matches("\"type\": \"histogram\"").count(), 2, "{json}");
}
