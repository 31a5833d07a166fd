use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Outcome {
    Ok,
    Failed,
}

#[metrics_family(prefix = "jobs")]
struct Jobs {
    /// Jobs run per queue
    #[metric(labels(queue: String, outcome: Outcome), max_series = 10)]
    runs: Counter,
}

fn main() {
    let m = Jobs::new();
    let emails = m.runs.with_free("emails");
    emails.inc(Outcome::Ok);
    // A counter only goes up, on a handle too.
    emails.dec(Outcome::Failed);
}
