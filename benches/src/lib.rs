//! Benchmarks of metrics-runtime against its peers; see `benches/` and
//! BENCHMARKS.md.
//!
//! This library holds what both benchmark targets share: the label enums and
//! the ~200-series sync catalogue, declared once with `#[metrics_family]`
//! ([`SyncMetrics`]) and once by hand on prometheus-client ([`PcSync`]), with
//! the same names, labels, buckets and recorded values.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use metrics_runtime::prometheus_client;
use metrics_runtime::{metrics_family, Counter, Gauge, Histogram, LabelValue};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter as PcCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge as PcGauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram as PcHistogram};
use prometheus_client::registry::{Registry, Unit};

/// The seven sync protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum Protocol {
    /// Full snapshot transfer.
    Snapshot,
    /// Merkle hash comparison.
    HashComparison,
    /// Level-wise tree walk.
    LevelWise,
    /// Bloom-filter reconciliation.
    BloomFilter,
    /// Subtree prefetch.
    SubtreePrefetch,
    /// Delta push.
    DeltaPush,
    /// Full resynchronisation.
    FullResync,
}

/// How a sync attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum Outcome {
    /// Completed.
    Success,
    /// Failed.
    Failure,
    /// Gave up waiting.
    Timeout,
}

/// Which way bytes moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum Direction {
    /// To the peer.
    Sent,
    /// From the peer.
    Received,
}

/// A phase of one sync session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum Phase {
    /// Agreeing on a protocol.
    Handshake,
    /// Finding what differs.
    Diff,
    /// Moving the data.
    Transfer,
    /// Applying it locally.
    Apply,
}

/// The shapes the recording benchmarks compare with the peers'.
#[metrics_family(prefix = "bench")]
pub struct Ours {
    /// No label.
    pub plain: Counter,
    /// Two enum labels.
    #[metric(labels(protocol: Protocol, outcome: Outcome))]
    pub labelled: Counter,
    /// One free-form label.
    #[metric(labels(context_id: String), max_series = 1000)]
    pub by_context: Counter,
    /// Enum and free-form labels: an HTTP service's request counter.
    #[metric(labels(protocol: Protocol, route: String, outcome: Outcome), max_series = 500)]
    pub by_route: Counter,
    /// Two free-form labels around an enum.
    #[metric(labels(tenant: String, outcome: Outcome, peer: String), max_series = 500)]
    pub by_pair: Counter,
    /// No label, 20 buckets.
    #[metric(unit = "seconds", buckets = exponential(0.0001, 2, 20))]
    pub latency: Histogram,
    /// Two enum labels, 20 buckets.
    #[metric(unit = "seconds", labels(protocol: Protocol, outcome: Outcome), buckets = exponential(0.0001, 2, 20))]
    pub labelled_latency: Histogram,
}

/// 16 observation values spread over 0.1 ms .. 50 s, so a histogram's
/// bucket search is not trivially predicted.
pub fn observations() -> [f64; 16] {
    std::array::from_fn(|i| 0.000_07 * 2f64.powf(i as f64 * 1.37))
}

/// A context id like those a free-form label carries.
pub const CONTEXT: &str = "ctx-7f3a9c2e";

/// A route as an HTTP service labels requests with (10 bytes).
pub const ROUTE: &str = "/users/:id";

/// A longer route (23 bytes: past the 16 the memo compares in its slot).
pub const LONG_ROUTE: &str = "/api/v1/users/:id/items";

/// A tenant and a peer, for two free-form labels.
pub const PAIR: (&str, &str) = ("tenant-42", "peer-7f3a9c2e");

/// Runs `work(thread, iters)` on two threads at once, returning the wall
/// time of the slower one: per iteration, the time one recording takes
/// while another thread records too.
pub fn two_threads<F: Fn(usize, u64) + Sync>(iters: u64, work: F) -> Duration {
    let barrier = Barrier::new(2);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let barrier = &barrier;
                let work = &work;
                s.spawn(move || {
                    barrier.wait();
                    let start = Instant::now();
                    work(t, iters);
                    start.elapsed()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("bench thread"))
            .max()
            .expect("two threads")
    })
}

