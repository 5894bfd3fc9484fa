//! CloudWatch metric alarm evaluation (docs/aws-semantics.md §0.1, §0.3, §7.1–7.4).
//!
//! Owns [`Alarm`]: the state (OK / ALARM / INSUFFICIENT_DATA, starting INSUFFICIENT_DATA,
//! docs/aws-semantics.md §7.1), the recent per-period datapoints, and the M-of-N decision with
//! CloudWatch's missing-data rules. The caller (the engine) pushes one value per evaluation with
//! [`Alarm::evaluate`]; for `Period >= 60` CloudWatch evaluates every minute, for 10/30-s
//! periods every 10 s (docs/aws-semantics.md §0.1, [`AlarmConfig::evaluation_interval_s`]).
//!
//! # The decision (docs/aws-semantics.md §7.2–7.4)
//! With `N = EvaluationPeriods`, `M = DatapointsToAlarm` and the *evaluation range* = the
//! last `N + 2` periods (docs/aws-semantics.md §7.3, inferred):
//! 1. If the range holds `>= N` real datapoints, the newest `N` real ones are evaluated:
//!    ALARM if `>= M` breach, else OK. TreatMissingData plays no part.
//! 2. Otherwise all `k < N` real points are evaluated together with `N - k` filled ones:
//!    * `breaching`: ALARM if `real breaches + (N - k) >= M`, else OK;
//!    * `notBreaching`: ALARM if `real breaches >= M`, else OK;
//!    * `missing`: ALARM if `real breaches >= M`; else OK if any real point is not
//!      breaching; else ALARM if the oldest breaching point is at least `M` periods old
//!      (all newer points are then breaching or missing: the guard of docs/aws-semantics.md §7.4);
//!      else INSUFFICIENT_DATA (this covers "all missing");
//!    * `ignore`: as `missing`, except that where `missing` would give INSUFFICIENT_DATA or
//!      use the §7.4 guard, the current state is kept.
//!
//! # Interpretations (the CloudWatch guide leaves these open; see docs/aws-semantics.md)
//! * Range = `N + 2` for every period length (docs/aws-semantics.md §7.3 states it only for
//!   1-minute periods).
//! * "Real points always count" (§7.3) is read as: with `k < N` real points, *all* real points
//!   in the range are evaluated, so `N - k` filled points are used (CloudWatch "uses
//!   missing data points only as few times as possible").
//! * `missing` with only breaching real points that are too recent for the §7.4 guard gives
//!   INSUFFICIENT_DATA (the CloudWatch table row `- - - - X`); with a non-breaching real
//!   point it gives OK (rows `0 - - - -`, `- - - - 0`, and 2-of-3 `0 - X - -`). `ignore`
//!   keeps the state exactly where `missing` would need the guard or has no verdict (rows
//!   `- - X - -`, `X - - - -`, `- - - - -`), and otherwise agrees with `missing`.
//! * "At least M periods old": the newest period has age 1, so in `- - X - -` the `X` has
//!   age 3.
//! * Periods before the alarm existed count as missing; a NaN or infinite value is missing.
//! * The datapoints AAS aggregates for step scaling (docs/aws-semantics.md §2.2) are the real
//!   datapoints the last evaluation used ([`Alarm::recent_values`]); TT uses the newest one
//!   ([`Alarm::latest_value`], docs/aws-semantics.md §1.5).

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use super::metric::{ComparisonOperator, Statistic, StatisticSet, TreatMissingData};
use crate::error::Issue;

/// The state of an alarm (docs/aws-semantics.md §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlarmState {
    /// Within the threshold.
    #[serde(rename = "OK")]
    Ok,
    /// Breaching.
    #[serde(rename = "ALARM")]
    Alarm,
    /// Just created, or not enough data to decide.
    #[serde(rename = "INSUFFICIENT_DATA")]
    InsufficientData,
}

impl AlarmState {
    /// The CloudWatch spelling: `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// The settings of a metric alarm that matter for its evaluation (docs/aws-semantics.md §5.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmConfig {
    /// `AlarmName`.
    pub name: String,
    /// `EvaluationPeriods` (N).
    pub evaluation_periods: u32,
    /// `DatapointsToAlarm` (M, default N).
    pub datapoints_to_alarm: u32,
    /// `Threshold`.
    pub threshold: f64,
    /// `ComparisonOperator`.
    pub comparison: ComparisonOperator,
    /// `TreatMissingData` (default `missing`).
    pub treat_missing: TreatMissingData,
    /// `Statistic` of the metric per period.
    pub statistic: Statistic,
    /// `Period` in seconds.
    pub period_s: u32,
}

/// Periods beyond N in the evaluation range, unless set otherwise (docs/aws-semantics.md §7.3,
/// inferred).
pub const DEFAULT_RANGE_EXTRA: usize = 2;

