// expect: error
// mistake: `Option<Counter>`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    pub requests: Option<Counter>,
}
fn main() { let m = Http::new(); if let Some(c) = &m.requests { c.inc(); } }
