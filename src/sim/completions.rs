//! The ends of requests in service, held beside the event queue.
//!
//! Every started request ends with a `ServiceDone` event; pushing and popping each of them
//! through the binary heap was the largest cost per request (a sift on random completion
//! times, which mispredicts). Up to [`Completions::CAPACITY`] of them are kept here instead,
//! in a small array whose earliest entry is found by scans without branches. Each carries
//! a sequence number reserved from the queue ([`super::queue::EventQueue::reserve_seq`]),
//! so the engine takes whichever of this array's earliest entry, the queue's head and the
//! next arrival has the smallest `(time, sequence)`: exactly the order the queue would have
//! given. When the array is full, further ends go into the queue as events.

use super::event::ServiceEnd;
use super::queue::order_key;
use crate::endpoint::fleet::InstanceRef;
use crate::time::SimTime;

/// Ends of requests in service, by `(time, sequence)` key.
///
/// Each entry's order is packed into one `u64`: its time (µs), then a rank that grows with
/// the sequence number, then its slot (of 64), so the earliest entry is a plain `u64`
/// minimum, which also names its slot. The slots form 8 groups of 8 with each group's
/// minimum kept, so taking the earliest rescans one group and the 8 minima: fixed-length
/// scans, conditional moves and no branch. Ranks are renumbered from 0 (keeping their
/// order) when they run out; times from [`Completions::TIME_LIMIT`] µs (≈ 8.9 years) on
/// are left to the queue.
pub(super) struct Completions {
    /// Packed `time | rank | slot` of each slot's entry, `u64::MAX` when the slot is free.
    packed: [u64; Self::CAPACITY],
    /// The smallest `packed` of each group of [`Completions::GROUP`] slots.
    group_min: [u64; Self::CAPACITY / Self::GROUP],
    /// Each slot's sequence number and payload (stale when the slot is free).
    ends: [(u64, ServiceEnd); Self::CAPACITY],
    /// Free slots, the last taken first.
    free: Vec<u8>,
    /// The rank of the next entry pushed.
    next_rank: u64,
    /// Slot of the earliest entry (meaningless when empty).
    earliest: usize,
    /// `order_key` of the earliest entry, `u128::MAX` when empty.
    earliest_key: u128,
}

impl Default for Completions {
    fn default() -> Self {
        let none = ServiceEnd {
            instance: InstanceRef { slot: 0, gen: 0 },
            request_id: 0,
            failed: false,
        };
        Completions {
            packed: [u64::MAX; Self::CAPACITY],
            group_min: [u64::MAX; Self::CAPACITY / Self::GROUP],
            ends: [(0, none); Self::CAPACITY],
            free: (0..Self::CAPACITY as u8).rev().collect(),
            next_rank: 0,
            earliest: 0,
            earliest_key: u128::MAX,
        }
    }
}

impl Completions {
    /// The most ends held here; two scans of 8 are cheaper than a heap push and pop.
    pub(super) const CAPACITY: usize = 1 << Self::SLOT_BITS;
    const GROUP: usize = 8;
    const SLOT_BITS: u32 = 6;
    const RANK_BITS: u32 = 10;
    const LOW_BITS: u32 = Self::SLOT_BITS + Self::RANK_BITS;
    const SLOT_MASK: u64 = (1 << Self::SLOT_BITS) - 1;
    /// Ends due at or after this time (µs) go to the queue.
    pub(super) const TIME_LIMIT: u64 = 1 << (64 - Self::LOW_BITS);

    /// Whether an end due at `time` can be held here.
    #[inline]
    pub(super) fn takes(&self, time: SimTime) -> bool {
        !self.free.is_empty() && time.0 < Self::TIME_LIMIT
    }

