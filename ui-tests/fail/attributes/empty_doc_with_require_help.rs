use metrics_runtime::{metrics_family, Counter};

#[metrics_family(require_help)]
struct Sync {
    ///
    attempts: Counter,
}

fn main() {}
