use metrics_runtime::{metrics_family, Counter, MetricFamily};

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(name = "requests_served")]
    served: Counter,
    /// A field named with a keyword
    r#type: Counter,
}

fn main() {
    let m = Http::new();
    m.served.inc_by(3);
    m.r#type.inc();
    assert_eq!(m.served.get(), 3);
    assert_eq!(Http::descriptor().metrics[0].name, "requests_served");
    assert_eq!(Http::descriptor().metrics[1].name, "type");
}
