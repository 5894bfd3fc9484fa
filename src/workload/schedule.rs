//! Piecewise-constant rate profiles (non-homogeneous Poisson).
//!
//! Owns the `schedule` arrival kind. Sampling is exact, not thinning: each gap draws one
//! unit of exponential "work" E ~ Exp(1) and walks forward through the pieces, spending
//! `rate × length` of work per piece, until the work runs out inside a piece. Zero-rate
//! pieces cost no work and are skipped; in a periodic profile, whole periods are skipped in
//! one step (`E` modulo the expected arrivals per period), so a gap is O(pieces) at worst.
//!
//! Periodic profiles keep the clock as (period number, offset in the period) so the offset
//! stays small and precise however long the run; the absolute time is formed once per arrival.

use super::{check_duration, check_rate, time_from_secs, RateStep};
use crate::error::Issue;
use crate::rng::SimRng;
use crate::time::{Duration, SimTime};
use rand::RngExt;
use rand_distr::Exp1;
use std::sync::Arc;

/// One constant-rate piece, in seconds from the start of the profile (or period).
#[derive(Debug, Clone, Copy)]
struct Piece {
    start_s: f64,
    /// End of the piece; infinite for the last piece of a non-periodic profile.
    end_s: f64,
    rate_per_s: f64,
}

/// A validated schedule.
#[derive(Debug, Clone)]
pub(crate) struct ScheduleModel {
    pieces: Arc<[Piece]>,
    /// Period in seconds, when the profile repeats.
    period_s: Option<f64>,
    /// Expected arrivals per period (Σ rate × length); > 0 when periodic.
    work_per_period: f64,
}

impl ScheduleModel {
    /// Validate; pushes every issue found and returns `None` if there were any.
    pub(crate) fn build(
        period: Option<Duration>,
        steps: &[RateStep],
        path: &str,
        issues: &mut Vec<Issue>,
    ) -> Option<Self> {
        let before = issues.len();
        let period_ok = period
            .map(|p| check_duration(issues, format!("{path}.period"), p, true).map(|_| p.secs()));
        if steps.is_empty() {
            issues.push(Issue::new(
                format!("{path}.steps"),
                "needs at least one step, e.g. steps = [{ at = \"0s\", rate_per_s = 1.0 }]",
            ));
        }
        for (i, step) in steps.iter().enumerate() {
            let at_path = format!("{path}.steps[{i}].at");
            check_rate(
                issues,
                format!("{path}.steps[{i}].rate_per_s"),
                step.rate_per_s,
                false,
            );
            if check_duration(issues, at_path.clone(), step.at, false).is_none() {
                continue;
            }
            if i == 0 && step.at.secs() != 0.0 {
                issues.push(Issue::new(
                    at_path,
                    format!("the first step must be at \"0s\" (got {})", step.at),
                ));
            } else if i > 0 && step.at.secs() <= steps[i - 1].at.secs() {
                issues.push(Issue::new(
                    at_path,
                    format!(
                        "steps must be in strictly increasing order of `at`; {} does not come after {}",
                        step.at,
                        steps[i - 1].at
                    ),
                ));
            } else if let Some(Some(p)) = period_ok {
                if step.at.secs() >= p {
                    issues.push(Issue::new(
                        at_path,
                        format!(
                            "must be before the period ({}) (got {})",
                            Duration(p),
                            step.at
                        ),
                    ));
                }
            }
        }
        if issues.len() != before {
            return None;
        }
        let period_s = period.map(|p| p.secs());
        let pieces: Vec<Piece> = steps
            .iter()
            .enumerate()
            .map(|(i, s)| Piece {
                start_s: s.at.secs(),
                end_s: steps
                    .get(i + 1)
                    .map(|n| n.at.secs())
                    .or(period_s)
                    .unwrap_or(f64::INFINITY),
                rate_per_s: s.rate_per_s,
            })
            .collect();
        let work_per_period = match period_s {
            Some(_) => pieces
                .iter()
                .map(|p| p.rate_per_s * (p.end_s - p.start_s))
                .sum(),
            None => 0.0,
        };
        if period_s.is_some()
            && work_per_period.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
        {
            issues.push(Issue::new(
                format!("{path}.steps"),
                "a periodic schedule needs at least one step with rate_per_s > 0",
            ));
            return None;
        }
        Some(ScheduleModel {
            pieces: pieces.into(),
            period_s,
            work_per_period,
        })
    }

