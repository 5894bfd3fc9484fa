//! The KPA's averaging windows: one tick's [`Sample`] and a [`Window`] of them kept like
//! upstream's `TimedFloat64Buckets`.

use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// One tick's observed concurrency.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sample {
    pub(super) end: SimTime,
    pub(super) span: SimDuration,
    pub(super) value: f64,
}

impl Sample {
    pub(super) fn start(&self) -> u64 {
        self.end.0.saturating_sub(self.span.0)
    }
}

/// The observations of one window, like upstream's `TimedFloat64Buckets`: averaged from the
/// first observation (`firstWrite`) to the latest (`lastWrite`) within the window, gaps in
/// between counting as 0; restarted when an observation follows a whole window without any.
#[derive(Debug)]
pub(super) struct Window {
    length: SimDuration,
    samples: VecDeque<Sample>,
    /// Start of the first observation since the last restart.
    first: Option<SimTime>,
    /// End of the latest observation.
    last: Option<SimTime>,
}

impl Window {
    pub(super) fn new(length: SimDuration) -> Window {
        Window {
            length,
            samples: VecDeque::new(),
            first: None,
            last: None,
        }
    }

    /// Record an observation (samples arrive in time order).
    pub(super) fn record(&mut self, s: Sample) {
        let start = s.start();
        let restart = self
            .last
            .is_some_and(|last| start.saturating_sub(last.0) >= self.length.0);
        if restart {
            self.samples.clear();
            self.first = None;
        }
        self.first.get_or_insert(SimTime(start));
        self.last = Some(s.end);
        self.samples.push_back(s);
        while let Some(f) = self.samples.front() {
            if f.end.0.saturating_add(self.length.0) <= s.end.0 {
                self.samples.pop_front();
            } else {
                break;
            }
        }
    }

    /// `WindowAverage`: the time average from `max(now − length, first)` to the latest
    /// observation; `None` when nothing was observed within the window (`IsEmpty`).
    pub(super) fn average(&self, now: SimTime) -> Option<f64> {
        let (first, last) = (self.first?, self.last?);
        let from = now.0.saturating_sub(self.length.0).max(first.0);
        let to = last.0.min(now.0);
        if to <= from {
            return None;
        }
        let weighted: f64 = self
            .samples
            .iter()
            .map(|s| {
                let part = s.end.0.min(to).saturating_sub(s.start().max(from));
                s.value * part as f64
            })
            .sum();
        Some(weighted / (to - from) as f64)
    }
}