/// The sync catalogue: 21 + 14 + 7 counter/gauge series and 4 + 7 histogram
/// series, 205 exported samples in all.
#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync attempts by protocol and outcome.
    #[metric(labels(protocol: Protocol, outcome: Outcome))]
    pub attempts: Counter,
    /// Bytes moved by protocol and direction.
    #[metric(unit = "bytes", labels(protocol: Protocol, direction: Direction))]
    pub transferred: Counter,
    /// Sessions in flight by protocol.
    #[metric(labels(protocol: Protocol))]
    pub in_flight: Gauge,
    /// Duration of each sync phase.
    #[metric(unit = "seconds", labels(phase: Phase), buckets = exponential(0.001, 2, 15))]
    pub phase_duration: Histogram,
    /// Whole-session duration by protocol.
    #[metric(unit = "seconds", labels(protocol: Protocol), buckets = exponential(0.01, 2, 10))]
    pub session_duration: Histogram,
}

/// The number of samples (exposition lines other than comments) the
/// catalogue exports.
pub const CATALOGUE_SAMPLES: usize = 21 + 14 + 7 + 4 * (15 + 3) + 7 * (10 + 3);

/// A deterministic value for recording number `i` of the catalogue.
fn value(i: usize) -> f64 {
    // Spread over the bucket range, from 1 ms to about 20 s.
    0.001 * (1u64 << (i % 15)) as f64 * 1.3
}

impl SyncMetrics {
    /// Records the same values [`PcSync::record_all`] records.
    pub fn record_all(&self) {
        for (i, p) in Protocol::ALL.into_iter().enumerate() {
            for (j, o) in Outcome::ALL.into_iter().enumerate() {
                self.attempts.inc_by(p, o, (i * 3 + j) as u64);
            }
            for d in Direction::ALL {
                self.transferred.inc_by(p, d, 1024 * (i as u64 + 1));
            }
            self.in_flight.set(p, i as i64);
            self.session_duration.observe(p, value(i * 2));
        }
        for (i, phase) in Phase::ALL.into_iter().enumerate() {
            self.phase_duration.observe(phase, value(i * 3));
        }
    }
}

/// [`Protocol`] for prometheus-client's derive, spelled as exported.
#[allow(non_camel_case_types, missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EncodeLabelValue)]
pub enum PcProtocol {
    snapshot,
    hash_comparison,
    level_wise,
    bloom_filter,
    subtree_prefetch,
    delta_push,
    full_resync,
}

impl PcProtocol {
    /// Every protocol, in declaration order.
    pub const ALL: [PcProtocol; 7] = [
        PcProtocol::snapshot,
        PcProtocol::hash_comparison,
        PcProtocol::level_wise,
        PcProtocol::bloom_filter,
        PcProtocol::subtree_prefetch,
        PcProtocol::delta_push,
        PcProtocol::full_resync,
    ];
}

/// [`Outcome`] for prometheus-client's derive.
#[allow(non_camel_case_types, missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EncodeLabelValue)]
pub enum PcOutcome {
    success,
    failure,
    timeout,
}

/// [`Direction`] for prometheus-client's derive.
#[allow(non_camel_case_types, missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EncodeLabelValue)]
pub enum PcDirection {
    sent,
    received,
}

/// [`Phase`] for prometheus-client's derive.
#[allow(non_camel_case_types, missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EncodeLabelValue)]
pub enum PcPhase {
    handshake,
    diff,
    transfer,
    apply,
}

/// Labels of `sync_attempts`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct AttemptLabels {
    /// The protocol.
    pub protocol: PcProtocol,
    /// The outcome.
    pub outcome: PcOutcome,
}

/// Labels of `sync_transferred_bytes`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct TransferLabels {
    /// The protocol.
    pub protocol: PcProtocol,
    /// The direction.
    pub direction: PcDirection,
}

/// Labels of the per-protocol metrics.
#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct ProtocolLabels {
    /// The protocol.
    pub protocol: PcProtocol,
}

/// Labels of `sync_phase_duration_seconds`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct PhaseLabels {
    /// The phase.
    pub phase: PcPhase,
}

/// A histogram family built by a plain function, as prometheus-client needs.
pub type PcHistogramFamily<L> = Family<L, PcHistogram, fn() -> PcHistogram>;

/// The sync catalogue written by hand on prometheus-client.
#[derive(Clone, Debug)]
pub struct PcSync {
    /// `sync_attempts`.
    pub attempts: Family<AttemptLabels, PcCounter>,
    /// `sync_transferred_bytes`.
    pub transferred: Family<TransferLabels, PcCounter>,
    /// `sync_in_flight`.
    pub in_flight: Family<ProtocolLabels, PcGauge>,
    /// `sync_phase_duration_seconds`.
    pub phase_duration: PcHistogramFamily<PhaseLabels>,
    /// `sync_session_duration_seconds`.
    pub session_duration: PcHistogramFamily<ProtocolLabels>,
}

fn phase_histogram() -> PcHistogram {
    PcHistogram::new(exponential_buckets(0.001, 2.0, 15))
}

