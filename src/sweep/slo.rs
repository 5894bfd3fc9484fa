//! Service-level objectives and the recommendation: the cheapest point that meets every
//! constraint at the upper end of its 95% confidence interval.
//!
//! An SLO is a comma-separated list of `METRIC<=LIMIT`. `p50`, `p90`, `p99` and `max`
//! take durations with units (`15m`, `90s`) and are over every request that ended, a lost
//! (expired, failed or rejected) request counting as one that never finished: `p99<=5m`
//! means that 99 % of the requests completed within 5 minutes, and `max<=1h` that none was
//! lost and none took longer. `p50_completed`, `p90_completed`, `p99_completed`,
//! `max_completed` and `mean` are over completed requests only. `lost_rate`,
//! `expired_rate`, `failed_rate` and `rejected_rate` take fractions (`0.01`) or percentages
//! (`1%`). A point meets a constraint when the upper end of the metric's interval is at
//! most the limit (with one replication, when its single value plus its stated percentile
//! error is); a point with no completed request meets no latency constraint. The interval
//! includes the percentiles' stated error (`super::stats`), so a point is never judged on a
//! bound narrower than how its percentiles were measured. Among the points that meet them
//! all, the lowest mean cost wins (ties: the
//! lower index). When none does, the closest are the ones with the fewest constraints
//! missed, then the smallest total relative excess.

use super::record::Metric;
use super::stats::PointStats;
use crate::time::parse_duration_secs;
use std::fmt;
use std::str::FromStr;

/// One `METRIC<=LIMIT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The metric.
    pub metric: Metric,
    /// Its name as written (`p99`, `expired_rate`).
    pub name: String,
    /// The whole constraint as written, trimmed (`p99<=15m`).
    pub text: String,
    /// The limit (seconds for latencies, a fraction for rates).
    pub limit: f64,
}

/// A parsed SLO.
#[derive(Debug, Clone, PartialEq)]
pub struct Slo {
    /// As written.
    pub text: String,
    /// Every constraint, in written order.
    pub constraints: Vec<Constraint>,
}

impl fmt::Display for Slo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What is allowed, for error messages.
pub const SLO_HELP: &str = "write METRIC<=LIMIT[,METRIC<=LIMIT...]: p50, p90, p99 or max \
    latency over all requests (a lost request counts as never finished), p50_completed, \
    p90_completed, p99_completed, max_completed or mean over completed requests, each with a \
    duration (e.g. p99<=15m, max<=1h30m); lost_rate, expired_rate, failed_rate or \
    rejected_rate with a fraction or a percentage (e.g. lost_rate<=0.01, failed_rate<=0.5%)";

impl FromStr for Slo {
    type Err = String;

    fn from_str(text: &str) -> Result<Slo, String> {
        let mut constraints = Vec::new();
        for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            constraints.push(parse_constraint(piece)?);
        }
        if constraints.is_empty() {
            return Err(format!("the SLO {text:?} is empty; {SLO_HELP}"));
        }
        Ok(Slo {
            text: text.trim().to_string(),
            constraints,
        })
    }
}

fn parse_constraint(piece: &str) -> Result<Constraint, String> {
    let Some((name, limit)) = piece.split_once("<=") else {
        let hint = if piece.contains(">=") || piece.contains('>') {
            " (objectives are upper limits: only <= is allowed)"
        } else {
            ""
        };
        return Err(format!("{piece:?} is not METRIC<=LIMIT{hint}; {SLO_HELP}"));
    };
    let name = name.trim();
    let limit = limit.trim();
    let metric = match name {
        "p50" => Metric::P50LatencyAll,
        "p90" => Metric::P90LatencyAll,
        "p99" => Metric::P99LatencyAll,
        "max" => Metric::MaxLatencyAll,
        "p50_completed" => Metric::P50Latency,
        "p90_completed" => Metric::P90Latency,
        "p99_completed" => Metric::P99Latency,
        "max_completed" => Metric::MaxLatency,
        "mean" => Metric::MeanLatency,
        "lost_rate" => Metric::LostRate,
        "expired_rate" => Metric::ExpiredRate,
        "failed_rate" => Metric::FailedRate,
        "rejected_rate" => Metric::RejectedRate,
        other => return Err(format!("{piece:?}: unknown metric {other:?}; {SLO_HELP}")),
    };
    let value = if metric.is_latency() {
        parse_duration_secs(limit).map_err(|e| format!("{piece:?}: {e}"))?
    } else {
        parse_fraction(limit).map_err(|e| format!("{piece:?}: {e}"))?
    };
    Ok(Constraint {
        metric,
        name: name.to_string(),
        text: piece.to_string(),
        limit: value,
    })
}

