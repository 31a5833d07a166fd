use metrics_runtime::metrics_family;

#[metrics_family]
fn sync() {}

fn main() {
    sync();
}
