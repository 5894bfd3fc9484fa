//! The endpoint's FIFO backlog of requests not yet started, with time-to-live expiry.
//!
//! Requests are served in arrival order (docs/aws-semantics.md §3.9). A request that has waited
//! longer than the TTL leaves the queue as expired (docs/aws-semantics.md §3.5). Because every
//! request has the same TTL and the queue is FIFO, the head is always the next to expire, so expiry
//! is applied lazily at the head: the engine calls [`Backlog::expire_due`] before it reads the
//! backlog and arms one wake-up at [`Backlog::next_expiry`]. The TTL counts from when the request's
//! current attempt arrived (`attempt_at`), so a client's retry joins the tail with a fresh TTL and
//! the order of expiry stays the order of the queue. Memory is one `Request` (40 bytes) per
//! queued request.

use super::Request;
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// FIFO queue of waiting requests.
#[derive(Debug)]
pub struct Backlog {
    queue: VecDeque<Request>,
    ttl: SimDuration,
}

impl Backlog {
    /// An empty backlog whose requests expire after waiting `ttl`.
    pub fn new(ttl: SimDuration) -> Backlog {
        Backlog {
            queue: VecDeque::new(),
            ttl,
        }
    }

    /// Add a newly arrived request at the tail.
    #[inline]
    pub fn push_back(&mut self, r: Request) {
        self.queue.push_back(r);
    }

    /// Put requests taken back from a stopped instance at the head, keeping arrival order.
    pub fn requeue_front(&mut self, mut requests: Vec<Request>) {
        requests.sort_by_key(|r| r.id);
        for r in requests.into_iter().rev() {
            self.queue.push_front(r);
        }
    }

    /// Remove every request whose TTL ran out at or before `now`; `on_expire` gets each with
    /// its expiry time (attempt time + TTL), oldest first.
    pub fn expire_due(&mut self, now: SimTime, mut on_expire: impl FnMut(Request, SimTime)) {
        while let Some(head) = self.queue.front() {
            let expires_at = head.attempt_at.after(self.ttl);
            if expires_at > now {
                break;
            }
            let r = *head;
            self.queue.pop_front();
            on_expire(r, expires_at);
        }
    }

    /// When the head request will expire, if any request is waiting.
    #[inline]
    pub fn next_expiry(&self) -> Option<SimTime> {
        self.queue.front().map(|r| r.attempt_at.after(self.ttl))
    }

    /// Take the head request (the caller has already applied expiry for `now`).
    #[inline]
    pub fn pop_front(&mut self) -> Option<Request> {
        self.queue.pop_front()
    }

    /// The oldest waiting request, if any.
    #[inline]
    pub fn front(&self) -> Option<&Request> {
        self.queue.front()
    }

    /// Number of requests waiting.
    #[inline]
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether nothing is waiting.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(id: u64, arrival_s: u64) -> Request {
        Request {
            id,
            arrival: SimTime::from_secs(arrival_s),
            attempt_at: SimTime::from_secs(arrival_s),
            service: SimDuration::from_secs(1),
            cold_wait: false,
            attempts: 1,
        }
    }

    #[test]
    fn expires_in_fifo_order_at_arrival_plus_ttl() {
        let mut b = Backlog::new(SimDuration::from_secs(60));
        b.push_back(req(0, 0));
        b.push_back(req(1, 10));
        b.push_back(req(2, 100));
        assert_eq!(b.next_expiry(), Some(SimTime::from_secs(60)));
        let mut gone = vec![];
        b.expire_due(SimTime::from_secs(70), |r, t| gone.push((r.id, t)));
        assert_eq!(
            gone,
            vec![(0, SimTime::from_secs(60)), (1, SimTime::from_secs(70))]
        );
        assert_eq!(b.len(), 1);
        assert_eq!(b.next_expiry(), Some(SimTime::from_secs(160)));
    }

    #[test]
    fn requeue_keeps_arrival_order_ahead_of_waiting() {
        let mut b = Backlog::new(SimDuration::from_secs(600));
        b.push_back(req(5, 50));
        b.requeue_front(vec![req(3, 30), req(1, 10)]);
        let ids: Vec<u64> = std::iter::from_fn(|| b.pop_front()).map(|r| r.id).collect();
        assert_eq!(ids, vec![1, 3, 5]);
    }
}
