use metrics_runtime::{metrics_family, NativeHistogram, Registry};

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Sync duration
    #[metric(unit = "seconds", exemplar(trace_id))]
    duration: NativeHistogram,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Sync::new()).unwrap();
    metrics.duration.observe_with_exemplar(0.3, "4bf92f3577b34da6");
}
