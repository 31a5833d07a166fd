use metrics_runtime::LabelValue;

#[derive(LabelValue)]
enum Class {
    Key,
}

fn main() {}
