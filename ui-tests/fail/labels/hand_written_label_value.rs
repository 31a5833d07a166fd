use metrics_runtime::LabelValue;

#[derive(Clone, Copy)]
enum Class {
    Key,
}

// Stores trust a label value's index, so only the derive implements it.
impl LabelValue for Class {
    const VALUES: &'static [&'static str] = &["key"];
    const DOCS: &'static [&'static str] = &[""];
    fn index(self) -> usize {
        2
    }
    fn from_index(_: usize) -> Option<Self> {
        Some(Class::Key)
    }
}

fn main() {}