    /// Hold `end`, due at `time` with sequence number `seq` (the caller checked
    /// [`Completions::takes`]; `seq` is larger than any held).
    #[inline]
    pub(super) fn push(&mut self, time: SimTime, seq: u64, end: ServiceEnd) {
        if self.next_rank == 1 << Self::RANK_BITS {
            self.renumber();
        }
        let Some(slot) = self.free.pop() else {
            debug_assert!(false, "push without room");
            return;
        };
        let slot = usize::from(slot);
        let rank = self.next_rank;
        self.next_rank += 1;
        let packed = (time.0 << Self::LOW_BITS) | (rank << Self::SLOT_BITS) | slot as u64;
        self.packed[slot] = packed;
        self.ends[slot] = (seq, end);
        let group = &mut self.group_min[slot / Self::GROUP];
        *group = (*group).min(packed);
        let key = order_key(time, seq);
        let earlier = key < self.earliest_key;
        self.earliest = if earlier { slot } else { self.earliest };
        self.earliest_key = if earlier { key } else { self.earliest_key };
    }

    /// Give the entries ranks 0, 1, … in their order (rare: once per 1,024 pushes).
    #[cold]
    fn renumber(&mut self) {
        let rank_mask = ((1u64 << Self::RANK_BITS) - 1) << Self::SLOT_BITS;
        let mut by_rank: Vec<usize> = (0..Self::CAPACITY)
            .filter(|&i| self.packed[i] != u64::MAX)
            .collect();
        by_rank.sort_unstable_by_key(|&i| self.packed[i] & rank_mask);
        for (rank, &i) in by_rank.iter().enumerate() {
            self.packed[i] = (self.packed[i] & !rank_mask) | ((rank as u64) << Self::SLOT_BITS);
        }
        self.next_rank = by_rank.len() as u64;
        for (g, min) in self.group_min.iter_mut().enumerate() {
            *min = Self::min_of(&self.packed[g * Self::GROUP..(g + 1) * Self::GROUP]);
        }
    }

    /// The smallest of `values` (a fixed, short length: unrolled, no branch).
    #[inline(always)]
    fn min_of(values: &[u64]) -> u64 {
        values.iter().fold(u64::MAX, |best, &v| best.min(v))
    }

    /// The `order_key` of the earliest end, `u128::MAX` if none.
    #[inline]
    pub(super) fn next_key(&self) -> u128 {
        self.earliest_key
    }

    /// Take the earliest end (the caller saw [`Completions::next_key`] below `u128::MAX`).
    #[inline]
    pub(super) fn pop(&mut self) -> (SimTime, ServiceEnd) {
        let time = SimTime((self.earliest_key >> 64) as u64);
        let slot = self.earliest;
        let (_, end) = self.ends[slot];
        self.packed[slot] = u64::MAX;
        self.free.push(slot as u8);
        let g = slot / Self::GROUP;
        self.group_min[g] = Self::min_of(&self.packed[g * Self::GROUP..(g + 1) * Self::GROUP]);
        let best = Self::min_of(&self.group_min);
        if best == u64::MAX {
            self.earliest_key = u128::MAX;
        } else {
            self.earliest = (best & Self::SLOT_MASK) as usize;
            let seq = self.ends[self.earliest].0;
            self.earliest_key = order_key(SimTime(best >> Self::LOW_BITS), seq);
        }
        (time, end)
    }

    /// Number of ends held.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        Self::CAPACITY - self.free.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(id: u64) -> ServiceEnd {
        ServiceEnd {
            instance: InstanceRef { slot: 0, gen: 0 },
            request_id: id,
            failed: false,
        }
    }

    /// Against a sorted reference: random times, ties broken by sequence number.
    #[test]
    fn pops_in_time_then_sequence_order() {
        use rand::{RngExt, SeedableRng};
        use std::collections::BTreeSet;
        let mut rng = crate::rng::SimRng::seed_from_u64(3);
        let mut c = Completions::default();
        let mut reference = BTreeSet::new();
        let (mut now, mut seq) = (0u64, 0u64);
        for _ in 0..100_000 {
            if c.takes(SimTime(now + 20)) && (c.len() == 0 || rng.random_range(0..100) < 50) {
                let t = now + rng.random_range(0..20u64);
                c.push(SimTime(t), seq, end(seq));
                reference.insert((t, seq));
                seq += 1;
            } else {
                let (t, e) = c.pop();
                assert_eq!(Some((t.0, e.request_id)), reference.pop_first());
                now = t.0;
            }
            let want = reference
                .first()
                .map_or(u128::MAX, |&(t, s)| order_key(SimTime(t), s));
            assert_eq!(c.next_key(), want);
        }
    }
}
