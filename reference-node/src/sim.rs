//! A simulated node recording into the whole catalogue.
//!
//! [`Simulation::step`] advances the node by one tick of [`TICK`] simulated
//! time: sync sessions choose protocols, go through phases and sometimes
//! fail; network events pass through a bounded channel that drops when full;
//! contexts execute; governance operations apply or are rejected; self-purge
//! sweeps produce every outcome. Durations are simulated, not slept, so a
//! 100 s execution costs nothing.
//!
//! The rare events the reference alerts on (verification failures, buffer
//! drops, blocked snapshots, channel drops, signing-key purge failures,
//! `retained` outcomes, dropped self-purge events) recur on fixed periods of
//! at most 20 ticks, so any window of a few seconds of a node stepping every
//! [`TICK`] sees each of them. Everything is drawn from a seeded [`Rng`]: the
//! same seed gives the same run.
//!
//! That is [`Faults::All`], the default. [`Faults::Only`] runs a healthy node
//! instead, on which none of the declared alerts fires, except for the
//! faults it names ([`Trip`]): the end-to-end run drives one to trip chosen
//! alerts and leave the others quiet.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Duration;

use crate::governance::RejectReason;
use crate::self_purge::{Branch, PurgeClass, ReconcileOutcome};
use crate::sync::{Phase, Protocol};
use crate::ReferenceMetrics;

/// Simulated time per [`Simulation::step`].
pub const TICK: Duration = Duration::from_millis(100);

/// The capacity of the simulated network event channel, as the reference's
/// utilisation query assumes.
pub const CHANNEL_CAPACITY: usize = 1000;

/// Context ids that would break an exposition written without escaping: a
/// quote, a backslash, a newline, an attempt to forge a sample, and
/// non-ASCII text. The simulation executes them like any other context, so
/// every scrape carries them.
pub const HOSTILE_CONTEXT_IDS: [&str; 5] = [
    "ctx\"quote",
    "ctx\\back\\slash",
    "ctx\nnewline",
    "ctx\"} 1\nexecution_count{context_id=\"forged\"} 99\n# EOF\n",
    "ctx-日本語-コンテキスト",
];

/// The number of ordinary context ids (`ctx-00` ...).
pub const CONTEXTS: usize = 36;

/// A small deterministic PRNG (SplitMix64): enough for a simulation, and no
/// dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`; `lo` when the range is empty.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.next_u64() % (hi - lo)
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Log-uniform in `[lo, hi)`: spreads durations over orders of magnitude.
    pub fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp()
    }

    /// One of `items`, chosen with the given weights.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut pick = self.range(0, u64::from(total)) as u32;
        for (item, weight) in items {
            if pick < *weight {
                return *item;
            }
            pick -= weight;
        }
        items[items.len() - 1].0
    }
}

/// How often the adaptive selector picks each protocol: mostly hash
/// comparison, as in a healthy cluster.
const SELECTION: [(Protocol, u32); 7] = [
    (Protocol::None, 6),
    (Protocol::Snapshot, 4),
    (Protocol::HashComparison, 50),
    (Protocol::DeltaSync, 16),
    (Protocol::SubtreePrefetch, 8),
    (Protocol::LevelWise, 9),
    (Protocol::BloomFilter, 7),
];

/// A fault of the simulated node, each tripping one declared alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trip {
    /// Snapshot verification fails now and then (`SyncSnapshotVerificationFailed`;
    /// each fails its session too, so `SyncFailureRateHigh` fires for
    /// `protocol="snapshot"` as well).
    VerificationFailures,
    /// The delta buffer drops deltas (`SyncDeltaBufferDrops`).
    BufferDrops,
    /// Snapshots are attempted on initialized nodes (`SyncSnapshotBlocked`;
    /// each is a failed attempt too, so `SyncFailureRateHigh` fires for
    /// `protocol="snapshot"` as well).
    SnapshotBlocked,
    /// Every snapshot session fails, about 13 a second (`SyncFailureRateHigh`
    /// for `protocol="snapshot"`).
    SyncFailures,
    /// A burst overflows the event channel every 2 s, drained within the
    /// same tick (`NetworkEventChannelDrops`, and no backlog).
    ChannelDrops,
    /// An event is counted as received but never queued, processed or
    /// dropped, every second (`NetworkEventChannelAccountingMismatch`).
    ChannelLeak,
    /// A signing-key purge fails every second, in the namespace branch
    /// (`SelfPurgeSigningKeyResidue`).
    SigningKey,
    /// The startup reconcile sweep, before the first scrape, retains a
    /// namespace (`SelfPurgeNamespaceRetained`).
    Retained,
    /// The self-purge subscriber lags and drops events (`SelfPurgeEventsDropped`).
    EventsDropped,
}

