use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Class {
    #[label(rename = "a")]
    #[label(rename = "b")]
    SigningKey,
}

fn main() {}
