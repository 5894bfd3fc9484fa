//! CloudWatch publication, as the policy sees it: the minute being accumulated (gauge
//! samples and counts, [`MinuteAccumulator`]), the datapoints of closed minutes waiting out
//! the publication delay, and the datapoints published at a minute boundary.

use super::MetricsConfig;
use crate::metrics::minute::{Gauges, MinuteAccumulator, MinuteCounts};
use crate::metrics::{MetricMinute, StatisticSet, METRIC_COUNT};
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// One simulated minute.
pub(super) const MINUTE: SimDuration = SimDuration::from_mins(1);

/// The metric pipeline of one run.
pub(super) struct Publication {
    minute: MinuteAccumulator,
    /// The end of the minute being accumulated.
    next_boundary: SimTime,
    publish_delay: SimDuration,
    unpublished: VecDeque<(SimTime, MetricMinute)>,
    published_now: Vec<MetricMinute>,
}

impl Publication {
    /// The first minute begins at time 0.
    pub(super) fn new(m: &MetricsConfig) -> Publication {
        Publication {
            minute: MinuteAccumulator::new(
                m.sample_interval,
                m.tt_from_zero,
                m.per_instance_denominator,
            ),
            next_boundary: SimTime::ZERO.after(MINUTE),
            publish_delay: m.publish_delay,
            unpublished: VecDeque::new(),
            published_now: Vec::new(),
        }
    }

    /// The end of the minute being accumulated.
    #[inline]
    pub(super) fn next_boundary(&self) -> SimTime {
        self.next_boundary
    }

    /// The counts of the minute being accumulated (fed by `Statistics::record`).
    #[inline]
    pub(super) fn counts_mut(&mut self) -> &mut MinuteCounts {
        &mut self.minute.counts
    }

    /// Take the samples due before `t` (within the current minute), with the gauges as they
    /// are now (asked for only when a sample is due).
    #[inline]
    pub(super) fn sample_until(&mut self, t: SimTime, gauges: impl FnOnce() -> Gauges) {
        if self.minute.sample_due_before(t) {
            let g = gauges();
            self.minute.sample_until(t, self.next_boundary, &g);
        }
    }

    /// Close the minute ending at the next boundary: its index, counts and datapoints; its
    /// datapoints are queued for publication after the delay.
    pub(super) fn close(&mut self) -> (u64, MinuteCounts, [Option<StatisticSet>; METRIC_COUNT]) {
        let boundary = self.next_boundary;
        let index = boundary.0 / MINUTE.0 - 1;
        let (counts, metrics) = self.minute.close();
        self.unpublished.push_back((
            boundary.after(self.publish_delay),
            MetricMinute::new(index, metrics),
        ));
        (index, counts, metrics)
    }

    /// The datapoints published at the boundary just closed, oldest first.
    pub(super) fn publish(&mut self) -> &[MetricMinute] {
        let boundary = self.next_boundary;
        self.published_now.clear();
        while let Some(&(at, m)) = self.unpublished.front() {
            if at > boundary {
                break;
            }
            self.published_now.push(m);
            self.unpublished.pop_front();
        }
        &self.published_now
    }

    /// The next minute begins (after the policy has acted at the boundary).
    pub(super) fn next_minute(&mut self) {
        self.next_boundary = self.next_boundary.after(MINUTE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::minute::{PerInstanceDenominator, TtFromZero};

    #[test]
    fn datapoints_wait_out_the_delay() {
        let m = MetricsConfig {
            sample_interval: SimDuration::from_secs(60),
            publish_delay: SimDuration::from_secs(90),
            tt_from_zero: TtFromZero::default(),
            per_instance_denominator: PerInstanceDenominator::default(),
        };
        let mut p = Publication::new(&m);
        let mut published = Vec::new();
        for _ in 0..4 {
            p.counts_mut().arrivals += 1;
            let (index, counts, _) = p.close();
            assert_eq!(counts.arrivals, 1, "minute {index} counts its own arrival");
            published.push(p.publish().iter().map(|d| d.minute).collect::<Vec<_>>());
            p.next_minute();
        }
        // Minute 0 closes at 60 s and is published at 150 s, i.e. at the 180 s boundary.
        assert_eq!(published, vec![vec![], vec![], vec![0], vec![1]]);
        assert_eq!(
            p.next_boundary(),
            SimTime::ZERO.after(SimDuration::from_mins(5))
        );
    }
}
