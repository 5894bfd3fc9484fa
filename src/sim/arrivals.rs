//! Where requests come from: each arrival source with its RNG stream and its next arrival,
//! and the service time of each request (drawn at arrival, in arrival order, from its own
//! stream, so changing the policy never changes the requests).
//!
//! A source's next arrival is held here, not in the event queue, with a sequence number
//! reserved from the queue ([`EventQueue::reserve_seq`]); the engine takes whichever of it
//! and the queue's head has the smaller `(time, sequence)`. The order is exactly as if
//! arrivals were queued, and it saves a heap push and pop per request.

use super::queue::{order_key, EventQueue};
use crate::distribution::Dist;
use crate::endpoint::Request;
use crate::rng::{stream_rng, SimRng, Stream};
use crate::time::{SimDuration, SimTime};
use crate::workload::{ArrivalModel, ArrivalStream};

/// A source's next arrival: its `(time, reserved sequence)` as one [`order_key`]
/// (`u128::MAX`: none), and the service time it carries.
#[derive(Debug, Clone, Copy)]
struct NextArrival {
    key: u128,
    service: Option<SimDuration>,
}

impl NextArrival {
    const NONE: NextArrival = NextArrival {
        key: u128::MAX,
        service: None,
    };
}

/// The arrival sources of a run.
pub(super) struct Arrivals {
    sources: Vec<(ArrivalStream, SimRng)>,
    next: Vec<NextArrival>,
    service: Option<Dist>,
    service_rng: SimRng,
    horizon: SimTime,
    next_request_id: u64,
}

impl Arrivals {
    /// The sources of `models` under `seed`, with nothing scheduled yet (see
    /// [`Arrivals::schedule_all`]); arrivals at or after `horizon` are dropped.
    pub(super) fn new(
        models: &[ArrivalModel],
        service: Option<Dist>,
        seed: u64,
        horizon: SimTime,
    ) -> Arrivals {
        Arrivals {
            sources: models
                .iter()
                .enumerate()
                .map(|(i, a)| (a.stream(), stream_rng(seed, Stream::Arrivals, i as u64)))
                .collect(),
            next: vec![NextArrival::NONE; models.len()],
            service,
            service_rng: stream_rng(seed, Stream::Service, 0),
            horizon,
            next_request_id: 0,
        }
    }

    /// Draw the first arrival of every source, in source order.
    pub(super) fn schedule_all<E>(&mut self, now: SimTime, queue: &mut EventQueue<E>) {
        for source in 0..self.sources.len() {
            self.schedule_next(source, now, queue);
        }
    }

    /// Draw `source`'s next arrival (not before `now`).
    #[inline]
    pub(super) fn schedule_next<E>(
        &mut self,
        source: usize,
        now: SimTime,
        queue: &mut EventQueue<E>,
    ) {
        let (stream, rng) = &mut self.sources[source];
        let horizon = self.horizon;
        self.next[source] = stream
            .next_arrival(rng)
            .filter(|a| a.time < horizon)
            .map_or(NextArrival::NONE, |a| NextArrival {
                key: order_key(a.time.max(now), queue.reserve_seq()),
                service: a.service,
            });
    }

    /// The [`order_key`] of the earliest next arrival (`u128::MAX`: none left) and its
    /// source. One source (the common case) is read without a loop.
    #[inline]
    pub(super) fn next_key(&self) -> (u128, usize) {
        if let [only] = self.next.as_slice() {
            return (only.key, 0);
        }
        let (mut best, mut best_source) = (u128::MAX, 0);
        for (source, a) in self.next.iter().enumerate() {
            let earlier = a.key < best;
            best = if earlier { a.key } else { best };
            best_source = if earlier { source } else { best_source };
        }
        (best, best_source)
    }

    /// Take `source`'s next arrival: its time, and the service time it carries.
    #[inline]
    pub(super) fn take(&mut self, source: usize) -> Option<(SimTime, Option<SimDuration>)> {
        let a = std::mem::replace(&mut self.next[source], NextArrival::NONE);
        (a.key != u128::MAX).then_some((SimTime((a.key >> 64) as u64), a.service))
    }

    /// The request that arrives now, with the service time it carries or one drawn now.
    #[inline]
    pub(super) fn request(&mut self, now: SimTime, service: Option<SimDuration>) -> Request {
        let service = match (service, &self.service) {
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
        request
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_sources_in_time_order_and_numbers_requests() {
        let text = "horizon = \"100s\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\n\
                    [[arrivals]]\nkind = \"poisson\"\nrate_per_s = 2.0\n\
                    [service]\nkind = \"deterministic\"\nvalue = \"1s\"\n";
        let path = std::path::Path::new("t.toml");
        let sc = crate::scenario::from_text(text, path, std::path::Path::new("."), &[])
            .expect("valid scenario");
        let horizon = sc.sim.horizon;
        let mut a = Arrivals::new(&sc.sim.arrivals, sc.sim.service.clone(), 7, horizon);
        let mut queue: EventQueue<()> = EventQueue::default();
        a.schedule_all(SimTime::ZERO, &mut queue);
        let mut last = SimTime::ZERO;
        let mut n = 0;
        loop {
            let (key, source) = a.next_key();
            if key == u128::MAX {
                break;
            }
            let t = SimTime((key >> 64) as u64);
            assert!(t >= last && t < horizon);
            last = t;
            let (at, service) = a.take(source).expect("scheduled");
            let r = a.request(at, service);
            assert_eq!((r.id, r.service), (n, SimDuration::from_secs(1)));
            n += 1;
            a.schedule_next(source, at, &mut queue);
        }
        assert!((200..400).contains(&n), "{n} arrivals at 3/s over 100 s");
    }
}
