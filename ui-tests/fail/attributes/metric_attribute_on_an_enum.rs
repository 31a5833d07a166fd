use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
enum Jobs {
    #[metric(name = "started")]
    Started(Counter),
}

fn main() {
    let _ = Jobs::Started;
}
