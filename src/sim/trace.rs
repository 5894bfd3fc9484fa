//! [`RunTrace`]: an observer that keeps, minute by minute, what an AWS account would have
//! recorded of the run: the minute rows with their metric datapoints, the alarm states,
//! the scaling activities, and per-minute statistics of the requests that finished (what
//! CloudWatch publishes as `TimeInBacklog`, `TotalProcessingTime` and `ModelLatency`).
//! `backtest` compares it with the real record and `recorded::write` writes it in AWS's
//! shapes.
//!
//! A request belongs to the minute in which it finished (completed or failed), the minute
//! in which AWS would count it in `InvocationsProcesssed`; expired requests count in the
//! minute they expired. Memory grows with the number of minutes (a few hundred bytes per
//! minute), and with every request only when `with_requests` is set.

use super::observer::{ActivityRecord, MinuteRecord, Observer, Outcome, RequestRecord};
use crate::metrics::StatisticSet;
use crate::policy::AlarmState;

/// Statistics, in seconds, of the requests that completed in one minute.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RequestMinute {
    /// Arrival to start of processing (AWS `TimeInBacklog`).
    pub wait: Option<StatisticSet>,
    /// Arrival to completion (AWS `TotalProcessingTime`).
    pub latency: Option<StatisticSet>,
    /// Processing time (AWS `ModelLatency`).
    pub service: Option<StatisticSet>,
}

impl RequestMinute {
    fn add(&mut self, r: &RequestRecord) {
        let push = |set: &mut Option<StatisticSet>, v: f64| match set {
            Some(s) => s.push(v),
            None => *set = Some(StatisticSet::single(v)),
        };
        let start = r.start.unwrap_or(r.finish);
        push(&mut self.wait, start.since(r.arrival).as_secs_f64());
        push(&mut self.latency, r.finish.since(r.arrival).as_secs_f64());
        push(&mut self.service, r.finish.since(start).as_secs_f64());
    }
}

/// One minute of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceMinute {
    /// The engine's minute row (counts, capacity, metric datapoints).
    pub record: MinuteRecord,
    /// Requests that completed in the minute.
    pub requests: RequestMinute,
    /// The policy's alarm states at the end of the minute (in `RunTrace::alarm_names`
    /// order; empty for policies without alarms).
    pub alarms: Vec<AlarmState>,
}

/// Everything kept of one run. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct RunTrace {
    /// The policy's alarm names.
    pub alarm_names: Vec<String>,
    /// Every minute, in order.
    pub minutes: Vec<TraceMinute>,
    /// Every scaling activity, in the order reported.
    pub activities: Vec<ActivityRecord>,
    /// Every request that left the system, when asked for.
    pub requests: Option<Vec<RequestRecord>>,
    current: (u64, RequestMinute),
    alarms: Vec<AlarmState>,
}

impl RunTrace {
    /// An empty trace for a policy with `alarm_names`; `with_requests` keeps every request.
    pub fn new(alarm_names: Vec<String>, with_requests: bool) -> RunTrace {
        RunTrace {
            alarm_names,
            requests: with_requests.then(Vec::new),
            ..RunTrace::default()
        }
    }
}

impl Observer for RunTrace {
    fn on_request(&mut self, r: &RequestRecord) {
        if let Some(all) = &mut self.requests {
            all.push(*r);
        }
        if r.outcome != Outcome::Completed {
            return;
        }
        let minute = r.finish.0 / 60_000_000;
        if self.current.0 != minute {
            // Only requests of the open minute arrive here; a stale one starts afresh.
            self.current = (minute, RequestMinute::default());
        }
        self.current.1.add(r);
    }

    fn on_alarms(&mut self, _minute: u64, states: &[AlarmState]) {
        self.alarms.clear();
        self.alarms.extend_from_slice(states);
    }

    fn on_minute(&mut self, m: &MinuteRecord) {
        let requests = if self.current.0 == m.minute {
            std::mem::take(&mut self.current.1)
        } else {
            RequestMinute::default()
        };
        self.minutes.push(TraceMinute {
            record: *m,
            requests,
            alarms: std::mem::take(&mut self.alarms),
        });
    }

    fn on_activity(&mut self, a: &ActivityRecord) {
        self.activities.push(a.clone());
    }
}