impl Trip {
    /// Every fault, in declaration order.
    pub const ALL: [Trip; 9] = [
        Trip::VerificationFailures,
        Trip::BufferDrops,
        Trip::SnapshotBlocked,
        Trip::SyncFailures,
        Trip::ChannelDrops,
        Trip::ChannelLeak,
        Trip::SigningKey,
        Trip::Retained,
        Trip::EventsDropped,
    ];

    /// The fault's name on the command line (`reference-node --trip ...`).
    pub fn name(self) -> &'static str {
        match self {
            Trip::VerificationFailures => "verification-failures",
            Trip::BufferDrops => "buffer-drops",
            Trip::SnapshotBlocked => "snapshot-blocked",
            Trip::SyncFailures => "sync-failures",
            Trip::ChannelDrops => "channel-drops",
            Trip::ChannelLeak => "channel-leak",
            Trip::SigningKey => "signing-key",
            Trip::Retained => "retained",
            Trip::EventsDropped => "events-dropped",
        }
    }

    /// The fault called `name`.
    pub fn from_name(name: &str) -> Option<Trip> {
        Trip::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The declared alert the fault trips.
    pub fn alert(self) -> &'static str {
        match self {
            Trip::VerificationFailures => "SyncSnapshotVerificationFailed",
            Trip::BufferDrops => "SyncDeltaBufferDrops",
            Trip::SnapshotBlocked => "SyncSnapshotBlocked",
            Trip::SyncFailures => "SyncFailureRateHigh",
            Trip::ChannelDrops => "NetworkEventChannelDrops",
            Trip::ChannelLeak => "NetworkEventChannelAccountingMismatch",
            Trip::SigningKey => "SelfPurgeSigningKeyResidue",
            Trip::Retained => "SelfPurgeNamespaceRetained",
            Trip::EventsDropped => "SelfPurgeEventsDropped",
        }
    }
}

/// Which faults the simulated node has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Faults {
    /// Every rare event the reference alerts on recurs, and sessions fail at
    /// realistic rates: what the reference's queries need to return data.
    All,
    /// A healthy node (no session fails, no storm overflows the channel, one
    /// clean reconcile sweep at startup), with only these faults.
    Only(Vec<Trip>),
}

impl Faults {
    /// Whether `trip` happens.
    pub fn has(&self, trip: Trip) -> bool {
        match self {
            Faults::All => true,
            Faults::Only(trips) => trips.contains(&trip),
        }
    }

    /// Parses `--trip`'s value: fault names separated by commas, or `none`
    /// for a healthy node.
    pub fn parse(list: &str) -> Result<Faults, String> {
        if list == "none" {
            return Ok(Faults::Only(Vec::new()));
        }
        let mut trips = Vec::new();
        for name in list.split(',') {
            match Trip::from_name(name.trim()) {
                Some(t) if !trips.contains(&t) => trips.push(t),
                Some(_) => {}
                None => {
                    let names: Vec<&str> = Trip::ALL.iter().map(|t| t.name()).collect();
                    return Err(format!(
                        "unknown fault `{name}`; the faults are {}, or `none`",
                        names.join(", ")
                    ));
                }
            }
        }
        Ok(Faults::Only(trips))
    }
}

/// A network event in the channel: when it was enqueued, in simulated time.
#[derive(Debug)]
struct Event {
    enqueued: Duration,
}

/// The simulated node. Create it with [`Simulation::new`], call
/// [`Simulation::step`] once per [`TICK`].
pub struct Simulation {
    metrics: Arc<ReferenceMetrics>,
    faults: Faults,
    rng: Rng,
    tick: u64,
    now: Duration,
    sender: SyncSender<Event>,
    receiver: Receiver<Event>,
    contexts: Vec<String>,
    groups: Vec<String>,
}

impl Simulation {
    /// A node recording into `metrics`, drawing from a PRNG seeded with
    /// `seed`, with [`Faults::All`].
    pub fn new(metrics: Arc<ReferenceMetrics>, seed: u64) -> Self {
        Self::with_faults(metrics, seed, Faults::All)
    }

