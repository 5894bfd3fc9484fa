//! Why and when each alarm changed state: its transitions minute by minute, the reason
//! CloudWatch gives for each (in CloudWatch's words, from the datapoints the alarm could see
//! then, with `StateReasonData` for threshold decisions) and its state at the end of the run.

use super::{ids, AlarmInfo, Ctx};
use crate::aws::alarm::AlarmState;
use crate::aws::metric::ComparisonOperator;
use crate::metrics::{EndpointMetric, Statistic, StatisticSet};
use crate::recorded::UtcMicros;
use serde::Serialize;

/// A change of an alarm's state at the end of `minute`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Transition {
    pub(super) minute: u64,
    pub(super) from: AlarmState,
    pub(super) to: AlarmState,
}

/// The changes of the alarm at `index` of `RunTrace::alarm_names`, oldest first.
pub(super) fn transitions(cx: &Ctx<'_>, index: usize) -> Vec<Transition> {
    let mut state = AlarmState::InsufficientData;
    let mut out = Vec::new();
    for m in &cx.trace().minutes {
        let Some(&now) = m.alarms.get(index) else {
            continue;
        };
        if now != state {
            out.push(Transition {
                minute: m.record.minute,
                from: state,
                to: now,
            });
            state = now;
        }
    }
    out
}

/// When a state reported for `minute` took effect: the end of the minute.
pub(super) fn effective(cx: &Ctx<'_>, minute: u64) -> UtcMicros {
    cx.minute_start(minute + 1)
}

/// A state's reason, and for threshold decisions the datapoints behind it.
pub(super) struct Reason {
    pub(super) text: String,
    pub(super) data: Option<ReasonData>,
}

/// CloudWatch's `StateReasonData`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReasonData {
    version: &'static str,
    query_date: String,
    start_date: String,
    statistic: Statistic,
    period: u32,
    recent_datapoints: Vec<f64>,
    threshold: f64,
    evaluated_datapoints: Vec<Evaluated>,
}

/// One datapoint of `evaluatedDatapoints`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Evaluated {
    timestamp: String,
    sample_count: f64,
    value: f64,
}

pub(super) const INITIAL_REASON: &str = "Unchecked: Initial alarm creation";

/// The reason CloudWatch gives for `t` of the alarm `info` (unknown: a generic one).
pub(super) fn reason(cx: &Ctx<'_>, info: Option<&AlarmInfo<'_>>, t: Transition) -> Reason {
    let Some(info) = info else {
        return Reason {
            text: format!("Threshold Crossed: state changed to {}.", t.to.as_str()),
            data: None,
        };
    };
    let c = info.config;
    let n = c.evaluation_periods;
    if t.to == AlarmState::InsufficientData {
        return Reason {
            text: format!("Insufficient Data: {n} datapoints were unknown."),
            data: None,
        };
    }
    let points = datapoints(cx, info, t.minute);
    let breaching = points
        .iter()
        .filter(|(_, _, v)| c.comparison.breaches(*v, c.threshold))
        .count();
    let alarm = t.to == AlarmState::Alarm;
    let text = if points.is_empty() {
        let treated = if alarm { "Breaching" } else { "NonBreaching" };
        format!(
            "Threshold Crossed: no datapoints were received for {n} periods and {n} missing \
             datapoints were treated as [{treated}]."
        )
    } else {
        let list: Vec<String> = points
            .iter()
            .map(|(t, _, v)| format!("{v:?} ({})", ids::reason_time(*t)))
            .collect();
        let (count, not, minimum) = if alarm {
            (breaching, "", c.datapoints_to_alarm)
        } else {
            (points.len() - breaching, "not ", 1)
        };
        format!(
            "Threshold Crossed: {count} out of the last {} datapoints [{}] {} {not}{} the \
             threshold ({:?}) (minimum {minimum} datapoint{} for {} -> {} transition).",
            points.len(),
            list.join(", "),
            if count == 1 { "was" } else { "were" },
            phrase(c.comparison),
            c.threshold,
            if minimum == 1 { "" } else { "s" },
            t.from.as_str(),
            t.to.as_str(),
        )
    };
    let data = (!points.is_empty()).then(|| ReasonData {
        version: "1.0",
        query_date: ids::reason_data_time(effective(cx, t.minute)),
        start_date: ids::reason_data_time(points.last().map_or(cx.rec.start, |p| p.0)),
        statistic: c.statistic,
        period: c.period_s,
        recent_datapoints: points.iter().rev().map(|p| p.2).collect(),
        threshold: c.threshold,
        evaluated_datapoints: points
            .iter()
            .map(|&(t, set, value)| Evaluated {
                timestamp: ids::reason_data_time(t),
                sample_count: set.sample_count,
                value,
            })
            .collect(),
    });
    Reason { text, data }
}

