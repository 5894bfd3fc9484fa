//! The discrete-event engine: one event queue, one clock, one endpoint, one policy.
//!
//! [`Simulation`] is a thin loop ([`Simulation::step`], [`Simulation::run_until`],
//! [`Simulation::run`]) over a few parts, each in its own file and owning one concern:
//!
//! | part | file | owns |
//! |------|------|------|
//! | arrivals | [`arrivals`] | the sources, each source's next arrival, service times |
//! | completions | [`completions`] | the ends of requests in service, beside the queue |
//! | endpoint | [`endpoint`] | backlog, fleet and the platform's state (`crate::platform`) |
//! | control | [`control`] | policy, scalable target, open activities, ticks, alarms, decisions |
//! | publication | [`publication`] | the minute being accumulated, the publication delay |
//! | statistics | [`statistics`] | outcomes (one `record`), latency, integrals, billing, summary |
//!
//! The glue between them is in [`requests`] (arrival, admission, dispatch, completion: the
//! life of a request and of the units that serve it) and [`scaling`] (minute boundaries,
//! ticks, carrying out capacity changes). Nothing is global, so runs can go in parallel.
//! The engine does no I/O: it reports to an [`observer::Observer`] and returns a
//! [`summary::RunSummary`]. See [`event`] for the order of same-instant work.
//!
//! Randomness comes from independent streams (`crate::rng`): one per arrival source, one
//! for service times (drawn at arrival, in arrival order) and one for cold starts (drawn in
//! launch order). So changing the policy never changes the requests (common random numbers).
//!
//! The engine never names a platform: admission, dispatch, what happens when a unit stops,
//! billing and scale-in order are the platform's ([`crate::platform::PlatformRules`]).
//!
//! A warm-up (`SimConfig::warmup`, whole minutes) keeps the first part of the run out of
//! every statistic: requests count by arrival time (one that arrives before the warm-up
//! end is counted nowhere, even if it finishes later), and time-based figures (cost,
//! instance-hours, time at zero, mean instances) and fleet events (cold starts, scale
//! events) count from the warm-up end. The observer sees nothing from before it either
//! ([`observer::AfterWarmup`]). When an observer wants them, every minute boundary also
//! yields a policy decision record (see [`decisions`]).

mod arrivals;
mod completions;
mod config;
mod control;
mod decisions;
mod endpoint;
pub mod event;
pub mod observer;
mod publication;
pub mod queue;
mod requests;
mod scaling;
mod statistics;
pub mod summary;
mod ticks;
pub mod trace;

pub use config::{CapacityConfig, EndpointConfig, MetricsConfig, SimConfig};

use crate::platform::PlatformRules;
use crate::policy::ScalingPolicy;
use crate::rng::{stream_rng, SimRng, Stream};
use crate::time::SimTime;
use arrivals::Arrivals;
use completions::Completions;
use control::Control;
use endpoint::Endpoint;
use event::Event;
use observer::{AfterWarmup, Observer};
use publication::Publication;
use queue::EventQueue;
use statistics::Statistics;
use summary::RunSummary;

/// Where the next event is.
#[derive(Debug, Clone, Copy)]
enum NextEvent {
    /// The next arrival of this source.
    Arrival(usize),
    /// The earliest end of a request in service ([`completions`]).
    Completion,
    /// The event queue's head (or nothing at all, at [`SimTime::MAX`]).
    Queue,
}

/// One simulation run. Build with [`Simulation::new`], then [`Simulation::run`] (or drive
/// it with [`Simulation::step`] / [`Simulation::run_until`] and end with
/// [`Simulation::finish`]).
pub struct Simulation<'c> {
    config: &'c SimConfig,
    seed: u64,
    clock: SimTime,
    queue: EventQueue<Event>,
    completions: Completions,
    arrivals: Arrivals,
    cold_start_rng: SimRng,
    endpoint: Endpoint,
    control: Control,
    publication: Publication,
    stats: Statistics,
    /// The observer has been asked whether it wants decisions.
    begun: bool,
    /// The horizon is reached, or the observer asked to stop.
    over: bool,
}

impl<'c> Simulation<'c> {
    /// A run of `config` with `seed` under `policy`, at time 0 with the initial capacity
    /// InService and the first arrival of each source scheduled.
    pub fn new(config: &'c SimConfig, seed: u64, policy: Box<dyn ScalingPolicy>) -> Self {
        let ep = &config.endpoint;
        let measure_from = SimTime::ZERO.after(config.warmup);
        let mut sim = Simulation {
            config,
            seed,
            clock: SimTime::ZERO,
            queue: EventQueue::default(),
            completions: Completions::default(),
            arrivals: Arrivals::new(
                &config.arrivals,
                config.service.clone(),
                seed,
                config.horizon,
            ),
            cold_start_rng: stream_rng(seed, Stream::ColdStart, 0),
            endpoint: Endpoint::new(ep),
            control: Control::new(&config.capacity, policy),
            publication: Publication::new(&config.metrics),
            stats: Statistics::new(measure_from, ep.bill_from, ep.price_per_instance_hour),
            begun: false,
            over: false,
        };
        for _ in 0..sim.control.target.desired() {
            let r = sim.endpoint.fleet.launch(SimTime::ZERO);
            sim.endpoint.fleet.mark_in_service(r, SimTime::ZERO);
            sim.endpoint.platform.initial_unit(r);
            sim.unit_free(r);
        }
        sim.endpoint.platform.initial_done();
        sim.arrivals.schedule_all(SimTime::ZERO, &mut sim.queue);
        sim
    }