    /// A node with the given faults.
    pub fn with_faults(metrics: Arc<ReferenceMetrics>, seed: u64, faults: Faults) -> Self {
        let (sender, receiver) = sync_channel(CHANNEL_CAPACITY);
        Self {
            metrics,
            faults,
            rng: Rng::new(seed),
            tick: 0,
            now: Duration::ZERO,
            sender,
            receiver,
            contexts: (0..CONTEXTS)
                .map(|i| format!("ctx-{i:02}"))
                .chain(HOSTILE_CONTEXT_IDS.iter().map(|id| (*id).to_owned()))
                .collect(),
            groups: (0..6).map(|i| format!("group-{i}")).collect(),
        }
    }

    /// The number of ticks run so far.
    pub fn ticks(&self) -> u64 {
        self.tick
    }

    /// The metrics it records into.
    pub fn metrics(&self) -> &ReferenceMetrics {
        &self.metrics
    }

    /// Advances the node by one [`TICK`].
    pub fn step(&mut self) {
        self.tick += 1;
        self.now += TICK;
        self.sync_sessions();
        self.network_events();
        self.context_executions();
        self.governance();
        self.self_purge();
    }

    /// Whether this tick is the `offset`th of every `period` ticks.
    fn every(&self, period: u64, offset: u64) -> bool {
        self.tick % period == offset % period
    }

    fn sync_sessions(&mut self) {
        // A node syncing with many peers: ~320 sessions a second, enough
        // failures for the reference's `> 0.1/s` failure-rate alert to fire
        // on a 5m rate even when Prometheus holds only seconds of data.
        let sessions = self.rng.range(24, 40);
        for _ in 0..sessions {
            let protocol = self.rng.weighted(&SELECTION);
            self.sync_session(protocol, false);
        }
        // Invariant I7: now and then a node falls behind, catches up with a
        // snapshot, and the state hash after it does not match.
        if self.faults.has(Trip::VerificationFailures) && self.every(13, 4) {
            self.sync_session(Protocol::Snapshot, true);
        }
        let sync = &self.metrics.sync;
        // Invariant I5: a snapshot attempted on an initialized node is
        // blocked before it starts.
        if self.faults.has(Trip::SnapshotBlocked) && self.every(15, 3) {
            sync.protocol_selections.inc(Protocol::Snapshot);
            sync.attempts.inc(Protocol::Snapshot);
            sync.snapshot_blocked.inc();
            sync.failures.inc(Protocol::Snapshot);
        }
        // Invariant I6: deltas arriving faster than the bounded delta buffer
        // drains.
        if self.faults.has(Trip::BufferDrops) && self.every(12, 7) {
            sync.buffer_drops.inc_by(self.rng.range(1, 4));
        }
    }

    /// One session of `protocol`; `verification_fails` makes the state hash
    /// check after applying a snapshot fail, failing the session.
    fn sync_session(&mut self, protocol: Protocol, verification_fails: bool) {
        let sync = &self.metrics.sync;
        sync.protocol_selections.inc(protocol);
        sync.attempts.inc(protocol);
        let rng = &mut self.rng;

        // What each protocol costs: round trips, messages, bytes per message,
        // entities moved, and a scale for its phase durations (seconds).
        let (round_trips, entities, message_bytes, scale) = match protocol {
            Protocol::None => (1, 0, 128, 0.002),
            Protocol::Snapshot => (rng.range(1, 3), rng.range(500, 5000), 65_536, 1.5),
            Protocol::HashComparison => (rng.range(4, 14), rng.range(0, 40), 512, 0.008),
            Protocol::DeltaSync => (rng.range(1, 4), rng.range(1, 60), 2048, 0.01),
            Protocol::SubtreePrefetch => (rng.range(2, 5), rng.range(20, 400), 8192, 0.05),
            Protocol::LevelWise => (rng.range(3, 20), rng.range(5, 200), 1024, 0.08),
            Protocol::BloomFilter => (rng.range(2, 4), rng.range(0, 80), 4096, 0.012),
        };
        let messages = round_trips * 2;
        sync.round_trips.inc_by(protocol, round_trips);
        sync.messages_sent.inc_by(protocol, messages);
        sync.bytes_sent.inc_by(
            protocol,
            messages * message_bytes + rng.range(0, message_bytes),
        );

        let phases: &[Phase] = if protocol == Protocol::None {
            &[Phase::Discovery]
        } else {
            &Phase::ALL
        };
        let mut total = 0.0;
        for phase in phases {
            let weight = match phase {
                Phase::Discovery => 0.2,
                Phase::Comparison => 0.5,
                Phase::Transfer => 1.0,
                Phase::Apply => 0.6,
            };
            let seconds = scale * weight * rng.log_uniform(0.3, 4.0);
            sync.phase_duration.observe(*phase, seconds);
            total += seconds;
        }
        sync.duration.observe(protocol, total);

        if protocol == Protocol::HashComparison {
            sync.comparisons.inc_by(round_trips * rng.range(16, 64));
        }
        if entities > 0 {
            sync.entities_transferred.inc_by(entities);
            sync.merges.inc_by(protocol, rng.range(0, entities / 2 + 1));
        }
        if rng.chance(0.03) {
            sync.lww_fallback.inc();
        }

        let failure_rate = match (&self.faults, protocol) {
            (_, Protocol::None) => 0.0,
            (Faults::All, Protocol::Snapshot) => 0.15,
            (Faults::All, Protocol::HashComparison) => 0.06,
            (Faults::All, _) => 0.08,
            (Faults::Only(trips), Protocol::Snapshot) if trips.contains(&Trip::SyncFailures) => 1.0,
            (Faults::Only(_), _) => 0.0,
        };
        if verification_fails {
            sync.verification_failures.inc();
            sync.failures.inc(protocol);
        } else if rng.chance(failure_rate) {
            sync.failures.inc(protocol);
        } else {
            sync.successes.inc(protocol);
        }
    }

