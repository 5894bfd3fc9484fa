//! The alarms of [`AutoScaling`](super::AutoScaling), each fed from one endpoint metric:
//! the per-minute history an alarm with a period longer than a minute needs, merged into
//! period datapoints before each evaluation.

use crate::aws::alarm::{Alarm, AlarmConfig, AlarmState, Basis};
use crate::metrics::{EndpointMetric, MetricMinute, StatisticSet};
use std::collections::VecDeque;

/// An alarm fed from one endpoint metric, with the per-minute history its period needs.
#[derive(Debug)]
pub(super) struct MetricAlarm {
    pub(super) alarm: Alarm,
    pub(super) metric: Option<EndpointMetric>,
    pub(super) period_minutes: usize,
    pub(super) minutes: VecDeque<Option<StatisticSet>>,
    /// The newest minute fed, and the rule that decided the latest evaluation.
    pub(super) last_minute: Option<u64>,
    pub(super) basis: Basis,
}

fn merge(a: Option<StatisticSet>, b: Option<StatisticSet>) -> Option<StatisticSet> {
    match (a, b) {
        (Some(a), Some(b)) => Some(StatisticSet {
            sample_count: a.sample_count + b.sample_count,
            sum: a.sum + b.sum,
            minimum: a.minimum.min(b.minimum),
            maximum: a.maximum.max(b.maximum),
        }),
        (x, None) | (None, x) => x,
    }
}

impl MetricAlarm {
    pub(super) fn new(
        config: AlarmConfig,
        metric: Option<EndpointMetric>,
        range_extra: usize,
    ) -> MetricAlarm {
        let period_minutes = (config.period_s / 60).max(1) as usize;
        let alarm = Alarm::new(config).with_range_extra(range_extra);
        MetricAlarm {
            minutes: VecDeque::with_capacity(period_minutes * alarm.range()),
            alarm,
            metric,
            period_minutes,
            last_minute: None,
            basis: Basis::NoVerdict,
        }
    }

    /// Feed one published minute and re-evaluate.
    pub(super) fn push(&mut self, m: &MetricMinute) {
        let set = self.metric.and_then(|metric| m.get(metric));
        self.last_minute = Some(m.minute);
        if self.period_minutes == 1 {
            self.basis = self.alarm.evaluate_stats(set.as_ref()).basis;
            return;
        }
        // Longer periods: rebuild the range of period datapoints ending at this minute.
        let keep = self.period_minutes * self.alarm.range();
        self.minutes.push_back(set);
        while self.minutes.len() > keep {
            self.minutes.pop_front();
        }
        let statistic = self.alarm.config().statistic;
        let mut values: Vec<Option<f64>> = self
            .minutes
            .iter()
            .rev()
            .collect::<Vec<_>>()
            .chunks(self.period_minutes)
            .map(|chunk| {
                chunk
                    .iter()
                    .fold(None, |acc, s| merge(acc, **s))
                    .map(|s| s.get(statistic))
            })
            .collect();
        values.reverse();
        self.basis = self.alarm.evaluate_range(&values).basis;
    }

    pub(super) fn in_alarm(&self) -> bool {
        self.alarm.state() == AlarmState::Alarm
    }
}
