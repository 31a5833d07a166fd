use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Error {
    HttpError,
    HTTPError,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(error: Error))]
    purges: Counter,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.purges.inc(Error::HttpError);
    metrics.purges.inc(label!(Error, "http_error"));
}
