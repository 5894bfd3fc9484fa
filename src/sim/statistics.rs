//! The run's accounting: request outcomes, latency and wait statistics, time integrals,
//! billing, fleet events, and the warm-up cut; it builds the [`RunSummary`].
//!
//! Every request outcome goes through one [`Statistics::record`], which feeds both the run
//! totals ([`RequestCounts`], by the request's first arrival, from the warm-up end) and the
//! counts of the current minute ([`MinuteCounts`], every event). Time-based figures (cost,
//! instance-hours, time at zero, mean instances) and fleet events (cold starts, scale
//! events) count from the warm-up end.

use super::summary::{AllRequestsLatency, LatencySummary, RequestCounts, RunSummary, WaitSummary};
use super::SimConfig;
use crate::cost::{BillFrom, Billing};
use crate::endpoint::fleet::{FleetCounts, StoppedInstance};
use crate::metrics::histogram::DurationStats;
use crate::metrics::minute::MinuteCounts;
use crate::time::SimTime;

/// One thing that happened to a request (an attempt, or its outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tally {
    /// It arrived (first attempt).
    Arrived,
    /// An attempt was accepted; `cold_first`: the request now waits for a cold start, for
    /// the first time.
    Accepted {
        /// First time it waits for a cold start.
        cold_first: bool,
    },
    /// It started processing now.
    Started,
    /// It completed now.
    Completed,
    /// It ran into the invocation timeout.
    Failed,
    /// It reached its TTL in the queue.
    Expired,
    /// An attempt was refused for lack of capacity; `cold_first` as for `Accepted`;
    /// `retry`: the client tries again later, else it gives up (rejected).
    Refused {
        /// First time it waits for a cold start.
        cold_first: bool,
        /// The client retries.
        retry: bool,
    },
    /// A refused attempt comes back for its retry.
    RetryDue,
}

/// Something the fleet did, counted by when it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FleetEvent {
    /// A unit was launched (a cold start).
    ColdStart,
    /// Capacity went up.
    ScaleOut,
    /// Capacity went down.
    ScaleIn,
}

/// Time integrals, extended at every event.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Integrals {
    last: SimTime,
    busy_instance_micros: u128,
    zero_instance_micros: u128,
    /// Requests in flight × µs (kept only for policies with ticks).
    pub(super) in_flight_micros: u128,
    /// Requests queued × µs (kept only for policies with ticks).
    pub(super) queued_micros: u128,
}

/// Billing and time integrals at the warm-up end, subtracted from the final figures.
#[derive(Debug, Default, Clone, Copy)]
struct AtWarmupEnd {
    integrals: Integrals,
    billed_micros: u128,
    machine_micros: u128,
}

/// The accounting of one run.
pub(super) struct Statistics {
    /// The warm-up end: statistics count from here.
    measure_from: SimTime,
    counts: RequestCounts,
    latency: DurationStats,
    wait: DurationStats,
    pub(super) integrals: Integrals,
    at_warmup_end: AtWarmupEnd,
    cold_starts: u64,
    cold_start_waits: u64,
    scale_out_events: u64,
    scale_in_events: u64,
    retries: u64,
    no_capacity_failures: u64,
    /// Refused attempts waiting to be retried.
    retrying: u64,
    /// Billed machine time.
    pub(super) billing: Billing,
    /// Machine time from launch to stop whatever `bill_from` says (for `mean_instances`).
    pub(super) machine_time: Billing,
}

impl Statistics {
    /// Nothing counted yet; counting starts at `measure_from`.
    pub(super) fn new(measure_from: SimTime, bill_from: BillFrom, price_per_hour: f64) -> Self {
        Statistics {
            measure_from,
            counts: RequestCounts::default(),
            latency: DurationStats::new(),
            wait: DurationStats::new(),
            integrals: Integrals::default(),
            at_warmup_end: AtWarmupEnd::default(),
            cold_starts: 0,
            cold_start_waits: 0,
            scale_out_events: 0,
            scale_in_events: 0,
            retries: 0,
            no_capacity_failures: 0,
            retrying: 0,
            billing: Billing::new(bill_from, price_per_hour),
            machine_time: Billing::new(BillFrom::Launch, 0.0),
        }
    }

    /// The warm-up end.
    pub(super) fn measure_from(&self) -> SimTime {
        self.measure_from
    }

    /// Whether a request that arrived at `arrival`, or an event at that time, counts (it is
    /// not before the warm-up end).
    #[inline]
    pub(super) fn measured(&self, arrival: SimTime) -> bool {
        arrival >= self.measure_from
    }