    /// The network layer offers a burst of events; the node manager drains
    /// the channel, except while it is busy (every 2 s, for 0.4 s), when
    /// bursts fill the channel and further events are dropped.
    fn network_events(&mut self) {
        let channel = &self.metrics.network_event_channel;
        // A gossip storm: four ticks of at least 270 events against a
        // stalled manager overflow the channel's 1000 slots every time.
        let storm = self.faults == Faults::All && self.tick % 20 >= 16;
        // A healthy node's burst: more than the channel holds in one tick,
        // drained within it, so events drop but no scrape sees a backlog.
        let burst =
            self.faults != Faults::All && self.faults.has(Trip::ChannelDrops) && self.every(20, 16);
        let offered = if storm {
            self.rng.range(270, 330)
        } else if burst {
            CHANNEL_CAPACITY as u64 + 100
        } else {
            self.rng.range(20, 120)
        };
        // An event counted in and then lost: neither queued nor dropped.
        if self.faults != Faults::All && self.faults.has(Trip::ChannelLeak) && self.every(10, 3) {
            channel.received.inc();
        }
        for _ in 0..offered {
            channel.received.inc();
            match self.sender.try_send(Event { enqueued: self.now }) {
                Ok(()) => channel.depth.inc(),
                // The simulation owns the receiver, so the channel is never
                // disconnected; if it were, the event would be lost as well.
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => channel.dropped.inc(),
            }
        }
        // The manager is stalled during a storm; otherwise it drains far
        // faster than events arrive.
        let capacity = if storm { 10 } else { 1500 };
        for _ in 0..capacity {
            let Ok(event) = self.receiver.try_recv() else {
                break;
            };
            channel.depth.dec();
            channel.processed.inc();
            // Waited whole ticks in the queue, plus the dequeue itself.
            let queued = (self.now - event.enqueued).as_secs_f64();
            channel
                .processing_latency
                .observe(queued + self.rng.log_uniform(0.0002, 0.02));
        }
    }

    fn context_executions(&mut self) {
        let context = &self.metrics.context;
        let executions = self.rng.range(3, 10);
        for _ in 0..executions {
            // A few contexts are busy, the rest occasional.
            let index = if self.rng.chance(0.5) {
                self.rng.range(0, 5)
            } else {
                self.rng.range(0, self.contexts.len() as u64)
            } as usize;
            let id = &self.contexts[index];
            let seconds = if self.rng.chance(0.04) {
                // Slow: more than the 32 s the reference's query looks for.
                self.rng.log_uniform(33.0, 900.0)
            } else {
                self.rng.log_uniform(0.05, 12.0)
            };
            context.execution_count.inc(id);
            context.execution_duration.observe(id, seconds);
        }
        // Every context sees a slow execution now and then.
        if self.every(5, 2) {
            let id = &self.contexts[(self.tick / 5) as usize % self.contexts.len()];
            context.execution_count.inc(id);
            context
                .execution_duration
                .observe(id, self.rng.log_uniform(40.0, 2000.0));
        }
    }

