use metrics_runtime::{metrics_family, Info};

#[metrics_family]
struct Node {
    /// Start time
    #[metric(unit = "seconds", labels(started: String))]
    start: Info,
}

fn main() {
    let m = Node::new();
    m.start.set("1700000000");
}