impl AlarmConfig {
    /// Length of the evaluation range: `N + 2` periods (docs/aws-semantics.md §7.3, inferred).
    pub fn range(&self) -> usize {
        self.evaluation_periods as usize + 2
    }

    /// How often CloudWatch evaluates this alarm: every 60 s for `Period >= 60`, every 10 s
    /// for high-resolution periods (docs/aws-semantics.md §0.1).
    pub fn evaluation_interval_s(&self) -> u32 {
        if self.period_s >= 60 {
            60
        } else {
            10
        }
    }

    /// Problems that make the alarm meaningless (paths use the AWS names). The full AWS
    /// request bounds live in `cli_alarm`.
    pub fn validate(&self) -> Vec<Issue> {
        let mut v = Vec::new();
        if self.evaluation_periods < 1 {
            v.push(Issue::new("EvaluationPeriods", "must be at least 1"));
        }
        if self.datapoints_to_alarm < 1 || self.datapoints_to_alarm > self.evaluation_periods {
            v.push(Issue::new(
                "DatapointsToAlarm",
                format!(
                    "must be between 1 and EvaluationPeriods ({}) (got {})",
                    self.evaluation_periods, self.datapoints_to_alarm
                ),
            ));
        }
        if !self.threshold.is_finite() {
            v.push(Issue::new("Threshold", "must be a finite number"));
        }
        if self.period_s == 0 {
            v.push(Issue::new("Period", "must be at least 1 second"));
        }
        v
    }
}

/// Which rule of the decision produced the state (for logs and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// At least N real datapoints were in the range (docs/aws-semantics.md §7.3, first case).
    RealPoints,
    /// Fewer than N real datapoints; `filled` points were supplied by TreatMissingData.
    Filled {
        /// How many of the N evaluated points were filled.
        filled: u32,
    },
    /// ALARM from the oldest-breaching-point rule of docs/aws-semantics.md §7.4.
    OldestBreaching,
    /// No verdict: the state was kept (`ignore`).
    Kept,
    /// No verdict: INSUFFICIENT_DATA (`missing`).
    NoVerdict,
}

/// The result of one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The state after this evaluation.
    pub state: AlarmState,
    /// The state before it.
    pub previous: AlarmState,
    /// Whether the state changed.
    pub changed: bool,
    /// Which rule decided.
    pub basis: Basis,
    /// The real datapoints this evaluation used, oldest first (see [`Alarm::recent_values`]).
    pub datapoints: Vec<f64>,
}

impl Evaluation {
    /// Whether a scaling-policy action runs after this evaluation: at every evaluation while
    /// in ALARM, not only on the transition (docs/aws-semantics.md §0.3). For 10-s evaluation
    /// cadences the caller limits invocations to once per minute.
    pub fn invokes_scaling_action(&self) -> bool {
        self.state == AlarmState::Alarm
    }
}

/// A metric alarm: configuration, state and the datapoints of the evaluation range.
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    config: AlarmConfig,
    state: AlarmState,
    /// Per-period values, oldest first, at most `config.range()` long; `None` = missing.
    history: VecDeque<Option<f64>>,
    last_used: Vec<f64>,
    range_extra: usize,
}

impl Alarm {
    /// A new alarm in INSUFFICIENT_DATA with no datapoints (docs/aws-semantics.md §7.1). Validate
    /// the config first ([`AlarmConfig::validate`]); invalid counts do not panic but decide nothing
    /// useful.
    pub fn new(config: AlarmConfig) -> Alarm {
        Alarm {
            history: VecDeque::with_capacity(config.range()),
            range_extra: DEFAULT_RANGE_EXTRA,
            config,
            state: AlarmState::InsufficientData,
            last_used: Vec::new(),
        }
    }

    /// Set how many periods beyond N the evaluation range covers (docs/aws-semantics.md §7.3 infers
    /// 2 for 1-minute periods; the scenario setting `alarm_evaluation_range_extra`).
    pub fn with_range_extra(mut self, extra: usize) -> Alarm {
        self.range_extra = extra;
        self
    }

    /// Length of this alarm's evaluation range in periods: N + the range extra.
    pub fn range(&self) -> usize {
        self.config.evaluation_periods as usize + self.range_extra
    }

    /// The configuration.
    pub fn config(&self) -> &AlarmConfig {
        &self.config
    }

    /// Replace the configuration, keeping the state and the stored datapoints
    /// (docs/aws-semantics.md §7.1: updating an alarm keeps its state). Takes effect at the next
    /// evaluation.
    pub fn update_config(&mut self, config: AlarmConfig) {
        self.config = config;
        self.trim();
    }

    /// The current state.
    pub fn state(&self) -> AlarmState {
        self.state
    }

    /// Push the value for the next period (`None` = no datapoint) and re-evaluate.
    pub fn evaluate(&mut self, value: Option<f64>) -> Evaluation {
        self.history.push_back(value.filter(|v| v.is_finite()));
        self.trim();
        self.decide_and_apply()
    }

