//! The discrete-event engine: one event queue, one clock, one endpoint, one policy.
//!
//! [`Simulation`] owns every piece of per-run state (queue, RNG streams, backlog, fleet,
//! scalable target, policy, statistics); nothing is global, so runs can go in parallel.
//! It does no I/O: it reports to an [`observer::Observer`] and returns a
//! [`summary::RunSummary`]. See [`event`] for the order of same-instant events.
//!
//! Randomness comes from independent streams (`crate::rng`): one per arrival source, one
//! for service times (drawn at arrival, in arrival order) and one for cold starts (drawn in
//! launch order). So changing the policy never changes the requests (common random numbers).
//!
//! The platform (`crate::platform`) decides admission and dispatch (see [`admission`]):
//! a shared FIFO queue, refusal with client retries while nothing is InService, or
//! keep-alive instances per request. Policies that read the serving layer directly get
//! ticks of their own (see [`ticks`]).
//!
//! A warm-up (`SimConfig::warmup`, whole minutes) keeps the first part of the run out of
//! every statistic: requests count by arrival time (one that arrives before the warm-up
//! end is counted nowhere, even if it finishes later), and time-based figures (cost,
//! instance-hours, time at zero, mean instances) and fleet events (cold starts, scale
//! events) count from the warm-up end. The observer sees nothing from before it either
//! ([`observer::AfterWarmup`]).
//! When an observer wants them, every minute boundary also yields a policy decision record
//! (see [`decisions`]).

mod admission;
mod decisions;
pub mod event;
pub mod observer;
pub mod queue;
pub mod summary;
mod ticks;
pub mod trace;

use crate::cost::{BillFrom, Billing};
use crate::dist::cold_start::ColdStart;
use crate::dist::Dist;
use crate::endpoint::backlog::Backlog;
use crate::endpoint::fleet::{Fleet, InstanceRef, ScaleInMode};
use crate::endpoint::hosts::{HostRef, Hosts};
use crate::endpoint::Request;
use crate::metrics::histogram::DurationStats;
use crate::metrics::minute::{Gauges, MinuteAccumulator, PerInstanceDenominator, TtFromZero};
use crate::metrics::MetricMinute;
use crate::platform::PlatformConfig;
use crate::policy::target::{Change, ScalableTarget};
use crate::policy::{CapacityView, PolicyInput, ScalingAction, ScalingPolicy};
use crate::rng::{stream_rng, SimRng, Stream};
use crate::time::{SimDuration, SimTime};
use crate::workload::{ArrivalModel, ArrivalStream};
use event::Event;
use observer::{ActivityRecord, ActivityStatus, MinuteRecord, Observer, Outcome, RequestRecord};
use queue::EventQueue;
use std::collections::VecDeque;
use summary::{AllRequestsLatency, LatencySummary, RequestCounts, RunSummary, WaitSummary};

const MINUTE: SimDuration = SimDuration::from_mins(1);

/// The endpoint's settings, validated.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    /// Instance type name (for reports).
    pub instance_type: String,
    /// USD per instance-hour.
    pub price_per_instance_hour: f64,
    /// Requests one instance processes at once.
    pub max_concurrent_invocations_per_instance: u32,
    /// Longest a request may wait in the queue.
    pub request_ttl: SimDuration,
    /// Longest a request may be processed; beyond it, it fails at the timeout.
    pub invocation_timeout: SimDuration,
    /// What happens to busy instances on scale-in.
    pub scale_in_mode: ScaleInMode,
    /// When billing starts.
    pub bill_from: BillFrom,
    /// Cold start of a new instance (for inference components: of a new model copy, once
    /// its host is ready).
    pub cold_start: ColdStart,
    /// The platform: admission, dispatch, hosts, client retries.
    pub platform: PlatformConfig,
}

