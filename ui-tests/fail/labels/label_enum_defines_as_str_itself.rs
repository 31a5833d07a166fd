use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

impl Branch {
    fn as_str(self) -> &'static str {
        match self {
            Branch::Namespace => "ns",
            Branch::Subgroup => "sub",
        }
    }
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch: Branch))]
    purges: Counter,
}

fn main() {
    let m = Store::new();
    m.purges.inc(Branch::Subgroup);
    assert_eq!(Branch::Subgroup.as_str(), "sub");
}