    /// [`Alarm::evaluate`] with the period's [`StatisticSet`], reduced by the configured
    /// statistic.
    pub fn evaluate_stats(&mut self, set: Option<&StatisticSet>) -> Evaluation {
        self.evaluate(set.map(|s| s.get(self.config.statistic)))
    }

    /// Replace the stored datapoints with the last `range()` of `values` (oldest first) and
    /// re-evaluate: for callers that compute sliding datapoints themselves (e.g. a 5-minute
    /// period evaluated every minute, docs/aws-semantics.md §0.1).
    pub fn evaluate_range(&mut self, values: &[Option<f64>]) -> Evaluation {
        self.history.clear();
        let skip = values.len().saturating_sub(self.range());
        for v in &values[skip..] {
            self.history.push_back(v.filter(|x| x.is_finite()));
        }
        self.decide_and_apply()
    }

    /// The real datapoints the last evaluation used, oldest first: the newest N real ones
    /// when the range held at least N, otherwise every real one in the range. This is what
    /// AAS aggregates for step scaling (docs/aws-semantics.md §2.2).
    pub fn recent_values(&self) -> &[f64] {
        &self.last_used
    }

    /// The evaluation range, oldest first (`None`: no datapoint for that period); periods
    /// before the alarm's first evaluation are absent.
    pub fn range_values(&self) -> impl DoubleEndedIterator<Item = Option<f64>> + '_ {
        self.history.iter().copied()
    }

    /// The newest real datapoint in the evaluation range (what TT uses as M, docs/aws-semantics.md
    /// §1.5).
    pub fn latest_value(&self) -> Option<f64> {
        self.history.iter().rev().find_map(|v| *v)
    }

    fn trim(&mut self) {
        while self.history.len() > self.range() {
            self.history.pop_front();
        }
    }

    fn decide_and_apply(&mut self) -> Evaluation {
        let (decided, basis, used) = self.decide();
        let previous = self.state;
        let state = decided.unwrap_or(previous);
        self.state = state;
        self.last_used = used.clone();
        Evaluation {
            state,
            previous,
            changed: state != previous,
            basis,
            datapoints: used,
        }
    }

    /// The verdict (None = keep the current state), the rule used, and the real datapoints
    /// used (oldest first).
    fn decide(&self) -> (Option<AlarmState>, Basis, Vec<f64>) {
        let c = &self.config;
        let n = c.evaluation_periods as usize;
        let m = c.datapoints_to_alarm as usize;
        // Real points, newest first, with their age (newest period = age 1). Periods before
        // the alarm existed are simply absent from `history`, i.e. missing.
        let real: Vec<(usize, f64)> = self
            .history
            .iter()
            .rev()
            .enumerate()
            .filter_map(|(i, v)| v.map(|x| (i + 1, x)))
            .collect();
        let breaches = |x: f64| c.comparison.breaches(x, c.threshold);

        if real.len() >= n {
            let used = &real[..n];
            let b = used.iter().filter(|(_, x)| breaches(*x)).count();
            let state = if b >= m {
                AlarmState::Alarm
            } else {
                AlarmState::Ok
            };
            return (Some(state), Basis::RealPoints, oldest_first(used));
        }

        let k = real.len();
        let fill = n - k;
        let b = real.iter().filter(|(_, x)| breaches(*x)).count();
        let used = oldest_first(&real);
        let filled = Basis::Filled {
            filled: fill as u32,
        };
        let verdict = |alarm: bool| {
            if alarm {
                AlarmState::Alarm
            } else {
                AlarmState::Ok
            }
        };
        match c.treat_missing {
            TreatMissingData::Breaching => (Some(verdict(b + fill >= m)), filled, used),
            TreatMissingData::NotBreaching => (Some(verdict(b >= m)), filled, used),
            TreatMissingData::Missing | TreatMissingData::Ignore => {
                let ignore = c.treat_missing == TreatMissingData::Ignore;
                if k > 0 && b >= m {
                    return (Some(AlarmState::Alarm), filled, used);
                }
                if b < k {
                    // A real non-breaching point and fewer than M breaches.
                    return (Some(AlarmState::Ok), filled, used);
                }
                // Every real point breaches (or there are none).
                let oldest_age = real.last().map(|(age, _)| *age).unwrap_or(0);
                if ignore {
                    (None, Basis::Kept, used)
                } else if k > 0 && oldest_age >= m {
                    (Some(AlarmState::Alarm), Basis::OldestBreaching, used)
                } else {
                    (Some(AlarmState::InsufficientData), Basis::NoVerdict, used)
                }
            }
        }
    }
}

/// Values of newest-first `(age, value)` pairs, oldest first.
fn oldest_first(points: &[(usize, f64)]) -> Vec<f64> {
    points.iter().rev().map(|(_, x)| *x).collect()
}

#[cfg(test)]
#[path = "alarm_tests.rs"]
mod tests;