    fn governance(&mut self) {
        let governance = &self.metrics.governance;
        governance.ops_applied.inc_by(self.rng.range(0, 6));
        if self.rng.chance(0.3) {
            let reason = self.rng.weighted(&[
                (RejectReason::Authorization, 2),
                (RejectReason::StaleState, 5),
                (RejectReason::Validation, 3),
                (RejectReason::Other, 1),
            ]);
            governance.ops_rejected.inc(reason);
        }
        for group in &self.groups {
            let heads = governance.dag_heads.with(group);
            // Heads fork under concurrent writes and merge back to one.
            let next = if heads.get() <= 1 || self.rng.chance(0.5) {
                heads.get() + self.rng.range(0, 2) as i64
            } else {
                heads.get() - 1
            };
            heads.set(next.max(1));
        }
        if self.every(20, 11) {
            governance.heartbeat_mismatches.inc();
        }
    }

    /// A reconcile sweep every second processes three marked namespaces:
    /// one reconciles, one stays `retained` (its signing-key purge keeps
    /// failing), and one takes the other outcomes in turn. Purges fail now
    /// and then; the broadcast subscriber lags now and then.
    fn self_purge(&mut self) {
        let purge = &self.metrics.self_purge;
        if self.faults != Faults::All {
            self.healthy_self_purge();
            return;
        }
        if self.every(10, 0) {
            let others = [
                ReconcileOutcome::ClearedStale,
                ReconcileOutcome::StaleClearFailed,
                ReconcileOutcome::Skipped,
            ];
            let reconcile = &purge.self_purge_reconcile;
            reconcile.inc(ReconcileOutcome::Reconciled);
            reconcile.inc(ReconcileOutcome::Retained);
            reconcile.inc(others[(self.tick / 10) as usize % others.len()]);
        }
        if self.every(10, 5) {
            let branch = if self.rng.chance(0.5) {
                Branch::Namespace
            } else {
                Branch::Subgroup
            };
            purge
                .self_purge_failures
                .inc(branch, PurgeClass::SigningKey);
        }
        if self.every(7, 1) {
            let branch = if self.rng.chance(0.7) {
                Branch::Namespace
            } else {
                Branch::Subgroup
            };
            purge
                .self_purge_failures
                .inc(branch, PurgeClass::ContextCleanup);
        }
        if self.every(16, 9) {
            purge.self_purge_events_dropped.inc_by(self.rng.range(1, 3));
        }
    }

    /// A healthy node's self-purge: one reconcile sweep, at startup (the
    /// first tick, before any scrape), that retains a namespace only with
    /// [`Trip::Retained`]; dead-pointer cleanups failing now and then
    /// (informational); signing-key failures and lagging events only with
    /// their faults.
    fn healthy_self_purge(&mut self) {
        let purge = &self.metrics.self_purge;
        if self.tick == 1 {
            let reconcile = &purge.self_purge_reconcile;
            reconcile.inc(ReconcileOutcome::Reconciled);
            reconcile.inc(ReconcileOutcome::ClearedStale);
            if self.faults.has(Trip::Retained) {
                reconcile.inc(ReconcileOutcome::Retained);
            }
        }
        if self.faults.has(Trip::SigningKey) && self.every(10, 5) {
            purge
                .self_purge_failures
                .inc(Branch::Namespace, PurgeClass::SigningKey);
        }
        if self.every(7, 1) {
            purge
                .self_purge_failures
                .inc(Branch::Subgroup, PurgeClass::ContextCleanup);
        }
        if self.faults.has(Trip::EventsDropped) && self.every(16, 9) {
            purge.self_purge_events_dropped.inc_by(1);
        }
    }
}

/// Whether `text` is a Prometheus duration: `0`, or numbers with units from
/// largest to smallest, each once (`5m`, `1h30m`, `100ms`).
pub fn is_duration(text: &str) -> bool {
    const UNITS: [&str; 7] = ["y", "w", "d", "h", "m", "s", "ms"];
    if text == "0" {
        return true;
    }
    let mut rest = text;
    let mut last: Option<usize> = None;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = if rest.starts_with("ms") {
            6
        } else {
            match UNITS[..6].iter().position(|u| rest.starts_with(u)) {
                Some(i) => i,
                None => return false,
            }
        };
        if last.is_some_and(|l| unit <= l) {
            return false;
        }
        last = Some(unit);
        rest = &rest[UNITS[unit].len()..];
    }
    true
}
