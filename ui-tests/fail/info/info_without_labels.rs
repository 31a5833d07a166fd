use metrics_runtime::{metrics_family, Info};

#[metrics_family]
struct Node {
    /// Build information
    build: Info,
}

fn main() {
    let m = Node::new();
    m.build.set();
    assert!(m.build.get().is_none());
}
