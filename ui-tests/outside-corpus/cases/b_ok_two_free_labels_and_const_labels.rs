// expect: ok
// mistake: none, an unusual but correct use: two free labels and const labels (corpus B)
use metrics_runtime::{metrics_family, Counter, Format, LabelValue, Registry, OVERFLOW_LABEL_VALUE};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum Shard { One, Two }

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "gw", const_labels(region: String, shard: Shard))]
pub struct GatewayMetrics {
    /// Requests routed
    #[metric(labels(route: String, method: Method, tenant: String), max_series = 2, max_value_len = 16)]
    pub routed: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.get_or_create::<GatewayMetrics>(("eu".to_owned(), Shard::Two)).unwrap();
    m.routed.inc("/a", Method::Get, "acme");
    let h = m.routed.with_free(("/b", "globex"));
    h.inc(Method::Post);
    m.routed.inc("/c", Method::Get, "initech");
    assert_eq!(m.routed.get(OVERFLOW_LABEL_VALUE, Method::Get, OVERFLOW_LABEL_VALUE), 1);
    assert!(m.routed.remove(("/a", "acme")));
    let text = registry.encode(Format::Text).unwrap();
    assert!(text.contains("region=\"eu\""), "{text}");
}
