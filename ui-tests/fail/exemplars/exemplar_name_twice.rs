use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Rpc {
    /// Call latency
    #[metric(unit = "seconds", exemplar(trace_id, trace_id))]
    latency: Histogram,
}

fn main() {
    let m = Rpc::new();
    m.latency.observe_with_exemplar(0.2, ("4bf92f3577b34da6", "4bf92f3577b34da6"));
}
