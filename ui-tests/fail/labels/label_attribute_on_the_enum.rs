use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
#[label(rename_all = "SCREAMING_SNAKE_CASE")]
enum Class {
    SigningKey,
}

fn main() {}
