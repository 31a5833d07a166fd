use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

impl Branch {
    const ALL: [Branch; 2] = [Branch::Namespace, Branch::Subgroup];
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch: Branch))]
    purges: Counter,
}

fn main() {
    let m = Store::new();
    for branch in Branch::ALL {
        m.purges.inc(branch);
    }
}
