use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync(Counter);

fn main() {}
