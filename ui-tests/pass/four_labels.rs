use metrics_runtime::{metrics_family, Gauge, LabelValue};

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

#[derive(Clone, Copy, LabelValue)]
enum Region {
    Eu,
    Us,
}

#[metrics_family]
struct Purge {
    /// In-flight purges
    #[metric(labels(branch: Branch, class: Class, outcome: Outcome, r#type: Region))]
    in_flight: Gauge,
}

fn main() {
    let m = Purge::new();
    m.in_flight.inc(Branch::Subgroup, Class::Members, Outcome::Failed, Region::Us);
    m.in_flight.set(Branch::Namespace, Class::Members, Outcome::Ok, Region::Eu, 7);
    m.in_flight.dec(Branch::Subgroup, Class::Members, Outcome::Failed, Region::Us);
    assert_eq!(m.in_flight.get(Branch::Namespace, Class::Members, Outcome::Ok, Region::Eu), 7);
    assert_eq!(m.in_flight.label_names(), &["branch", "class", "outcome", "type"]);
}
