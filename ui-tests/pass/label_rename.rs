use metrics_runtime::{metrics_family, Counter, LabelValue, MetricFamily, LabelValues};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum PurgeClass {
    /// Private signing keys
    SigningKey,
    #[label(rename = "context_cleanup")]
    Contexts,
    #[label(rename = "HTTP/2")]
    Http2,
}

#[metrics_family]
struct Purge {
    /// Purges
    #[metric(labels(class: PurgeClass))]
    purges: Counter,
}

fn main() {
    assert_eq!(PurgeClass::VALUES, &["signing_key", "context_cleanup", "HTTP/2"]);
    assert_eq!(PurgeClass::DOCS[0], "Private signing keys");
    assert_eq!(PurgeClass::from_label("HTTP/2"), Some(PurgeClass::Http2));
    match &Purge::descriptor().metrics[0].labels[0].values {
        LabelValues::Enum { values, .. } => assert_eq!(values.len(), 3),
        other => panic!("{other:?}"),
    }
    Purge::new().purges.inc(PurgeClass::Contexts);
}