/// Capacity bounds and the capacity at time 0 (those instances start InService).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityConfig {
    /// Instances InService at time 0 (clamped into [min, max]).
    pub initial: u32,
    /// Minimum capacity.
    pub min: u32,
    /// Maximum capacity.
    pub max: u32,
}

/// How metrics are sampled and published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricsConfig {
    /// Interval between gauge samples within a minute.
    pub sample_interval: SimDuration,
    /// Delay from the end of a minute until its datapoint reaches the policy.
    pub publish_delay: SimDuration,
    /// ApproximateBacklogSizePerInstance at zero InService instances.
    pub tt_from_zero: TtFromZero,
    /// What ApproximateBacklogSizePerInstance divides by.
    pub per_instance_denominator: PerInstanceDenominator,
}

/// Everything the engine needs, validated. Cheap to clone (traces are shared).
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Scenario name (for reports).
    pub name: String,
    /// Simulated duration; arrivals at or after it are not generated.
    pub horizon: SimTime,
    /// Leading part of the run left out of every statistic (zero: none). A whole number of
    /// minutes, shorter than the horizon.
    pub warmup: SimDuration,
    /// Arrival sources.
    pub arrivals: Vec<ArrivalModel>,
    /// Service-time distribution; `None` when every source carries per-request service.
    pub service: Option<Dist>,
    /// Endpoint settings.
    pub endpoint: EndpointConfig,
    /// Capacity.
    pub capacity: CapacityConfig,
    /// Metrics.
    pub metrics: MetricsConfig,
}

/// A source's next arrival, held beside the queue with its reserved sequence number.
#[derive(Debug, Clone, Copy)]
struct NextArrival {
    time: SimTime,
    seq: u64,
    service: Option<SimDuration>,
}

struct OpenActivity {
    start: SimTime,
    cause: String,
    change: Change,
}

/// Time integrals updated lazily at every event.
#[derive(Debug, Default, Clone, Copy)]
struct Integrals {
    last: SimTime,
    busy_instance_micros: u128,
    zero_instance_micros: u128,
    in_flight_micros: u128,
    queued_micros: u128,
}

/// Billing and time integrals at the warm-up end, subtracted from the final figures.
#[derive(Debug, Default, Clone, Copy)]
struct AtWarmupEnd {
    integrals: Integrals,
    billed_micros: u128,
    machine_micros: u128,
}

/// One simulation run. Build with [`Simulation::new`], then [`Simulation::run`].
pub struct Simulation<'c> {
    config: &'c SimConfig,
    seed: u64,
    clock: SimTime,
    queue: EventQueue<Event>,
    sources: Vec<(ArrivalStream, SimRng)>,
    next_arrivals: Vec<Option<NextArrival>>,
    service_rng: SimRng,
    cold_start_rng: SimRng,
    backlog: Backlog,
    fleet: Fleet,
    /// Hosts under inference-component copies, and the host of each fleet slot.
    hosts: Option<Hosts>,
    copy_host: Vec<Option<HostRef>>,
    target: ScalableTarget,
    policy: Box<dyn ScalingPolicy>,
    billing: Billing,
    /// Machine time from launch to stop whatever `bill_from` says (for `mean_instances`).
    machine_time: Billing,
    minute: MinuteAccumulator,
    next_boundary: SimTime,
    unpublished: VecDeque<(SimTime, MetricMinute)>,
    published_now: Vec<MetricMinute>,
    actions: Vec<ScalingAction>,
    open_activities: Vec<OpenActivity>,
    settled_at: Option<SimTime>,
    alarm_states: Vec<crate::policy::AlarmState>,
    expiry_armed: Option<SimTime>,
    integrals: Integrals,
    ticks: Option<ticks::TickState>,
    /// Decision records are wanted (set at the start of `run`).
    explain: bool,
    /// What the actions of the current minute did (only while `explain`).
    applied: Vec<decisions::Applied>,
    next_request_id: u64,
    /// Refused attempts waiting to be retried.
    retrying: u64,
    no_capacity_failures: u64,
    retries: u64,
    cold_starts: u64,
    counts: RequestCounts,
    cold_start_waits: u64,
    scale_out_events: u64,
    scale_in_events: u64,
    latency: DurationStats,
    wait: DurationStats,
    /// The warm-up end: statistics count from here.
    measure_from: SimTime,
    at_warmup_end: AtWarmupEnd,
}

