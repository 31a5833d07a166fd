use metrics_runtime::metrics_family;

#[metrics_family]
enum Sync {
    Attempts,
}

fn main() {
    let _ = Sync::Attempts;
}
