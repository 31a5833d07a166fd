use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Class<const N: usize> {
    Key,
}

fn main() {}