impl<'c> Simulation<'c> {
    /// A run of `config` with `seed` under `policy`, at time 0 with the initial capacity
    /// InService and the first arrival of each source scheduled.
    pub fn new(config: &'c SimConfig, seed: u64, policy: Box<dyn ScalingPolicy>) -> Self {
        let cap = config.capacity;
        let ep = &config.endpoint;
        let mut sim = Simulation {
            config,
            seed,
            clock: SimTime::ZERO,
            queue: EventQueue::default(),
            sources: config
                .arrivals
                .iter()
                .enumerate()
                .map(|(i, a)| (a.stream(), stream_rng(seed, Stream::Arrivals, i as u64)))
                .collect(),
            next_arrivals: vec![None; config.arrivals.len()],
            service_rng: stream_rng(seed, Stream::Service, 0),
            cold_start_rng: stream_rng(seed, Stream::ColdStart, 0),
            backlog: Backlog::new(ep.request_ttl),
            fleet: {
                let fleet = Fleet::new(ep.max_concurrent_invocations_per_instance);
                if ep.platform.kind == crate::platform::PlatformKind::Kubernetes {
                    fleet.pending_first()
                } else {
                    fleet
                }
            },
            hosts: ep
                .platform
                .hosts
                .map(|h| Hosts::new(h.copies_per_host, h.min_hosts, h.max_hosts)),
            copy_host: Vec::new(),
            target: ScalableTarget::new(cap.min, cap.max, cap.initial),
            policy,
            billing: Billing::new(ep.bill_from, ep.price_per_instance_hour),
            machine_time: Billing::new(BillFrom::Launch, 0.0),
            minute: MinuteAccumulator::new(
                config.metrics.sample_interval,
                config.metrics.tt_from_zero,
                config.metrics.per_instance_denominator,
            ),
            next_boundary: SimTime::ZERO.after(MINUTE),
            unpublished: VecDeque::new(),
            published_now: Vec::new(),
            actions: Vec::new(),
            open_activities: Vec::new(),
            settled_at: None,
            alarm_states: Vec::new(),
            expiry_armed: None,
            integrals: Integrals::default(),
            ticks: None,
            explain: false,
            applied: Vec::new(),
            next_request_id: 0,
            retrying: 0,
            no_capacity_failures: 0,
            retries: 0,
            cold_starts: 0,
            counts: RequestCounts::default(),
            cold_start_waits: 0,
            scale_out_events: 0,
            scale_in_events: 0,
            latency: DurationStats::new(),
            wait: DurationStats::new(),
            measure_from: SimTime::ZERO.after(config.warmup),
            at_warmup_end: AtWarmupEnd::default(),
        };
        sim.ticks = sim.policy.tick_period().map(ticks::TickState::new);
        for _ in 0..sim.target.desired() {
            let r = sim.fleet.launch(SimTime::ZERO);
            sim.fleet.mark_in_service(r, SimTime::ZERO);
            if let Some(hosts) = &mut sim.hosts {
                let placed = hosts
                    .place(SimTime::ZERO, SimDuration::ZERO)
                    .map(|p| p.host);
                set_slot(&mut sim.copy_host, r.slot, placed);
            }
            sim.schedule_idle_check(r);
        }
        if let (Some(hosts), Some(h)) = (&mut sim.hosts, ep.platform.hosts) {
            while hosts.live() < h.min_hosts {
                hosts.launch(SimTime::ZERO, SimTime::ZERO);
            }
        }
        for source in 0..sim.sources.len() {
            sim.schedule_next_arrival(source);
        }
        sim
    }

