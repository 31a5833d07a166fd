use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[derive(Clone, Copy, LabelValue)]
enum Class {
    SigningKey,
    ContextCleanup,
    Members,
}

#[derive(Clone, Copy, LabelValue)]
enum Outcome {
    Ok,
    Failed,
}

#[metrics_family]
struct Purge {
    /// Purges
    #[metric(labels(branch: Branch, class: Class, outcome: Outcome))]
    purges: Counter,
}

fn main() {
    let m = Purge::new();
    m.purges.inc(Branch::Subgroup, Class::Members, Outcome::Failed);
    m.purges.inc_by(Branch::Namespace, Class::SigningKey, Outcome::Ok, 4);
    assert_eq!(m.purges.get(Branch::Subgroup, Class::Members, Outcome::Failed), 1);
    assert_eq!(m.purges.get(Branch::Namespace, Class::SigningKey, Outcome::Ok), 4);
    assert_eq!(m.purges.get(Branch::Namespace, Class::Members, Outcome::Ok), 0);
}