    /// Measured requests that arrived so far.
    pub(super) fn arrived(&self) -> u64 {
        self.counts.arrived
    }

    /// Count `tally` of a request that first arrived at `arrival`, `now`, in the run totals
    /// and in `minute`.
    ///
    /// Always inlined: every call site passes a known `tally`, so the `match` folds away
    /// (out of line it was a jump table that mispredicted ~3.7 times per request).
    #[inline(always)]
    pub(super) fn record(
        &mut self,
        minute: &mut MinuteCounts,
        arrival: SimTime,
        now: SimTime,
        tally: Tally,
    ) {
        let measured = self.measured(arrival);
        let m = u64::from(measured);
        match tally {
            Tally::Arrived => {
                self.counts.arrived += m;
                minute.arrivals += 1;
            }
            Tally::Accepted { cold_first } => {
                minute.invocations += 1;
                self.cold_start_waits += m * u64::from(cold_first);
            }
            Tally::Started => {
                minute.started += 1;
                if measured {
                    self.wait.record(now.since(arrival));
                }
            }
            Tally::Completed => {
                self.counts.completed += m;
                minute.completed += 1;
                if measured {
                    self.latency.record(now.since(arrival));
                }
            }
            Tally::Failed => {
                self.counts.failed += m;
                minute.failed += 1;
            }
            Tally::Expired => {
                self.counts.expired += m;
                minute.expired += 1;
            }
            Tally::Refused { cold_first, retry } => {
                // Refusals, retries and rejections count with the request, by its first
                // arrival.
                self.no_capacity_failures += m;
                minute.rejected += 1;
                self.cold_start_waits += m * u64::from(cold_first);
                if retry {
                    self.retries += m;
                    self.retrying += 1;
                } else {
                    self.counts.rejected += m;
                }
            }
            Tally::RetryDue => self.retrying -= 1,
        }
    }

    /// Count a fleet event that happened `now`.
    #[inline]
    pub(super) fn fleet_event(&mut self, now: SimTime, event: FleetEvent) {
        let m = u64::from(self.measured(now));
        match event {
            FleetEvent::ColdStart => self.cold_starts += m,
            FleetEvent::ScaleOut => self.scale_out_events += m,
            FleetEvent::ScaleIn => self.scale_in_events += m,
        }
    }

    /// A billed machine stopped.
    pub(super) fn bill_stop(&mut self, s: &StoppedInstance) {
        self.billing.on_stop(s);
        self.machine_time.on_stop(s);
    }

    /// Extend the time integrals to `t` with the state as it was before `t`; `queued` only
    /// when a policy with ticks reads the in-flight and queued averages. `machines` (the
    /// machines billed) is asked for only when no unit is busy: a busy unit runs on a
    /// machine, so time with a busy unit is never time at zero.
    #[inline]
    pub(super) fn advance(
        &mut self,
        t: SimTime,
        c: &FleetCounts,
        machines: impl FnOnce() -> u32,
        queued: Option<u32>,
    ) {
        let i = &mut self.integrals;
        let dt = u128::from(t.since(i.last).0);
        if dt > 0 {
            i.busy_instance_micros += dt * u128::from(c.busy);
            if c.busy == 0 && machines() == 0 {
                i.zero_instance_micros += dt;
            }
            if let Some(queued) = queued {
                i.in_flight_micros += dt * u128::from(c.in_flight);
                i.queued_micros += dt * u128::from(queued);
            }
        }
        i.last = t;
    }

    /// The warm-up ends now, with `billed` and `machine` micros so far.
    pub(super) fn warmup_ends(&mut self, billed: u128, machine: u128) {
        self.at_warmup_end = AtWarmupEnd {
            integrals: self.integrals,
            billed_micros: billed,
            machine_micros: machine,
        };
    }

    /// Cost in USD of the billed time up to a point with `billed` micros, from the warm-up
    /// end.
    pub(super) fn cost_since_warmup(&self, billed: u128) -> f64 {
        self.billing
            .cost_usd(billed.saturating_sub(self.at_warmup_end.billed_micros))
    }

    /// Check that every request is accounted for, given those still `waiting` (queued or
    /// in flight) at the end (only without a warm-up, which hides some).
    pub(super) fn check_conservation(&self, waiting: u64) {
        debug_assert!(
            self.measure_from > SimTime::ZERO
                || self.in_system(&self.counts) == waiting + self.retrying,
            "conservation"
        );
    }

