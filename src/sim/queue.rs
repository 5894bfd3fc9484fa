//! The event queue: a binary heap keyed by `(time, insertion sequence)`.
//!
//! Owns the ordering guarantee the whole engine relies on: events come out in time order,
//! and events scheduled for the same instant come out first-in-first-out (in the order
//! they were pushed). The sequence counter is per queue, never global.

use crate::time::SimTime;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

struct Entry<E> {
    time: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    #[inline(always)]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
    #[inline(always)]
    fn lt(&self, other: &Self) -> bool {
        other.key() < self.key()
    }
    #[inline(always)]
    fn le(&self, other: &Self) -> bool {
        other.key() <= self.key()
    }
    #[inline(always)]
    fn gt(&self, other: &Self) -> bool {
        other.key() > self.key()
    }
    #[inline(always)]
    fn ge(&self, other: &Self) -> bool {
        other.key() >= self.key()
    }
}
/// `(time, seq)` as one 128-bit number: the same order as the pair, compared without
/// branches. No event has the key `u128::MAX` (its time would be [`SimTime::MAX`]), so it
/// stands for "nothing".
#[inline(always)]
pub fn order_key(time: SimTime, seq: u64) -> u128 {
    (u128::from(time.0) << 64) | u128::from(seq)
}

impl<E> Entry<E> {
    #[inline(always)]
    fn key(&self) -> u128 {
        order_key(self.time, self.seq)
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed so that `BinaryHeap` (a max-heap) pops the earliest `(time, seq)` first.
    #[inline(always)]
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

/// A time-ordered queue with FIFO ties.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedule `event` at `time`.
    pub fn push(&mut self, time: SimTime, event: E) {
        let seq = self.reserve_seq();
        self.heap.push(Entry { time, seq, event });
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.time)
    }

    /// The `(time, sequence)` key of the next event, if any.
    pub fn peek_key(&self) -> Option<(SimTime, u64)> {
        self.heap.peek().map(|e| (e.time, e.seq))
    }

    /// The [`order_key`] of the next event, `u128::MAX` if none.
    #[inline]
    pub fn next_order_key(&self) -> u128 {
        self.heap.peek().map_or(u128::MAX, Entry::key)
    }

    /// Take the next sequence number for an event the caller keeps outside the heap (the
    /// engine holds each source's next arrival aside). Comparing its `(time, seq)` with
    /// [`EventQueue::peek_key`] keeps it in exactly the FIFO order it would have had inside.
    #[inline]
    pub fn reserve_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Remove and return the next event.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }

    /// Number of events waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_with_fifo_ties() {
        let mut q = EventQueue::default();
        q.push(SimTime(5), "b1");
        q.push(SimTime(3), "a");
        q.push(SimTime(5), "b2");
        q.push(SimTime(9), "c");
        q.push(SimTime(5), "b3");
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (SimTime(3), "a"),
                (SimTime(5), "b1"),
                (SimTime(5), "b2"),
                (SimTime(5), "b3"),
                (SimTime(9), "c")
            ]
        );
    }

    #[test]
    fn fifo_holds_for_many_equal_times_pushed_interleaved() {
        let mut q = EventQueue::default();
        for i in 0..1000u32 {
            q.push(SimTime(u64::from(i % 3)), i);
        }
        let mut last: Option<(SimTime, u32)> = None;
        while let Some((t, i)) = q.pop() {
            if let Some((lt, li)) = last {
                assert!(
                    t > lt || (t == lt && i > li),
                    "({t:?},{i}) after ({lt:?},{li})"
                );
            }
            last = Some((t, i));
        }
    }

    /// Against a reference sorted by `(time, push number)`: interleaved pushes and pops,
    /// times mostly ahead of the last pop (as the engine does), some equal to it, some far
    /// ahead, a few in the past.
    #[test]
    fn same_order_as_a_sorted_reference_on_random_interleavings() {
        use rand::{RngExt, SeedableRng};
        use std::collections::BTreeSet;
        let mut rng = crate::rng::SimRng::seed_from_u64(7);
        let mut q = EventQueue::default();
        let mut reference: BTreeSet<(u64, u64)> = BTreeSet::new();
        let (mut now, mut pushed) = (0u64, 0u64);
        for step in 0..200_000u32 {
            if q.is_empty() || rng.random_range(0..100) < 51 {
                let t = match rng.random_range(0..100) {
                    0 if now > 0 => rng.random_range(0..now),
                    1..=20 => now,
                    21..=23 => now + rng.random_range(0..u64::MAX / 4),
                    _ => now + rng.random_range(0..5_000_000),
                };
                q.push(SimTime(t), pushed);
                reference.insert((t, pushed));
                pushed += 1;
            } else {
                let want = reference.pop_first().unwrap();
                assert_eq!(q.peek_time(), Some(SimTime(want.0)), "step {step}");
                let (t, id) = q.pop().unwrap();
                assert_eq!((t.0, id), want, "step {step}");
                now = t.0;
            }
            assert_eq!(q.len(), reference.len());
        }
        while let Some(want) = reference.pop_first() {
            let (t, id) = q.pop().unwrap();
            assert_eq!((t.0, id), want);
        }
        assert!(q.pop().is_none() && q.peek_key().is_none());
    }
}
