//! Exemplars in the Prometheus protobuf exposition (feature `protobuf`):
//! a counter's goes through prometheus-client's encoder with its labels,
//! value and time; a histogram's buckets carry none there (prometheus-client
//! makes histogram exemplars from its own histograms only), which the README
//! says. Decoded with prost over prometheus-client's generated
//! `io.prometheus.client` types.

use metrics_runtime::prometheus_client::encoding::prometheus_protobuf::prometheus_data_model::MetricFamily;
use metrics_runtime::{metrics_family, Counter, Histogram, Registry};
use prost::Message as _;

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Sync sessions
    #[metric(exemplar(trace_id))]
    sessions: Counter,
    /// Sync duration
    #[metric(unit = "seconds", buckets = [1], exemplar(trace_id))]
    duration: Histogram,
}

fn families(mut body: &[u8]) -> Vec<MetricFamily> {
    let mut out = Vec::new();
    while !body.is_empty() {
        let family = MetricFamily::decode_length_delimited(&mut body).unwrap();
        out.push(family);
    }
    out
}

#[test]
fn a_counter_exemplar_is_in_the_protobuf_exposition() {
    let registry = Registry::new();
    let sync = registry.register(Sync::new()).unwrap();
    sync.sessions.inc_by_with_exemplar(2, "4bf92f3577b34da6");
    sync.duration.observe_with_exemplar(0.5, "4bf92f3577b34da6");
    let families = families(&registry.encode_protobuf().unwrap());
    let sessions = families
        .iter()
        .find(|f| f.name == "sync_sessions_total")
        .expect("the counter");
    let counter = sessions.metric[0].counter.as_ref().unwrap();
    assert_eq!(counter.value, 2.0);
    let exemplar = counter.exemplar.as_ref().expect("the exemplar");
    assert_eq!(exemplar.value, 2.0);
    assert_eq!(exemplar.label[0].name, "trace_id");
    assert_eq!(exemplar.label[0].value, "4bf92f3577b34da6");
    assert!(exemplar.timestamp.as_ref().unwrap().seconds > 1_600_000_000);

    let duration = families
        .iter()
        .find(|f| f.name == "sync_duration_seconds")
        .expect("the histogram");
    let histogram = duration.metric[0].histogram.as_ref().unwrap();
    assert_eq!(histogram.sample_count, 1);
    assert!(histogram.bucket.iter().all(|b| b.exemplar.is_none()));
}