    fn in_system(&self, r: &RequestCounts) -> u64 {
        r.arrived
            .saturating_sub(r.completed + r.expired + r.failed + r.rejected)
    }

    /// The summary of a run of `config` with `seed` that ended at the horizon with
    /// `billed` and `machine` micros.
    pub(super) fn summary(
        mut self,
        config: &SimConfig,
        seed: u64,
        billed: u128,
        machine: u128,
    ) -> RunSummary {
        // The measured requests that have not left (all of them without a warm-up).
        self.counts.in_system_at_end = self.in_system(&self.counts);
        let horizon = config.horizon;
        let w = self.at_warmup_end;
        let billed = billed - w.billed_micros;
        let cost_usd = self.billing.cost_usd(billed);
        // Time measured: from the warm-up end to the horizon.
        let measured_micros = horizon.since(self.measure_from).0;
        let busy_micros = self.integrals.busy_instance_micros - w.integrals.busy_instance_micros;
        let zero_micros = self.integrals.zero_instance_micros - w.integrals.zero_instance_micros;
        let per_measured = |micros: u128| {
            if measured_micros > 0 {
                micros as f64 / measured_micros as f64
            } else {
                0.0
            }
        };
        RunSummary {
            scenario: config.name.clone(),
            seed,
            horizon_s: horizon.as_secs_f64(),
            warmup_s: config.warmup.as_secs_f64(),
            requests: self.counts,
            shares: self.counts.shares(),
            latency_s: LatencySummary::of(&self.latency),
            latency_all_s: AllRequestsLatency::of(&self.latency, self.counts.lost()),
            queue_wait_s: WaitSummary::of(&self.wait),
            cold_start_waits: self.cold_start_waits,
            cold_starts: self.cold_starts,
            no_capacity_failures: self.no_capacity_failures,
            retries: self.retries,
            mean_instances: per_measured(machine - w.machine_micros),
            instance_hours: billed as f64 / 3.6e9,
            busy_instance_hours: busy_micros as f64 / 3.6e9,
            cost_usd,
            cost_per_1k_requests_usd: (self.counts.completed > 0)
                .then(|| cost_usd / self.counts.completed as f64 * 1000.0),
            scale_out_events: self.scale_out_events,
            scale_in_events: self.scale_in_events,
            time_at_zero_fraction: per_measured(zero_micros),
            platform: config.endpoint.platform.kind().name().to_string(),
            instance_type: config.endpoint.instance_type.clone(),
            price_per_instance_hour: config.endpoint.price_per_instance_hour,
            scalesim_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimDuration;

    fn secs(s: u64) -> SimDuration {
        SimDuration::from_secs(s)
    }

    #[test]
    fn one_record_feeds_the_run_and_the_minute_and_skips_the_warmup_in_the_run() {
        let from = SimTime::ZERO.after(secs(60));
        let mut s = Statistics::new(from, BillFrom::Launch, 1.0);
        let mut minute = MinuteCounts::default();
        let early = SimTime::ZERO.after(secs(10));
        let late = SimTime::ZERO.after(secs(70));
        for (arrival, tally) in [
            (early, Tally::Arrived),
            (late, Tally::Arrived),
            (early, Tally::Completed),
            (late, Tally::Completed),
            (
                late,
                Tally::Refused {
                    cold_first: true,
                    retry: false,
                },
            ),
        ] {
            s.record(&mut minute, arrival, late.after(secs(5)), tally);
        }
        assert_eq!(
            (minute.arrivals, minute.completed, minute.rejected),
            (2, 2, 1)
        );
        assert_eq!(
            (s.counts.arrived, s.counts.completed, s.counts.rejected),
            (1, 1, 1)
        );
        assert_eq!((s.no_capacity_failures, s.cold_start_waits), (1, 1));
        assert_eq!(s.latency.count(), 1, "only the measured request's latency");
    }

    #[test]
    fn integrals_count_busy_and_zero_time() {
        let mut s = Statistics::new(SimTime::ZERO, BillFrom::Launch, 1.0);
        let busy = FleetCounts {
            busy: 2,
            ..FleetCounts::default()
        };
        s.advance(
            SimTime::ZERO.after(secs(10)),
            &FleetCounts::default(),
            || 0,
            None,
        );
        s.advance(
            SimTime::ZERO.after(secs(20)),
            &busy,
            || unreachable!("a busy unit runs on a machine"),
            None,
        );
        assert_eq!(s.integrals.zero_instance_micros, 10_000_000);
        assert_eq!(s.integrals.busy_instance_micros, 20_000_000);
    }
}