fn session_histogram() -> PcHistogram {
    PcHistogram::new(exponential_buckets(0.01, 2.0, 10))
}

impl Default for PcSync {
    fn default() -> Self {
        Self::new()
    }
}

impl PcSync {
    /// Empty families.
    pub fn new() -> Self {
        Self {
            attempts: Family::default(),
            transferred: Family::default(),
            in_flight: Family::default(),
            phase_duration: Family::new_with_constructor(phase_histogram),
            session_duration: Family::new_with_constructor(session_histogram),
        }
    }

    /// Registers under the `sync` prefix, as `SyncMetrics::register` does.
    pub fn register(&self, registry: &mut Registry) {
        let sub = registry.sub_registry_with_prefix("sync");
        sub.register(
            "attempts",
            "Sync attempts by protocol and outcome",
            self.attempts.clone(),
        );
        sub.register_with_unit(
            "transferred",
            "Bytes moved by protocol and direction",
            Unit::Bytes,
            self.transferred.clone(),
        );
        sub.register(
            "in_flight",
            "Sessions in flight by protocol",
            self.in_flight.clone(),
        );
        sub.register_with_unit(
            "phase_duration",
            "Duration of each sync phase",
            Unit::Seconds,
            self.phase_duration.clone(),
        );
        sub.register_with_unit(
            "session_duration",
            "Whole-session duration by protocol",
            Unit::Seconds,
            self.session_duration.clone(),
        );
    }

    /// Records the same values as [`SyncMetrics::record_all`]; this also
    /// creates every series, which prometheus-client only exports once
    /// touched.
    pub fn record_all(&self) {
        let outcomes = [PcOutcome::success, PcOutcome::failure, PcOutcome::timeout];
        let directions = [PcDirection::sent, PcDirection::received];
        let phases = [
            PcPhase::handshake,
            PcPhase::diff,
            PcPhase::transfer,
            PcPhase::apply,
        ];
        for (i, protocol) in PcProtocol::ALL.into_iter().enumerate() {
            for (j, outcome) in outcomes.into_iter().enumerate() {
                self.attempts
                    .get_or_create(&AttemptLabels { protocol, outcome })
                    .inc_by((i * 3 + j) as u64);
            }
            for direction in directions {
                self.transferred
                    .get_or_create(&TransferLabels {
                        protocol,
                        direction,
                    })
                    .inc_by(1024 * (i as u64 + 1));
            }
            self.in_flight
                .get_or_create(&ProtocolLabels { protocol })
                .set(i as i64);
            self.session_duration
                .get_or_create(&ProtocolLabels { protocol })
                .observe(value(i * 2));
        }
        for (i, phase) in phases.into_iter().enumerate() {
            self.phase_duration
                .get_or_create(&PhaseLabels { phase })
                .observe(value(i * 3));
        }
    }
}

/// The catalogue declared with `#[metrics_family]`, recorded into and
/// registered.
pub fn ours_registry() -> (SyncMetrics, Registry) {
    let metrics = SyncMetrics::new();
    metrics.record_all();
    let mut registry = Registry::default();
    metrics
        .register(&mut registry)
        .expect("a fresh registry has no duplicate");
    (metrics, registry)
}

/// The same catalogue on prometheus-client, recorded into and registered.
pub fn pc_registry() -> (PcSync, Registry) {
    let metrics = PcSync::new();
    metrics.record_all();
    let mut registry = Registry::default();
    metrics.register(&mut registry);
    (metrics, registry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use metrics_runtime::{encode, Format};

    fn samples(registry: &Registry) -> Vec<String> {
        let text = encode(registry, Format::Text).expect("encodes");
        let mut lines: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn both_catalogues_export_the_same_samples() {
        let (_, ours) = ours_registry();
        let (_, pc) = pc_registry();
        let ours = samples(&ours);
        let pc = samples(&pc);
        assert_eq!(ours.len(), CATALOGUE_SAMPLES);
        assert_eq!(pc.len(), CATALOGUE_SAMPLES);
        // Bucket bounds may differ in the last digit (powers against repeated
        // products), so compare everything but the `le` label's value.
        let strip_le = |l: &String| match l.find("le=\"") {
            Some(at) => {
                let end = l[at + 4..].find('"').expect("closed") + at + 4;
                format!("{}{}", &l[..at], &l[end..])
            }
            None => l.clone(),
        };
        let mut ours: Vec<String> = ours.iter().map(strip_le).collect();
        let mut pc: Vec<String> = pc.iter().map(strip_le).collect();
        ours.sort();
        pc.sort();
        assert_eq!(ours, pc);
    }
}
