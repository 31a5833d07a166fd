use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Class {
    #[label(renme = "key")]
    SigningKey,
}

fn main() {}
