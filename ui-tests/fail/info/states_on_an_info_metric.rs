use metrics_runtime::{metrics_family, Info, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Channel {
    Stable,
    Nightly,
}

#[metrics_family]
struct Node {
    /// Build information
    #[metric(labels(version: String), states = Channel)]
    build: Info,
}

fn main() {
    let m = Node::new();
    m.build.set("1.4.2");
}
