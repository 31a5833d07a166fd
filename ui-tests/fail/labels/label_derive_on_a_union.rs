use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
union Class {
    key: u8,
}

fn main() {}
