//! Scale-in: [`Fleet::remove`] picks the instances to stop or drain in the order the fleet's
//! module docs describe (idle, then Pending, then busy, newest first; Pending first on
//! Kubernetes). A child of `fleet`, which owns the instances.

use super::{Fleet, InstanceState, Removal, ScaleInMode};
use crate::time::SimTime;

impl Fleet {
    /// Remove `n` instances from the active ones (pending + in service), in the scale-in
    /// order described in the module docs.
    pub fn remove(&mut self, n: u32, mode: ScaleInMode, now: SimTime) -> Removal {
        let pending_first = self.pending_first;
        let mut candidates: Vec<(u8, std::cmp::Reverse<u64>, u32, u8)> = self
            .instances
            .iter()
            .enumerate()
            .filter_map(|(slot, i)| {
                let group = match i.state {
                    InstanceState::InService if i.in_flight.is_empty() => 0,
                    InstanceState::Pending => 1,
                    InstanceState::InService => 2,
                    _ => return None,
                };
                let rank = match group {
                    0 if pending_first => 1,
                    1 if pending_first => 0,
                    g => g,
                };
                Some((rank, std::cmp::Reverse(i.serial), slot as u32, group))
            })
            .collect();
        candidates.sort_unstable();
        let mut removal = Removal::default();
        for &(_, _, slot, group) in candidates.iter().take(n as usize) {
            match group {
                0 => {
                    self.counts.in_service -= 1;
                    self.free_slots.retain(|&s| s != slot);
                    removal.stopped.push(self.stop_slot(slot, now));
                }
                1 => {
                    self.counts.pending -= 1;
                    self.open_pending.retain(|&s| s != slot);
                    let inst = &mut self.instances[slot as usize];
                    self.counts.bound -= inst.bound.len() as u32;
                    removal.requeue.append(&mut inst.bound);
                    removal.stopped.push(self.stop_slot(slot, now));
                }
                _ => {
                    self.counts.in_service -= 1;
                    self.free_slots.retain(|&s| s != slot);
                    match mode {
                        ScaleInMode::Drain => {
                            self.instances[slot as usize].state = InstanceState::Draining;
                            self.counts.draining += 1;
                            removal.draining += 1;
                        }
                        ScaleInMode::KillRequeue => {
                            let inst = &mut self.instances[slot as usize];
                            self.counts.in_flight -= inst.in_flight.len() as u32;
                            self.counts.busy -= 1;
                            removal
                                .requeue
                                .extend(inst.in_flight.drain(..).map(|f| f.request));
                            removal.stopped.push(self.stop_slot(slot, now));
                        }
                    }
                }
            }
        }
        removal
    }
}
