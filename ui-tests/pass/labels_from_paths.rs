mod labels {
    use metrics_runtime::LabelValue;

    #[derive(Clone, Copy, LabelValue)]
    pub enum Branch {
        Namespace,
        Subgroup,
    }
}

mod metrics {
    use metrics_runtime::{metrics_family, Counter};

    #[metrics_family]
    pub struct Store {
        /// Purges
        #[metric(labels(branch: crate::labels::Branch, r#type: super::labels::Branch))]
        pub purges: Counter,
        /// Fully qualified kind
        pub other: metrics_runtime::Gauge,
    }
}

fn main() {
    let m = metrics::Store::new();
    m.purges.inc(labels::Branch::Namespace, labels::Branch::Subgroup);
    m.other.set(3);
}
