use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Class {
    SigningKey,
    #[label(rename = "signing_key")]
    Key,
}

fn main() {}
