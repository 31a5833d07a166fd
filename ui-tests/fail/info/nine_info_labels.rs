use metrics_runtime::{metrics_family, Info};

#[metrics_family]
struct Node {
    /// Build information
    #[metric(labels(a: String, b: String, c: String, d: String, e: String, f: String, g: String, h: String, i: String))]
    build: Info,
}

fn main() {
    let m = Node::new();
    m.build.set("1", "2", "3", "4", "5", "6", "7", "8", "9");
}
