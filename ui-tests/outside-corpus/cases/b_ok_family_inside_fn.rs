// expect: ok
// mistake: none, an unusual but correct use: family inside fn (corpus B)
use metrics_runtime::{metrics_family, Counter, Format, LabelValue, Registry};

fn main() {
    #[derive(Clone, Copy, Debug, LabelValue)]
    enum Outcome { Done, Failed }

    #[metrics_family(prefix = "local")]
    struct LocalMetrics {
        /// Jobs finished
        #[metric(labels(outcome: Outcome))]
        finished: Counter,
    }

    let registry = Registry::new();
    let m = registry.register(LocalMetrics::new()).unwrap();
    m.finished.inc(Outcome::Failed);
    assert!(registry.encode(Format::Text).unwrap().contains("local_finished_total{outcome=\"done\"} 0\n"));
}
