use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Branch {
    Namespace,
    #[label(rename = "sub")]
    Subgroup,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch: Branch))]
    purges: Counter,
}

const SUB: Branch = label!(Branch, "sub");

fn main() {
    let m = Store::new();
    m.purges.inc(label!(Branch, "namespace"));
    m.purges.inc(SUB);
    assert_eq!(label!(Branch, "namespace"), Branch::Namespace);
    assert_eq!(m.purges.get(Branch::Subgroup), 1);
    assert_eq!(m.purges.get(label!(crate::Branch, "namespace",)), 1);
}
