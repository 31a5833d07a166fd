use metrics_runtime::metrics_family;

#[metrics_family]
struct Sync;

fn main() {}
