use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
struct Class {
    key: u8,
}

fn main() {}