    /// Names of the policy's alarms (the alarm columns of the time series).
    pub fn alarm_names(&self) -> Vec<String> {
        self.policy.alarm_names()
    }

    /// Run to the horizon and summarise. Reports rows to `obs` as they happen.
    pub fn run<O: Observer>(mut self, obs: &mut O) -> RunSummary {
        let mut after_warmup = observer::AfterWarmup::new(obs, self.measure_from);
        let obs = &mut after_warmup;
        let horizon = self.config.horizon;
        if obs.wants_decisions() {
            self.explain = true;
            self.policy.record_explanations(true);
        }
        loop {
            // A closing minute may schedule events (the policy launches instances, queued
            // requests start), so look at the queue again after each boundary.
            let (next_time, arrival) = loop {
                let (next_time, arrival) = self.next_key();
                let next_tick = self.ticks.as_ref().map_or(SimTime::MAX, |t| t.next);
                if self.next_boundary.min(next_tick) > next_time.min(horizon) {
                    break (next_time, arrival);
                }
                if self.next_boundary <= next_tick {
                    self.close_minute(obs);
                    if !obs.keep_running(self.clock) {
                        return self.finish(obs);
                    }
                } else {
                    self.run_tick(obs);
                }
            };
            if next_time >= horizon {
                break;
            }
            match arrival {
                Some(source) => {
                    let Some(a) = self.next_arrivals[source].take() else {
                        break;
                    };
                    self.advance_to(a.time);
                    self.on_arrival(source, a.service, obs);
                }
                None => {
                    let Some((t, ev)) = self.queue.pop() else {
                        break;
                    };
                    self.advance_to(t);
                    self.handle(ev, obs);
                }
            }
        }
        self.finish(obs)
    }

    fn schedule_next_arrival(&mut self, source: usize) {
        let (stream, rng) = &mut self.sources[source];
        self.next_arrivals[source] = stream
            .next_arrival(rng)
            .filter(|a| a.time < self.config.horizon)
            .map(|a| NextArrival {
                time: a.time.max(self.clock),
                seq: self.queue.reserve_seq(),
                service: a.service,
            });
    }

    /// The time of the next event and, if it is an arrival, its source: the smallest
    /// `(time, sequence)` among the queue's head and the sources' next arrivals.
    fn next_key(&self) -> (SimTime, Option<usize>) {
        let mut best = self.queue.peek_key().map(|k| (k, None));
        for (source, a) in self.next_arrivals.iter().enumerate() {
            if let Some(a) = a {
                let key = (a.time, a.seq);
                if best.is_none_or(|(b, _)| key < b) {
                    best = Some((key, Some(source)));
                }
            }
        }
        best.map_or((SimTime::MAX, None), |((t, _), source)| (t, source))
    }

    /// Whether a request that arrived at `arrival`, or an event at that time, counts in the
    /// statistics (it is not before the warm-up end).
    fn measured(&self, arrival: SimTime) -> bool {
        arrival >= self.measure_from
    }

    /// Requests waiting: in the queue or for a particular Pending instance.
    fn queued(&self) -> u32 {
        self.backlog.len() as u32 + self.fleet.counts().bound
    }

    /// Machines billed now: hosts under copies, or instances.
    fn machines(&self) -> u32 {
        match &self.hosts {
            Some(h) => h.live(),
            None => self.fleet.counts().running(),
        }
    }

