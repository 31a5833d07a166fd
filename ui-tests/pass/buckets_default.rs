use metrics_runtime::{metrics_family, Histogram, MetricFamily};

#[metrics_family]
struct Rpc {
    /// Call latency
    latency: Histogram,
}

fn main() {
    let bounds = Rpc::descriptor().metrics[0].buckets;
    assert_eq!(bounds.first(), Some(&0.005));
    assert_eq!(bounds.last(), Some(&10.0));
    Rpc::new().latency.observe(0.2);
}
