use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

// Not a `#[derive(LabelValue)]` enum: `label!` cannot read its values.
#[derive(Clone, Copy)]
enum Region {
    Eu,
    Us,
}

#[metrics_family]
struct Store {
    /// Purges.
    #[metric(labels(branch: Branch))]
    purges: Counter,
}

fn main() {
    let m = Store::new();
    m.purges.inc(label!(Branch, "namespace"));
    m.purges.inc(label!(Region, "eu"));
    let _ = (Region::Eu, Region::Us, Branch::Subgroup);
}