    /// Names of the policy's alarms (the alarm columns of the time series).
    pub fn alarm_names(&self) -> Vec<String> {
        self.control.policy.alarm_names()
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.clock
    }

    /// Run to the horizon and summarise. Reports rows to `obs` as they happen.
    pub fn run<O: Observer>(mut self, obs: &mut O) -> RunSummary {
        let mut obs = AfterWarmup::new(obs, self.stats.measure_from());
        while self.advance(&mut obs) {}
        self.finish_filtered(&mut obs)
    }

    /// Do the next piece of work (close a minute, run a tick, or handle one event).
    /// Returns false once the run is over (the horizon is reached or `obs` asked to stop).
    pub fn step<O: Observer>(&mut self, obs: &mut O) -> bool {
        let mut obs = AfterWarmup::new(obs, self.stats.measure_from());
        self.advance(&mut obs)
    }

    /// Do every piece of work due before `t`. Returns false once the run is over.
    pub fn run_until<O: Observer>(&mut self, t: SimTime, obs: &mut O) -> bool {
        let mut obs = AfterWarmup::new(obs, self.stats.measure_from());
        while self.next_work() < t {
            if !self.advance(&mut obs) {
                return false;
            }
        }
        !self.over
    }

    /// End the run at the horizon and summarise.
    pub fn finish<O: Observer>(self, obs: &mut O) -> RunSummary {
        let mut obs = AfterWarmup::new(obs, self.stats.measure_from());
        self.finish_filtered(&mut obs)
    }

    /// When the next event is due ([`SimTime::MAX`] if none) and where it is: the smallest
    /// `(time, sequence)` among the queue's head, the earliest end of a request in service
    /// and the sources' next arrivals.
    #[inline]
    fn next_event(&self) -> (SimTime, NextEvent) {
        let (arrival, source) = self.arrivals.next_key();
        let completion = self.completions.next_key();
        let (mut best, mut from) = (self.queue.next_order_key(), NextEvent::Queue);
        if completion < best {
            (best, from) = (completion, NextEvent::Completion);
        }
        if arrival < best {
            (best, from) = (arrival, NextEvent::Arrival(source));
        }
        (SimTime((best >> 64) as u64), from)
    }

    /// When the next piece of work is due.
    fn next_work(&self) -> SimTime {
        let (next_event, _) = self.next_event();
        let next_tick = self.control.ticks.as_ref().map_or(SimTime::MAX, |t| t.next);
        next_event
            .min(next_tick)
            .min(self.publication.next_boundary())
    }

    /// One step, with an observer already filtered by the warm-up.
    #[inline]
    fn advance<O: Observer>(&mut self, obs: &mut O) -> bool {
        if self.over {
            return false;
        }
        if !self.begun {
            self.begun = true;
            if obs.wants_decisions() {
                self.control.explain_decisions();
            }
        }
        let horizon = self.config.horizon;
        let (next_time, from) = self.next_event();
        let next_tick = self.control.ticks.as_ref().map_or(SimTime::MAX, |t| t.next);
        let boundary = self.publication.next_boundary();
        // A closing minute may schedule events (the policy launches instances, queued
        // requests start), so the queue is looked at again after each boundary.
        if boundary.min(next_tick) <= next_time.min(horizon) {
            if boundary <= next_tick {
                self.close_minute(obs);
                if !obs.keep_running(self.clock) {
                    self.over = true;
                }
            } else {
                self.run_tick(obs);
            }
            return !self.over;
        }
        if next_time >= horizon {
            self.over = true;
            return false;
        }
        match from {
            NextEvent::Arrival(source) => {
                let Some((t, service)) = self.arrivals.take(source) else {
                    self.over = true;
                    return false;
                };
                self.advance_to(t);
                self.on_arrival(source, service, obs);
            }
            NextEvent::Completion => {
                let (t, end) = self.completions.pop();
                self.advance_to(t);
                self.on_service_done(end, obs);
            }
            NextEvent::Queue => {
                let Some((t, ev)) = self.queue.pop() else {
                    self.over = true;
                    return false;
                };
                self.advance_to(t);
                self.handle(ev, obs);
            }
        }
        true
    }

    /// Move the clock to `t`: take due samples and extend the time integrals with the
    /// state as it was before `t`.
    #[inline(always)]
    fn advance_to(&mut self, t: SimTime) {
        debug_assert!(t >= self.clock, "the clock never goes backwards");
        let ep = &self.endpoint;
        self.publication.sample_until(t, || ep.gauges());
        let queued = self.control.ticks.is_some().then(|| ep.queued());
        let counts = ep.fleet.counts();
        debug_assert!(
            counts.busy == 0 || ep.machines() > 0,
            "a busy unit has a machine"
        );
        self.stats.advance(t, &counts, || ep.machines(), queued);
        self.clock = t;
    }

    fn finish_filtered<O: Observer>(mut self, obs: &mut O) -> RunSummary {
        let horizon = self.config.horizon;
        self.advance_to(horizon);
        self.control.finish(obs);
        let ep = &self.endpoint;
        let waiting = u64::from(ep.queued()) + u64::from(ep.fleet.counts().in_flight);
        self.stats.check_conservation(waiting);
        let billed = ep.billed_micros(&self.stats.billing, horizon);
        let machine = ep.billed_micros(&self.stats.machine_time, horizon);
        self.stats.summary(self.config, self.seed, billed, machine)
    }
}
