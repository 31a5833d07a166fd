use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Class {
    #[label(rename = "")]
    SigningKey,
}

fn main() {}
