// expect: error
// mistake: `#[label(name = "x")]` instead of `rename`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Phase { #[label(name = "begin")] Start, Stop }
#[metrics_family(prefix = "sync")]
pub struct Sync {
    /// Phases entered
    #[metric(labels(phase: Phase))]
    pub phases: Counter,
}
fn main() { let m = Sync::new(); m.phases.inc(Phase::Start); }
