use metrics_runtime::{metrics_family, Gauge, MetricFamily};

#[metrics_family]
struct Store {
    /// Bytes held
    #[metric(unit = "bytes")]
    size: Gauge,
}

fn main() {
    let m = Store::new();
    m.size.set(4096);
    assert_eq!(m.size.get(), 4096);
    assert_eq!(Store::descriptor().metrics[0].unit, Some("bytes"));
    assert_eq!(Store::descriptor().metrics[0].exported_name(None), "size_bytes");
}
