use metrics_runtime::metrics_family;

#[metrics_family]
struct Jobs {
    /// Jobs started
    started: &'static u64,
}

fn main() {}
