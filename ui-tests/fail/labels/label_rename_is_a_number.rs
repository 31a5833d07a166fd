use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Class {
    #[label(rename = 1)]
    SigningKey,
}

fn main() {}