fn parse_fraction(text: &str) -> Result<f64, String> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(n) => (n.trim(), 0.01),
        None => (text, 1.0),
    };
    let v: f64 = number.parse().map_err(|_| {
        format!("{text:?} is not a fraction from 0 to 1 (e.g. 0.01) or a percentage (1%)")
    })?;
    let v = v * scale;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("{text:?} is outside 0 to 1 (0% to 100%)"));
    }
    Ok(v)
}

/// How one point fares on one constraint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Check {
    /// The metric's mean.
    pub mean: Option<f64>,
    /// The value judged: the interval's upper end (the mean with one replication).
    pub judged: Option<f64>,
    /// Whether `judged` ≤ the limit.
    pub ok: bool,
}

/// Check `stats` against `c`.
pub fn check(stats: &PointStats, c: &Constraint) -> Check {
    let m = stats.get(c.metric);
    let judged = m.upper_or_mean();
    Check {
        mean: m.mean,
        judged,
        ok: judged.is_some_and(|v| v <= c.limit),
    }
}

/// The outcome of an SLO over every point.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// The SLO.
    pub slo: Slo,
    /// The cheapest point meeting it, if any.
    pub chosen: Option<usize>,
    /// When none meets it: up to three closest points, closest first.
    pub closest: Vec<usize>,
    /// Points that meet it.
    pub meeting: usize,
}

/// Pick the cheapest point of `stats` that meets `slo`.
pub fn recommend(slo: &Slo, stats: &[PointStats]) -> Recommendation {
    let cost = |s: &PointStats| s.get(Metric::CostUsd).mean.unwrap_or(f64::INFINITY);
    let meets = |s: &PointStats| slo.constraints.iter().all(|c| check(s, c).ok);
    let meeting: Vec<&PointStats> = stats.iter().filter(|s| meets(s)).collect();
    let chosen = meeting
        .iter()
        .min_by(|a, b| cost(a).total_cmp(&cost(b)).then(a.point.cmp(&b.point)))
        .map(|s| s.point);
    let closest = if chosen.is_some() {
        Vec::new()
    } else {
        let mut ranked: Vec<(usize, f64, f64, usize)> = stats
            .iter()
            .map(|s| {
                let (missed, excess) = shortfall(slo, s);
                (missed, excess, cost(s), s.point)
            })
            .collect();
        ranked.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        ranked.iter().take(3).map(|r| r.3).collect()
    };
    Recommendation {
        slo: slo.clone(),
        chosen,
        closest,
        meeting: meeting.len(),
    }
}