/// `greater than`, `less than or equal to`, ...
fn phrase(op: ComparisonOperator) -> &'static str {
    match op {
        ComparisonOperator::GreaterThanOrEqualToThreshold => "greater than or equal to",
        ComparisonOperator::GreaterThanThreshold => "greater than",
        ComparisonOperator::LessThanThreshold => "less than",
        ComparisonOperator::LessThanOrEqualToThreshold => "less than or equal to",
    }
}

/// The datapoints the alarm could see when it evaluated at the end of `minute`, newest
/// first: up to `EvaluationPeriods` periods, each with its start, its statistics and the
/// value of the alarm's statistic (periods without a finite value are left out).
fn datapoints(
    cx: &Ctx<'_>,
    info: &AlarmInfo<'_>,
    minute: u64,
) -> Vec<(UtcMicros, StatisticSet, f64)> {
    let Some(metric) = info.metric else {
        return Vec::new();
    };
    let c = info.config;
    let per = u64::from((c.period_s / 60).max(1));
    let delay = cx.scenario().sim.metrics.publish_delay.0;
    let lag = delay.div_ceil(60_000_000);
    let Some(mut last) = minute.checked_sub(lag) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for _ in 0..c.evaluation_periods {
        let Some(first) = (last + 1).checked_sub(per) else {
            break;
        };
        let set = (first..=last)
            .filter_map(|m| minute_set(cx, m, metric))
            .reduce(merge);
        if let Some(set) = set {
            let v = set.get(c.statistic);
            if v.is_finite() {
                out.push((cx.minute_start(first), set, v));
            }
        }
        let Some(next) = first.checked_sub(1) else {
            break;
        };
        last = next;
    }
    out
}

/// The datapoint of `metric` in minute `m`.
fn minute_set(cx: &Ctx<'_>, m: u64, metric: EndpointMetric) -> Option<StatisticSet> {
    let minutes = &cx.trace().minutes;
    let i = minutes.binary_search_by_key(&m, |t| t.record.minute).ok()?;
    minutes[i].record.metrics[metric.index()]
}

/// Two periods' statistics as one.
fn merge(a: StatisticSet, b: StatisticSet) -> StatisticSet {
    StatisticSet {
        sample_count: a.sample_count + b.sample_count,
        sum: a.sum + b.sum,
        minimum: a.minimum.min(b.minimum),
        maximum: a.maximum.max(b.maximum),
    }
}

/// The state of an alarm at the end of the run, its reason and since when.
pub(super) struct EndState {
    pub(super) state: AlarmState,
    pub(super) reason: Reason,
    pub(super) since: UtcMicros,
}

pub(super) fn end_state(cx: &Ctx<'_>, info: &AlarmInfo<'_>) -> EndState {
    let index = cx
        .trace()
        .alarm_names
        .iter()
        .position(|n| *n == info.config.name);
    match index.and_then(|i| transitions(cx, i).last().copied()) {
        Some(t) => EndState {
            state: t.to,
            reason: reason(cx, Some(info), t),
            since: effective(cx, t.minute),
        },
        None => EndState {
            state: AlarmState::InsufficientData,
            reason: Reason {
                text: INITIAL_REASON.into(),
                data: None,
            },
            since: cx.setup_time(),
        },
    }
}
