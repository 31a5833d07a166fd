use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Status {}

fn main() {}
