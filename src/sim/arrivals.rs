//! Where requests come from: each arrival source with its RNG stream and its next arrival,
//! and the service time of each request (drawn at arrival, in arrival order, from its own
//! stream, so changing the policy never changes the requests).
//!
//! A source's next arrival is held here, not in the event queue, with a sequence number
//! reserved from the queue ([`EventQueue::reserve_seq`]); the engine takes whichever of it
//! and the queue's head has the smaller `(time, sequence)`. The order is exactly as if
//! arrivals were queued, and it saves a heap push and pop per request.

use super::queue::EventQueue;
use crate::distribution::Dist;
use crate::endpoint::Request;
use crate::rng::{stream_rng, SimRng, Stream};
use crate::time::{SimDuration, SimTime};
use crate::workload::{ArrivalModel, ArrivalStream};

/// A source's next arrival, with its reserved sequence number.
#[derive(Debug, Clone, Copy)]
struct NextArrival {
    time: SimTime,
    seq: u64,
    service: Option<SimDuration>,
}

/// The arrival sources of a run.
pub(super) struct Arrivals {
    sources: Vec<(ArrivalStream, SimRng)>,
    next: Vec<Option<NextArrival>>,
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
            next: vec![None; models.len()],
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
            .map(|a| NextArrival {
                time: a.time.max(now),
                seq: queue.reserve_seq(),
                service: a.service,
            });
    }

    /// The time of the next event and, if it is an arrival, its source: the smallest
    /// `(time, sequence)` among the queue's head and the sources' next arrivals.
    #[inline]
    pub(super) fn next_key<E>(&self, queue: &EventQueue<E>) -> (SimTime, Option<usize>) {
        let mut best = queue.peek_key().map(|k| (k, None));
        for (source, a) in self.next.iter().enumerate() {
            if let Some(a) = a {
                let key = (a.time, a.seq);
                if best.is_none_or(|(b, _)| key < b) {
                    best = Some((key, Some(source)));
                }
            }
        }
        best.map_or((SimTime::MAX, None), |((t, _), source)| (t, source))
    }

    /// Take `source`'s next arrival: its time, and the service time it carries.
    #[inline]
    pub(super) fn take(&mut self, source: usize) -> Option<(SimTime, Option<SimDuration>)> {
        self.next[source].take().map(|a| (a.time, a.service))
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
        while let (t, Some(source)) = a.next_key(&queue) {
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
