//! [`ChartRecorder`]: collects what the charts of a run need while it runs — the
//! per-minute [`RunSeries`] (with alarm states), and the latency distribution of completed
//! requests for the CDF — and what the charts take from the scenario and the summary
//! (which policy owns which alarm, the share of requests lost).

use crate::chart::{CostPoint, LatencyCurve, RunSeries};
use crate::metrics::histogram::DurationStats;
use crate::policy::AlarmState;
use crate::scenario::validate::PolicyConfig;
use crate::sim::observer::{ActivityRecord, MinuteRecord, Observer, Outcome, RequestRecord};
use crate::sim::summary::RunSummary;

/// Chart data of one run, fed by the engine as an [`Observer`].
#[derive(Debug, Clone)]
pub struct ChartRecorder {
    /// Per-minute series, scaling marks and alarm tracks.
    pub series: RunSeries,
    /// Latency (arrival to completion) of every completed request, as the engine's own
    /// latency statistics count them.
    pub latency: DurationStats,
    alarm_names: Vec<String>,
    alarms_seen: bool,
}

impl ChartRecorder {
    /// Record the run called `name` (the variant) whose policy has `alarm_names`
    /// (from `Simulation::alarm_names`, in the order the engine reports their states).
    pub fn new(name: impl Into<String>, alarm_names: Vec<String>) -> ChartRecorder {
        ChartRecorder {
            series: RunSeries::new(name),
            latency: DurationStats::new(),
            alarm_names,
            alarms_seen: false,
        }
    }

    /// Name the policies that own some of the alarms (see [`alarm_owners`]), so the
    /// timeline can label them `High · policy`.
    pub fn with_alarm_owners(mut self, owners: Vec<(String, String)>) -> ChartRecorder {
        self.series.alarm_owners = owners;
        self
    }

    /// The run's latency CDF curve, labelled with its name.
    pub fn latency_curve(&self) -> LatencyCurve {
        LatencyCurve {
            name: self.series.name.clone(),
            points: self.latency.cdf_points(),
            count: self.latency.count(),
            p50_s: self.latency.quantile_secs(0.5),
            p99_s: self.latency.quantile_secs(0.99),
            p999_s: self.latency.quantile_secs(0.999),
        }
    }

    /// The run's point on the cost-vs-p99 chart.
    pub fn cost_point(&self, summary: &RunSummary) -> CostPoint {
        CostPoint {
            name: self.series.name.clone(),
            cost_usd: summary.cost_usd,
            p99_s: summary.latency_s.p99.unwrap_or(f64::NAN),
            lost_share: summary.shares.lost,
        }
    }

    fn push_states(&mut self, states: &[AlarmState]) {
        let pairs: Vec<(&str, bool)> = self
            .alarm_names
            .iter()
            .zip(
                states
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(AlarmState::Ok)),
            )
            .map(|(n, s)| (n.as_str(), s == AlarmState::Alarm))
            .collect();
        self.series.push_alarm_states(&pairs);
    }
}

/// `(alarm name, policy name)` of every alarm a policy owns: the hidden alarms of each
/// target tracking policy of Application Auto Scaling (step policies' alarms are the
/// user's own and keep their names); empty for other policies.
pub fn alarm_owners(policy: &PolicyConfig) -> Vec<(String, String)> {
    let PolicyConfig::ApplicationAutoScaling(config) = policy else {
        return Vec::new();
    };
    config
        .target_tracking
        .iter()
        .flat_map(|t| {
            std::iter::once(&t.high)
                .chain(t.low.as_ref())
                .map(|alarm| (alarm.name.clone(), t.name.clone()))
        })
        .collect()
}

impl Observer for ChartRecorder {
    fn on_request(&mut self, r: &RequestRecord) {
        if r.outcome == Outcome::Completed {
            self.latency.record(r.finish.since(r.arrival));
        }
    }

    fn on_alarms(&mut self, _minute: u64, states: &[AlarmState]) {
        self.push_states(states);
        self.alarms_seen = true;
    }

    fn on_minute(&mut self, m: &MinuteRecord) {
        // Keep one alarm entry per minute even if the engine reported none this minute.
        if !self.alarms_seen && !self.alarm_names.is_empty() {
            self.push_states(&[]);
        }
        self.alarms_seen = false;
        self.series.push_minute(m);
    }

    fn on_activity(&mut self, a: &ActivityRecord) {
        self.series.push_activity(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Simulation;
    use std::path::Path;

    #[test]
    fn latency_matches_the_engine_and_alarm_tracks_follow_the_minutes() {
        let text = r#"horizon = "3h"
[[arrivals]]
kind = "poisson"
rate_per_s = 0.05
[service]
kind = "exponential"
mean = "20s"
[capacity]
max = 3
[policy]
kind = "application_auto_scaling"
[[policy.target_tracking]]
policy_name = "tt"
metric_name = "ApproximateBacklogSizePerInstance"
target_value = 2.0
"#;
        let sc = crate::scenario::from_text(text, Path::new("t.toml"), Path::new("."), &[])
            .expect("valid scenario");
        let sim = Simulation::new(&sc.sim, 5, sc.build_policy());
        let names = sim.alarm_names();
        assert!(!names.is_empty(), "target tracking has alarms");
        let mut rec = ChartRecorder::new("v", names.clone());
        let summary = sim.run(&mut rec);
        assert_eq!(rec.latency.count(), summary.requests.completed);
        assert_eq!(Some(rec.latency.quantile_secs(0.99)), summary.latency_s.p99);
        assert_eq!(Some(rec.latency.max_secs()), summary.latency_s.max);
        let curve = rec.latency_curve();
        assert_eq!(curve.name, "v");
        assert_eq!(Some(curve.p99_s), summary.latency_s.p99);
        assert_eq!(rec.series.time_s.len(), 180);
        assert_eq!(rec.series.alarms.len(), names.len());
        for track in &rec.series.alarms {
            assert_eq!(track.in_alarm.len(), 180, "{}", track.name);
        }
        assert!(rec.series.alarms.iter().any(|t| t.in_alarm.contains(&true)));
        let p = rec.cost_point(&summary);
        assert_eq!(
            (p.cost_usd, p.p99_s),
            (summary.cost_usd, summary.latency_s.p99.unwrap())
        );
        assert_eq!(curve.count, summary.requests.completed);
        assert!(curve.p999_s >= curve.p99_s);
        // The hidden alarms belong to the policy "tt", in the engine's order.
        let owners = alarm_owners(&sc.policy);
        let owned: Vec<&str> = owners.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(owned, names.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(owners.iter().all(|(_, p)| p == "tt"));
        assert!(alarm_owners(&PolicyConfig::Fixed).is_empty());
    }
}