    pub(crate) fn stream(&self) -> ScheduleStream {
        ScheduleStream {
            model: self.clone(),
            piece: 0,
            period_index: 0,
            offset_s: 0.0,
            last: SimTime::ZERO,
            done: false,
        }
    }

    /// Time average over one period; without a period, the last step's rate.
    pub(crate) fn mean_rate_per_s(&self) -> f64 {
        match self.period_s {
            Some(p) => self.work_per_period / p,
            None => self.pieces.last().map_or(0.0, |p| p.rate_per_s),
        }
    }
}

/// Per-run state: current piece, period number and offset in the period (seconds).
#[derive(Debug, Clone)]
pub(crate) struct ScheduleStream {
    model: ScheduleModel,
    piece: usize,
    period_index: u64,
    offset_s: f64,
    /// Last time returned; guards monotonicity against `f64` rounding at period boundaries.
    last: SimTime,
    done: bool,
}

impl ScheduleStream {
    pub(crate) fn next(&mut self, rng: &mut SimRng) -> Option<SimTime> {
        if self.done {
            return None;
        }
        let mut work: f64 = rng.sample(Exp1);
        let pieces = &self.model.pieces;
        loop {
            let p = pieces.get(self.piece)?;
            if p.rate_per_s > 0.0 {
                let capacity = (p.end_s - self.offset_s) * p.rate_per_s;
                if work < capacity {
                    self.offset_s = (self.offset_s + work / p.rate_per_s).min(p.end_s);
                    break;
                }
                work -= capacity;
            } else if p.end_s.is_infinite() {
                // A final zero-rate piece of a non-periodic profile: no more arrivals.
                self.done = true;
                return None;
            }
            self.offset_s = p.end_s;
            self.piece += 1;
            if self.piece == pieces.len() {
                // Only periodic profiles get here (the last non-periodic piece is infinite).
                self.piece = 0;
                self.offset_s = 0.0;
                self.period_index = self.period_index.saturating_add(1);
                let w = self.model.work_per_period;
                if work >= w {
                    let whole = (work / w).floor();
                    work -= whole * w;
                    self.period_index = self.period_index.saturating_add(whole as u64);
                }
            }
        }
        let abs = match self.model.period_s {
            Some(period) => self.period_index as f64 * period + self.offset_s,
            None => self.offset_s,
        };
        let Some(t) = time_from_secs(abs) else {
            self.done = true;
            return None;
        };
        self.last = self.last.max(t);
        Some(self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream_rng, Stream};

    fn step(at: f64, rate: f64) -> RateStep {
        RateStep {
            at: Duration(at),
            rate_per_s: rate,
        }
    }

    /// Counts of arrivals per second-bucket boundary list, over `[0, end)`.
    fn counts(m: &ScheduleModel, bounds: &[f64], seed: u64) -> Vec<u64> {
        let mut s = m.stream();
        let mut rng = stream_rng(seed, Stream::Arrivals, 0);
        let mut out = vec![0u64; bounds.len() - 1];
        let end = *bounds.last().unwrap();
        while let Some(t) = s.next(&mut rng) {
            let x = t.as_secs_f64();
            if x >= end {
                break;
            }
            let i = bounds.partition_point(|b| *b <= x) - 1;
            out[i] += 1;
        }
        out
    }

    fn within_4_sigma(n: u64, expect: f64) {
        assert!(
            (n as f64 - expect).abs() <= 4.0 * expect.sqrt(),
            "n={n} expect={expect}"
        );
    }

    #[test]
    fn validation_collects_issues() {
        let mut issues = Vec::new();
        let steps = [step(5.0, 1.0), step(5.0, -1.0), step(100.0, 1.0)];
        assert!(ScheduleModel::build(Some(Duration(60.0)), &steps, "a", &mut issues).is_none());
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "a.steps[0].at",
                "a.steps[1].rate_per_s",
                "a.steps[1].at",
                "a.steps[2].at"
            ]
        );
        let mut issues = Vec::new();
        assert!(ScheduleModel::build(None, &[], "a", &mut issues).is_none());
        assert_eq!(issues[0].path, "a.steps");
        let mut issues = Vec::new();
        let zero = [step(0.0, 0.0)];
        assert!(ScheduleModel::build(Some(Duration(10.0)), &zero, "a", &mut issues).is_none());
        assert!(issues[0].message.contains("rate_per_s > 0"));
    }

    #[test]
    fn per_piece_counts_track_rates_and_zero_piece_is_empty() {
        let steps = [
            step(0.0, 20.0),
            step(100.0, 0.0),
            step(200.0, 5.0),
            step(500.0, 50.0),
        ];
        let m = ScheduleModel::build(None, &steps, "a", &mut Vec::new()).unwrap();
        let c = counts(&m, &[0.0, 100.0, 200.0, 500.0, 1000.0], 3);
        within_4_sigma(c[0], 2000.0);
        assert_eq!(c[1], 0);
        within_4_sigma(c[2], 1500.0);
        within_4_sigma(c[3], 25_000.0);
        assert_eq!(m.mean_rate_per_s(), 50.0);
    }

    #[test]
    fn final_zero_rate_ends_the_stream() {
        let steps = [step(0.0, 10.0), step(10.0, 0.0)];
        let m = ScheduleModel::build(None, &steps, "a", &mut Vec::new()).unwrap();
        let mut s = m.stream();
        let mut rng = stream_rng(4, Stream::Arrivals, 0);
        let mut n = 0;
        while let Some(t) = s.next(&mut rng) {
            assert!(t <= SimTime::from_secs(10));
            n += 1;
        }
        within_4_sigma(n, 100.0);
        assert_eq!(s.next(&mut rng), None);
    }

    #[test]
    fn periodic_profile_repeats() {
        // 10 s period: 40/s for 3 s, nothing for 5 s, 10/s for 2 s → 140 per period.
        let steps = [step(0.0, 40.0), step(3.0, 0.0), step(8.0, 10.0)];
        let m = ScheduleModel::build(Some(Duration(10.0)), &steps, "a", &mut Vec::new()).unwrap();
        assert!((m.mean_rate_per_s() - 14.0).abs() < 1e-12);
        let periods = 200;
        let mut bounds = Vec::new();
        for k in 0..periods {
            let base = 10.0 * k as f64;
            bounds.extend([base, base + 3.0, base + 8.0]);
        }
        bounds.push(10.0 * periods as f64);
        let c = counts(&m, &bounds, 5);
        let (mut high, mut low) = (0, 0);
        for k in 0..periods {
            assert_eq!(c[3 * k + 1], 0, "zero-rate piece of period {k}");
            high += c[3 * k];
            low += c[3 * k + 2];
        }
        within_4_sigma(high, 120.0 * periods as f64);
        within_4_sigma(low, 20.0 * periods as f64);
        // The last period is populated like the first: the profile really repeats.
        let last = c[3 * (periods - 1)] + c[3 * (periods - 1) + 2];
        within_4_sigma(last, 140.0);
    }

    #[test]
    fn sparse_periodic_profile_skips_whole_periods() {
        // One expected arrival per 1000 periods: gaps skip many periods at once.
        let steps = [step(0.0, 0.0), step(0.5, 0.002)];
        let m = ScheduleModel::build(Some(Duration(1.0)), &steps, "a", &mut Vec::new()).unwrap();
        let mut s = m.stream();
        let mut rng = stream_rng(6, Stream::Arrivals, 0);
        let mut n = 0u64;
        while let Some(t) = s.next(&mut rng) {
            let frac = t.as_secs_f64().fract();
            assert!(
                !(1e-6..0.5 - 1e-6).contains(&frac),
                "in the zero piece: {t:?}"
            );
            if t > SimTime::from_secs(2_000_000) {
                break;
            }
            n += 1;
        }
        within_4_sigma(n, 2000.0);
    }
}