/// Constraints missed and their total relative excess ((judged − limit) ÷ limit; a missing
/// value counts as 1000).
fn shortfall(slo: &Slo, s: &PointStats) -> (usize, f64) {
    let mut missed = 0;
    let mut excess = 0.0;
    for c in &slo.constraints {
        let k = check(s, c);
        if !k.ok {
            missed += 1;
            excess += match k.judged {
                Some(v) => (v - c.limit) / c.limit.max(1e-9),
                None => 1000.0,
            };
        }
    }
    (missed, excess)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::stats::mean_ci;

    #[test]
    fn parses_constraints_with_units() {
        let s: Slo = "p99<=15m, expired_rate<=0.01,failed_rate<=0.5%,max<=1h30m"
            .parse()
            .unwrap();
        let got: Vec<(Metric, f64)> = s.constraints.iter().map(|c| (c.metric, c.limit)).collect();
        assert_eq!(
            got,
            vec![
                (Metric::P99LatencyAll, 900.0),
                (Metric::ExpiredRate, 0.01),
                (Metric::FailedRate, 0.005),
                (Metric::MaxLatencyAll, 5400.0)
            ]
        );
    }

    #[test]
    fn errors_say_what_is_allowed() {
        for bad in [
            "",
            "p99<15m",
            "p99>=15m",
            "p95<=15m",
            "p99<=15",
            "expired_rate<=2",
            "expired_rate<=abc",
        ] {
            let e = bad.parse::<Slo>().unwrap_err();
            assert!(
                e.contains("p99<=15m") || e.contains("unit") || e.contains("0 to 1"),
                "{bad:?}: {e}"
            );
        }
        assert!("p95<=15m"
            .parse::<Slo>()
            .unwrap_err()
            .contains("unknown metric"));
    }

    fn stats(point: usize, cost: &[f64], p99: &[f64]) -> PointStats {
        let mut metrics = vec![mean_ci(&[]); Metric::ALL.len()];
        metrics[Metric::CostUsd.position()] = mean_ci(cost);
        metrics[Metric::P99LatencyAll.position()] = mean_ci(p99);
        metrics[Metric::ExpiredRate.position()] = mean_ci(&vec![0.0; cost.len()]);
        PointStats {
            point,
            replications: cost.len(),
            metrics,
        }
    }

    #[test]
    fn cheapest_point_meeting_the_upper_bound_wins() {
        let slo: Slo = "p99<=100s,expired_rate<=0".parse().unwrap();
        let pts = [
            // Cheapest, mean 90 s meets 100 s, but the interval's upper end is far above.
            stats(0, &[10.0, 10.0, 10.0], &[40.0, 90.0, 140.0]),
            // Meets at the upper end: chosen.
            stats(1, &[20.0, 21.0, 22.0], &[80.0, 81.0, 82.0]),
            // Meets too, but dearer.
            stats(2, &[30.0, 30.0, 30.0], &[10.0, 11.0, 12.0]),
        ];
        assert!(pts[0].get(Metric::P99LatencyAll).mean.unwrap() <= 100.0);
        let r = recommend(&slo, &pts);
        assert_eq!(r.chosen, Some(1));
        assert_eq!(r.meeting, 2);
        let strict: Slo = "p99<=5s".parse().unwrap();
        let none = recommend(&strict, &pts);
        assert_eq!(none.chosen, None);
        assert_eq!(none.closest, vec![2, 1, 0], "smallest excess first");
    }

    #[test]
    fn a_lost_percentile_request_misses_the_default_slo_but_not_the_completed_one() {
        // Point 0 is cheap and fast on completed requests, but in one replication more
        // than 1 % of its requests were lost: its p99 over all requests is infinite.
        let mut lossy = stats(0, &[5.0, 5.0, 5.0], &[10.0, f64::INFINITY, 10.0]);
        lossy.metrics[Metric::P99Latency.position()] = mean_ci(&[10.0, 10.0, 10.0]);
        let m = lossy.get(Metric::P99LatencyAll);
        assert_eq!((m.mean, m.hi), (Some(f64::INFINITY), Some(f64::INFINITY)));
        let mut sound = stats(1, &[9.0, 9.0, 9.0], &[50.0, 51.0, 52.0]);
        sound.metrics[Metric::P99Latency.position()] = mean_ci(&[50.0, 51.0, 52.0]);
        let pts = [lossy, sound];
        let all: Slo = "p99<=100s".parse().unwrap();
        assert_eq!(recommend(&all, &pts).chosen, Some(1));
        let completed: Slo = "p99_completed<=100s".parse().unwrap();
        assert_eq!(completed.constraints[0].metric, Metric::P99Latency);
        assert_eq!(recommend(&completed, &pts).chosen, Some(0));
    }
}