    fn gauges(&self) -> Gauges {
        let c = self.fleet.counts();
        let oldest_waiting = self.backlog.front().map(|r| r.arrival);
        let oldest_in_flight = if c.in_flight > 0 {
            self.fleet.oldest_in_flight_arrival()
        } else {
            None
        };
        Gauges {
            backlog: self.queued() + c.in_flight,
            in_service: c.in_service,
            pending: c.pending,
            oldest_arrival: match (oldest_waiting, oldest_in_flight) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    /// Move the clock to `t`: take due samples and extend the time integrals with the
    /// state as it was before `t`.
    fn advance_to(&mut self, t: SimTime) {
        debug_assert!(t >= self.clock, "the clock never goes backwards");
        if self.minute.sample_due_before(t) {
            let g = self.gauges();
            self.minute.sample_until(t, self.next_boundary, &g);
        }
        let dt = u128::from(t.since(self.integrals.last).0);
        if dt > 0 {
            let c = self.fleet.counts();
            let machines = self.machines();
            let queued = self.ticks.is_some().then(|| self.queued());
            let i = &mut self.integrals;
            i.busy_instance_micros += dt * u128::from(c.busy);
            if machines == 0 {
                i.zero_instance_micros += dt;
            }
            if let Some(queued) = queued {
                // Only policies with ticks read these.
                i.in_flight_micros += dt * u128::from(c.in_flight);
                i.queued_micros += dt * u128::from(queued);
            }
        }
        self.integrals.last = t;
        self.clock = t;
    }

    fn handle<O: Observer>(&mut self, ev: Event, obs: &mut O) {
        match ev {
            Event::InstanceReady(r) => {
                if self.fleet.mark_in_service(r, self.clock) {
                    for request in self.fleet.start_bound(r, self.clock) {
                        self.started(r, request);
                    }
                    self.complete_activities_if_settled(obs);
                    self.dispatch(obs);
                    self.schedule_idle_check(r);
                }
            }
            Event::Retry(request) => {
                self.retrying -= 1;
                let mut request = *request;
                request.attempt_at = self.clock;
                self.admit(request, obs);
            }
            Event::IdleExpiry(instance) => self.on_idle_expiry(instance),
            Event::HostRelease { host, epoch } => {
                let now = self.clock;
                if let Some(s) = self
                    .hosts
                    .as_mut()
                    .and_then(|h| h.release_if_idle(host, epoch, now))
                {
                    self.bill_stop(&s);
                }
            }
            Event::ServiceDone {
                instance,
                request_id,
                failed,
            } => self.on_service_done(instance, request_id, failed, obs),
            Event::ExpiryCheck => {
                self.expiry_armed = None;
                self.dispatch(obs);
            }
        }
    }

    fn on_arrival<O: Observer>(
        &mut self,
        source: usize,
        service: Option<SimDuration>,
        obs: &mut O,
    ) {
        let now = self.clock;
        let service = match (service, &self.config.service) {
            (Some(s), _) => s,
            (None, Some(d)) => d.sample(&mut self.service_rng),
            (None, None) => SimDuration::ZERO,
        };
        let request = Request {
            id: self.next_request_id,
            arrival: now,
            attempt_at: now,
            service,
            cold_wait: false,
            attempts: 1,
        };
        self.next_request_id += 1;
        if self.measured(now) {
            self.counts.arrived += 1;
        }
        self.minute.counts.arrivals += 1;
        self.admit(request, obs);
        self.schedule_next_arrival(source);
    }

    fn on_service_done<O: Observer>(
        &mut self,
        instance: InstanceRef,
        request_id: u64,
        failed: bool,
        obs: &mut O,
    ) {
        let now = self.clock;
        let Some((done, stopped)) = self.fleet.finish(instance, request_id, now) else {
            return; // the instance was killed; the request went back to the queue
        };
        let r = done.request;
        let measured = self.measured(r.arrival);
        let outcome = if failed {
            self.counts.failed += u64::from(measured);
            self.minute.counts.failed += 1;
            Outcome::Failed
        } else {
            self.counts.completed += u64::from(measured);
            self.minute.counts.completed += 1;
            if measured {
                self.latency.record(now.since(r.arrival));
            }
            Outcome::Completed
        };
        obs.on_request(&RequestRecord {
            id: r.id,
            arrival: r.arrival,
            start: Some(done.start),
            finish: now,
            service_s: r.service.as_secs_f64(),
            outcome,
            cold_wait: r.cold_wait,
        });
        if let Some(s) = stopped {
            self.on_unit_stopped(&s);
        }
        self.dispatch(obs);
        self.schedule_idle_check(instance);
    }

    /// Expire what is due, then start queued requests on free slots, then arm the next
    /// expiry check.
    fn dispatch<O: Observer>(&mut self, obs: &mut O) {
        let now = self.clock;
        let (counts, minute) = (&mut self.counts, &mut self.minute.counts);
        let measure_from = self.measure_from;
        self.backlog.expire_due(now, |r, at| {
            counts.expired += u64::from(r.arrival >= measure_from);
            minute.expired += 1;
            obs.on_request(&RequestRecord {
                id: r.id,
                arrival: r.arrival,
                start: None,
                finish: at,
                service_s: r.service.as_secs_f64(),
                outcome: Outcome::Expired,
                cold_wait: r.cold_wait,
            });
        });
        while self.fleet.has_free_slot() {
            let Some(r) = self.backlog.pop_front() else {
                break;
            };
            self.start(r);
        }
        if let Some(at) = self.backlog.next_expiry().map(|at| at.max(now)) {
            if self.expiry_armed.is_none_or(|armed| at < armed) {
                self.queue.push(at, Event::ExpiryCheck);
                self.expiry_armed = Some(at);
            }
        }
    }

    fn start(&mut self, r: Request) {
        let now = self.clock;
        let Some(instance) = self.fleet.start(r, now) else {
            debug_assert!(false, "start called without a free slot");
            return;
        };
        self.started(instance, r);
    }

    /// `r` started on `instance` now: count it and schedule its end.
    fn started(&mut self, instance: InstanceRef, r: Request) {
        let now = self.clock;
        self.minute.counts.started += 1;
        if self.measured(r.arrival) {
            self.wait.record(now.since(r.arrival));
        }
        let timeout = self.config.endpoint.invocation_timeout;
        let failed = r.service > timeout;
        let took = if failed { timeout } else { r.service };
        self.queue.push(
            now.after(took),
            Event::ServiceDone {
                instance,
                request_id: r.id,
                failed,
            },
        );
    }

    fn capacity_view(&self) -> CapacityView {
        let c = self.fleet.counts();
        CapacityView {
            desired: self.target.desired(),
            min: self.target.min(),
            max: self.target.max(),
            pending: c.pending,
            in_service: c.in_service,
            draining: c.draining,
            updating: !self.open_activities.is_empty(),
            settled_at: self.settled_at,
        }
    }

    /// A machine (instance, or host under copies) stopped: bill it.
    fn bill_stop(&mut self, s: &crate::endpoint::fleet::StoppedInstance) {
        self.billing.on_stop(s);
        self.machine_time.on_stop(s);
    }

    /// Machine-microseconds from launch up to `now`.
    fn machine_micros(&self, now: SimTime) -> u128 {
        match &self.hosts {
            Some(h) => self.machine_time.billed_micros(now, h.running(now)),
            None => self
                .machine_time
                .billed_micros(now, self.fleet.running_instances()),
        }
    }

    fn billed_micros(&self, now: SimTime) -> u128 {
        match &self.hosts {
            Some(h) => self.billing.billed_micros(now, h.running(now)),
            None => self
                .billing
                .billed_micros(now, self.fleet.running_instances()),
        }
    }

    /// Close the minute ending at `next_boundary`: row, datapoints, policy, actions.
    fn close_minute<O: Observer>(&mut self, obs: &mut O) {
        let boundary = self.next_boundary;
        self.advance_to(boundary);
        if boundary == self.measure_from {
            self.at_warmup_end = AtWarmupEnd {
                integrals: self.integrals,
                billed_micros: self.billed_micros(boundary),
                machine_micros: self.machine_micros(boundary),
            };
        }
        let minute_index = boundary.0 / MINUTE.0 - 1;
        let (counts, metrics) = self.minute.close();
        let c = self.fleet.counts();
        let record = MinuteRecord {
            minute: minute_index,
            counts,
            queued: self.queued(),
            in_flight: c.in_flight,
            desired: self.target.desired(),
            pending: c.pending,
            in_service: c.in_service,
            draining: c.draining,
            machines: self.machines(),
            cost_usd: self.billing.cost_usd(
                self.billed_micros(boundary)
                    .saturating_sub(self.at_warmup_end.billed_micros),
            ),
            metrics,
        };
        self.unpublished.push_back((
            boundary.after(self.config.metrics.publish_delay),
            MetricMinute::new(minute_index, metrics),
        ));
        self.published_now.clear();
        while let Some(&(at, m)) = self.unpublished.front() {
            if at > boundary {
                break;
            }
            self.published_now.push(m);
            self.unpublished.pop_front();
        }
        let before = self.capacity_view();
        let input = PolicyInput {
            now: boundary,
            published: &self.published_now,
            capacity: before,
        };
        self.actions.clear();
        self.policy.on_minute(&input, &mut self.actions);
        self.alarm_states.clear();
        self.policy.alarm_states(&mut self.alarm_states);
        if !self.alarm_states.is_empty() {
            obs.on_alarms(minute_index, &self.alarm_states);
        }
        obs.on_minute(&record);
        self.applied.clear();
        let actions = std::mem::take(&mut self.actions);
        for action in &actions {
            self.apply(action, obs);
        }
        self.actions = actions;
        if self.explain {
            self.emit_decision(minute_index, before, record.queued + record.in_flight, obs);
        }
        self.next_boundary = boundary.after(MINUTE);
    }

    fn apply<O: Observer>(&mut self, action: &ScalingAction, obs: &mut O) {
        let now = self.clock;
        match action {
            ScalingAction::SetDesired { desired, cause } => match self.target.propose(*desired) {
                Ok(change) => {
                    self.note_change(change, cause);
                    self.change_capacity(change, cause, obs);
                }
                Err(reason) => {
                    self.note_refusal(reason);
                    obs.on_activity(&ActivityRecord {
                        start: now,
                        end: Some(now),
                        cause: cause.clone(),
                        from: self.target.desired(),
                        to: *desired,
                        status: ActivityStatus::NotScaled,
                        not_scaled_reason: Some(reason),
                    });
                }
            },
            ScalingAction::SetBounds { min, max, cause } => {
                if let Some(change) = self.target.set_bounds(*min, *max) {
                    self.note_change(change, cause);
                    self.change_capacity(change, cause, obs);
                }
            }
            ScalingAction::NotScaled { cause, reason } => obs.on_activity(&ActivityRecord {
                start: now,
                end: Some(now),
                cause: cause.clone(),
                from: self.target.desired(),
                to: self.target.desired(),
                status: ActivityStatus::NotScaled,
                not_scaled_reason: Some(*reason),
            }),
        }
    }

    /// Bring the fleet to the new desired capacity: launch, or remove in scale-in order.
    fn change_capacity<O: Observer>(&mut self, change: Change, cause: &str, obs: &mut O) {
        let now = self.clock;
        if self.measured(now) {
            if change.to > change.from {
                self.scale_out_events += 1;
            } else {
                self.scale_in_events += 1;
            }
        }
        self.open_activities.push(OpenActivity {
            start: now,
            cause: cause.to_string(),
            change,
        });
        let active = self.fleet.counts().active();
        if change.to > active {
            for _ in active..change.to {
                if self.launch_unit(None).is_none() {
                    break;
                }
            }
        } else if change.to < active {
            let removal =
                self.fleet
                    .remove(active - change.to, self.config.endpoint.scale_in_mode, now);
            for s in &removal.stopped {
                self.on_unit_stopped(s);
            }
            if !removal.requeue.is_empty() {
                self.backlog.requeue_front(removal.requeue);
            }
        }
        self.complete_activities_if_settled(obs);
        self.dispatch(obs);
    }

    /// Activities complete when no instance is pending any more.
    fn complete_activities_if_settled<O: Observer>(&mut self, obs: &mut O) {
        if self.fleet.counts().pending > 0 || self.open_activities.is_empty() {
            return;
        }
        self.settled_at = Some(self.clock);
        for a in self.open_activities.drain(..) {
            obs.on_activity(&ActivityRecord {
                start: a.start,
                end: Some(self.clock),
                cause: a.cause,
                from: a.change.from,
                to: a.change.to,
                status: ActivityStatus::Successful,
                not_scaled_reason: None,
            });
        }
    }

    fn finish<O: Observer>(mut self, obs: &mut O) -> RunSummary {
        let horizon = self.config.horizon;
        self.advance_to(horizon);
        for a in self.open_activities.drain(..) {
            obs.on_activity(&ActivityRecord {
                start: a.start,
                end: None,
                cause: a.cause,
                from: a.change.from,
                to: a.change.to,
                status: ActivityStatus::InProgress,
                not_scaled_reason: None,
            });
        }
        let c = self.fleet.counts();
        // The measured requests that have not left (all of them without a warm-up).
        let r = self.counts;
        self.counts.in_system_at_end = r
            .arrived
            .saturating_sub(r.completed + r.expired + r.failed + r.rejected);
        debug_assert!(
            self.measure_from > SimTime::ZERO
                || self.counts.in_system_at_end
                    == u64::from(self.queued()) + u64::from(c.in_flight) + self.retrying,
            "conservation"
        );
        let w = self.at_warmup_end;
        let billed = self.billed_micros(horizon) - w.billed_micros;
        let cost_usd = self.billing.cost_usd(billed);
        let horizon_s = horizon.as_secs_f64();
        // Time measured: from the warm-up end to the horizon.
        let measured_micros = horizon.since(self.measure_from).0;
        let busy_micros = self.integrals.busy_instance_micros - w.integrals.busy_instance_micros;
        let zero_micros = self.integrals.zero_instance_micros - w.integrals.zero_instance_micros;
        RunSummary {
            scenario: self.config.name.clone(),
            seed: self.seed,
            horizon_s,
            warmup_s: self.config.warmup.as_secs_f64(),
            requests: self.counts,
            shares: self.counts.shares(),
            latency_s: LatencySummary::of(&self.latency),
            latency_all_s: AllRequestsLatency::of(&self.latency, self.counts.lost()),
            queue_wait_s: WaitSummary::of(&self.wait),
            cold_start_waits: self.cold_start_waits,
            cold_starts: self.cold_starts,
            no_capacity_failures: self.no_capacity_failures,
            retries: self.retries,
            mean_instances: if measured_micros > 0 {
                (self.machine_micros(horizon) - w.machine_micros) as f64 / measured_micros as f64
            } else {
                0.0
            },
            instance_hours: billed as f64 / 3.6e9,
            busy_instance_hours: busy_micros as f64 / 3.6e9,
            cost_usd,
            cost_per_1k_requests_usd: (self.counts.completed > 0)
                .then(|| cost_usd / self.counts.completed as f64 * 1000.0),
            scale_out_events: self.scale_out_events,
            scale_in_events: self.scale_in_events,
            time_at_zero_fraction: if measured_micros > 0 {
                zero_micros as f64 / measured_micros as f64
            } else {
                0.0
            },
            platform: self.config.endpoint.platform.kind.name().to_string(),
            instance_type: self.config.endpoint.instance_type.clone(),
            price_per_instance_hour: self.config.endpoint.price_per_instance_hour,
            scalesim_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Record `value` for fleet slot `slot`, growing the table as slots are added.
fn set_slot<T: Copy>(table: &mut Vec<Option<T>>, slot: u32, value: Option<T>) {
    let i = slot as usize;
    if table.len() <= i {
        table.resize(i + 1, None);
    }
    table[i] = value;
}
