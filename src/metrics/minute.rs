//! Per-minute accounting: event counters and the gauge metrics the endpoint publishes.
//!
//! How a within-minute statistic is computed (docs/aws-semantics.md §3.1, issue 3): the endpoint
//! state is sampled every `sample_interval` (default 10 s) at times `k·interval` from the start of
//! the run; a sample at time T sees the state after every event at or before T. A minute's
//! datapoint aggregates the samples taken in `[60·m, 60·m + 60)`: SampleCount is their
//! number, Sum their sum, Minimum/Maximum their extremes, and Average = Sum ÷ SampleCount.
//! So a request that arrives 30 s into an idle minute gives HasBacklogWithoutCapacity an
//! Average of about 0.5 for that minute. Sampling is lazy: no events are queued for it.
//!
//! The inference-component metrics (docs/aws-semantics.md §6.3, §6.4):
//! `NoCapacityInvocationFailures` is the number of attempts refused in the minute (a datapoint
//! every minute, 0 when none); `InvocationsPerCopy` is the attempts accepted in the minute ÷ the
//! average InService copies over the minute's samples (no datapoint with no copy); and
//! `ConcurrentRequestsPerCopy` samples (queued + in flight) ÷ InService copies (no sample
//! with no copy).
//!
//! `ApproximateBacklogSizePerInstance` divides by InService instances (docs/aws-semantics.md §3.2);
//! with none InService its sample is either the whole backlog (`tt_from_zero = backlog_as_metric`,
//! the default, docs/aws-semantics.md §1.6) or absent (`no_data`), and a minute with no samples has
//! no datapoint.

use super::{EndpointMetric, StatisticSet, METRIC_COUNT};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// What ApproximateBacklogSizePerInstance reports while no instance is InService
/// (docs/aws-semantics.md §1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TtFromZero {
    /// The metric equals the total backlog, so target tracking can scale out from zero.
    #[default]
    BacklogAsMetric,
    /// No datapoint: target tracking alone can never leave zero.
    NoData,
}

/// What ApproximateBacklogSizePerInstance divides by (docs/aws-semantics.md §3.2, an [I] rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PerInstanceDenominator {
    /// InService instances only (default).
    #[default]
    InService,
    /// InService plus Pending instances.
    InServiceAndPending,
}

/// The endpoint state a sample reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gauges {
    /// Requests queued plus in flight.
    pub backlog: u32,
    /// InService instances (not pending, not draining).
    pub in_service: u32,
    /// Pending instances.
    pub pending: u32,
    /// Arrival time of the oldest request not yet finished.
    pub oldest_arrival: Option<SimTime>,
}

#[derive(Debug, Clone, Copy)]
struct Acc {
    count: u32,
    sum: f64,
    min: f64,
    max: f64,
}

impl Acc {
    const EMPTY: Acc = Acc {
        count: 0,
        sum: 0.0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
    };

    fn add(&mut self, v: f64) {
        self.count += 1;
        self.sum += v;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    fn finish(self) -> Option<StatisticSet> {
        (self.count > 0).then_some(StatisticSet {
            sample_count: f64::from(self.count),
            sum: self.sum,
            minimum: self.min,
            maximum: self.max,
        })
    }
}

/// Event counts of one minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MinuteCounts {
    /// Requests that arrived (first attempts).
    pub arrivals: u64,
    /// Attempts accepted by the endpoint (first attempts and retries).
    pub invocations: u64,
    /// Attempts refused for lack of capacity (NoCapacityInvocationFailures).
    pub rejected: u64,
    /// Requests that started processing.
    pub started: u64,
    /// Requests that completed.
    pub completed: u64,
    /// Requests that expired in the queue (TTL).
    pub expired: u64,
    /// Requests that failed (invocation timeout).
    pub failed: u64,
}

/// Accumulates the current minute.
#[derive(Debug)]
pub struct MinuteAccumulator {
    interval: SimDuration,
    next_sample: SimTime,
    tt_from_zero: TtFromZero,
    denominator: PerInstanceDenominator,
    acc: [Acc; METRIC_COUNT],
    /// Samples of InService instances (the per-copy denominator of InvocationsPerCopy).
    in_service: Acc,
    /// Counters of the minute being accumulated.
    pub counts: MinuteCounts,
}

impl MinuteAccumulator {
    /// Start at time 0 with samples every `interval` (at least 1 µs).
    pub fn new(
        interval: SimDuration,
        tt_from_zero: TtFromZero,
        denominator: PerInstanceDenominator,
    ) -> MinuteAccumulator {
        MinuteAccumulator {
            interval: SimDuration(interval.0.max(1)),
            next_sample: SimTime::ZERO,
            tt_from_zero,
            denominator,
            acc: [Acc::EMPTY; METRIC_COUNT],
            in_service: Acc::EMPTY,
            counts: MinuteCounts::default(),
        }
    }

