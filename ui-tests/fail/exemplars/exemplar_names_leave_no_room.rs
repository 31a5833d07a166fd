use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Jobs {
    /// Jobs run
    #[metric(exemplar(
        the_identifier_of_the_distributed_trace_this_job_ran_in_as_reported_by_the_tracer_of_the_service_mesh,
        the_identifier_of_the_span_of_this_job
    ))]
    runs: Counter,
}

fn main() {
    let m = Jobs::new();
    m.runs.inc_with_exemplar(("4bf92f3577b34da6", "00f067aa0ba902b7"));
}
