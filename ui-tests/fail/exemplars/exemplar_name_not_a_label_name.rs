use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Jobs {
    /// Jobs run
    #[metric(exemplar("trace-id"))]
    runs: Counter,
}

fn main() {
    let m = Jobs::new();
    m.runs.inc_with_exemplar("4bf92f3577b34da6");
}