    /// Whether a sample is due before time `t` (so the caller should read the gauges).
    #[inline]
    pub fn sample_due_before(&self, t: SimTime) -> bool {
        self.next_sample < t
    }

    /// Take every sample due before `t`, all seeing `gauges`, but no later than `limit`
    /// (exclusive; the end of the current minute).
    pub fn sample_until(&mut self, t: SimTime, limit: SimTime, gauges: &Gauges) {
        let end = t.min(limit);
        while self.next_sample < end {
            let at = self.next_sample;
            self.add_sample(at, gauges);
            self.next_sample = at.after(self.interval);
        }
    }

    fn add_sample(&mut self, at: SimTime, g: &Gauges) {
        let backlog = f64::from(g.backlog);
        self.acc[0].add(backlog);
        let instances = match self.denominator {
            PerInstanceDenominator::InService => g.in_service,
            PerInstanceDenominator::InServiceAndPending => g.in_service + g.pending,
        };
        if instances > 0 {
            self.acc[1].add(backlog / f64::from(instances));
        } else if self.tt_from_zero == TtFromZero::BacklogAsMetric {
            self.acc[1].add(backlog);
        }
        let age = g.oldest_arrival.map_or(0.0, |a| at.since(a).as_secs_f64());
        self.acc[2].add(age);
        let no_capacity = g.backlog > 0 && g.in_service == 0;
        self.acc[3].add(if no_capacity { 1.0 } else { 0.0 });
        if g.in_service > 0 {
            self.acc[6].add(backlog / f64::from(g.in_service));
        }
        self.in_service.add(f64::from(g.in_service));
    }

    /// Close the minute: return its counters and datapoints (in [`EndpointMetric::ALL`]
    /// order) and reset for the next one.
    pub fn close(&mut self) -> (MinuteCounts, [Option<StatisticSet>; METRIC_COUNT]) {
        let mut stats = self.acc.map(Acc::finish);
        debug_assert_eq!(EndpointMetric::ALL.len(), stats.len());
        stats[4] = Some(StatisticSet::single(self.counts.rejected as f64));
        let copies = self.in_service.finish().map_or(0.0, |s| s.average());
        stats[5] =
            (copies > 0.0).then(|| StatisticSet::single(self.counts.invocations as f64 / copies));
        self.acc = [Acc::EMPTY; METRIC_COUNT];
        self.in_service = Acc::EMPTY;
        (std::mem::take(&mut self.counts), stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(backlog: u32, in_service: u32) -> Gauges {
        Gauges {
            backlog,
            in_service,
            pending: 0,
            oldest_arrival: (backlog > 0).then_some(SimTime::ZERO),
        }
    }

    #[test]
    fn request_mid_minute_gives_fractional_average() {
        let mut m = MinuteAccumulator::new(
            SimDuration::from_secs(10),
            TtFromZero::BacklogAsMetric,
            PerInstanceDenominator::InService,
        );
        let end = SimTime::from_secs(60);
        // Idle until t = 30 s, then one request waiting with no instance.
        m.sample_until(SimTime::from_secs(30), end, &g(0, 0));
        m.sample_until(SimTime::from_secs(60), end, &g(1, 0));
        let (_, s) = m.close();
        let hbwc = s[3].unwrap();
        assert_eq!(hbwc.sample_count, 6.0);
        assert_eq!(hbwc.average(), 0.5);
        let per_instance = s[1].unwrap();
        assert_eq!((per_instance.minimum, per_instance.maximum), (0.0, 1.0));
        // The sample at t = 50 s sees the request that arrived at 0 s... here oldest_arrival=0.
        assert_eq!(s[2].unwrap().maximum, 50.0);
    }

    #[test]
    fn no_data_at_zero_instances_leaves_no_datapoint() {
        let mut m = MinuteAccumulator::new(
            SimDuration::from_secs(10),
            TtFromZero::NoData,
            PerInstanceDenominator::InService,
        );
        m.sample_until(SimTime::from_secs(60), SimTime::from_secs(60), &g(3, 0));
        let (_, s) = m.close();
        assert!(s[1].is_none());
        assert_eq!(s[0].unwrap().average(), 3.0);
        m.sample_until(SimTime::from_secs(120), SimTime::from_secs(120), &g(4, 2));
        let (_, s) = m.close();
        assert_eq!(s[1].unwrap().average(), 2.0);
    }

    #[test]
    fn samples_stop_at_minute_limit() {
        let mut m = MinuteAccumulator::new(
            SimDuration::from_secs(10),
            TtFromZero::NoData,
            PerInstanceDenominator::InService,
        );
        m.sample_until(SimTime::from_secs(500), SimTime::from_secs(60), &g(0, 1));
        let (_, s) = m.close();
        assert_eq!(s[0].unwrap().sample_count, 6.0);
    }
}
