//! Scenario input types for arrival sources, and the field checks they share.
//!
//! Owns [`ArrivalSpec`] (the serde form of one `[[arrivals]]` entry), [`RateStep`] and
//! [`MmppState`], plus the rate and duration checks every kind uses so that messages and
//! limits are the same everywhere. The file-backed kinds' specs (`TraceSpec`,
//! `CountsSpec`) live with their loaders.

use super::{CountsSpec, TraceSpec};
use crate::error::Issue;
use crate::time::{Duration, SimDuration, SimTime, MICROS_PER_SEC};
use serde::{Deserialize, Serialize};

/// One arrival source as written in a TOML scenario under `[[arrivals]]`, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ArrivalSpec {
    /// Homogeneous Poisson process with `rate_per_s` requests per second (> 0).
    Poisson {
        /// Mean arrival rate, requests per second.
        rate_per_s: f64,
    },
    /// Piecewise-constant rate (non-homogeneous Poisson, sampled exactly piece by piece).
    /// `steps` are sorted by `at`, the first at `"0s"`; each rate holds until the next step
    /// (the last one forever, unless `period` is set). With `period` (e.g. `"1d"`) the
    /// profile repeats; every `at` must then be below `period`.
    Schedule {
        /// Length of one repetition of the profile; `None` = no repetition.
        #[serde(default)]
        period: Option<Duration>,
        /// Rate changes, strictly increasing in `at`.
        steps: Vec<RateStep>,
    },
    /// `count` requests all at time `at`, repeated every `every` if given.
    Burst {
        /// Time of the first burst, from the start of the simulation.
        at: Duration,
        /// Requests per burst (1 to 10^9).
        count: u64,
        /// Time between bursts; `None` = a single burst.
        #[serde(default)]
        every: Option<Duration>,
    },
    /// Two-state Markov-modulated Poisson process (bursty on/off traffic).
    Mmpp {
        /// Arrival rate in the high state, requests per second.
        rate_high_per_s: f64,
        /// Arrival rate in the low state, requests per second.
        rate_low_per_s: f64,
        /// Mean (exponential) time spent in the high state per visit.
        mean_high: Duration,
        /// Mean (exponential) time spent in the low state per visit.
        mean_low: Duration,
        /// State at time 0 (default `low`).
        #[serde(default)]
        start: MmppState,
    },
    /// One timestamp per request, read from a CSV file with a header row.
    Trace(TraceSpec),
    /// Request counts per interval (e.g. a per-minute CloudWatch export), CSV with header.
    Counts(CountsSpec),
}

/// One step of a [`ArrivalSpec::Schedule`] profile: from `at` on, arrivals come at `rate_per_s`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateStep {
    /// When this rate starts, from the start of the simulation (or of each period).
    pub at: Duration,
    /// Arrival rate from `at` until the next step, requests per second (≥ 0).
    pub rate_per_s: f64,
}

/// State of a two-state MMPP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MmppState {
    /// The high-rate state.
    High,
    /// The low-rate state (the default start).
    #[default]
    Low,
}

/// Largest time in seconds a synthetic source will produce (about 31,700 years); beyond it
/// the source ends. Keeps every conversion to ticks far from `u64` saturation.
pub(crate) const MAX_SECS: f64 = 1e12;

/// Largest accepted rate, requests per second. Higher rates would put many arrivals in the
/// same microsecond and stop the clock of an `f64` accumulator from advancing.
pub(crate) const MAX_RATE: f64 = 1e9;

/// Absolute `f64` seconds to a time, rounded to the nearest microsecond; `None` past
/// [`MAX_SECS`] (the source then ends).
#[inline]
pub(crate) fn time_from_secs(secs: f64) -> Option<SimTime> {
    if secs <= MAX_SECS {
        Some(SimTime(SimDuration::from_secs_f64(secs).0))
    } else {
        None
    }
}

/// Check a rate field: finite, within `[0, MAX_RATE]`, and `> 0` when `positive`.
pub(crate) fn check_rate(issues: &mut Vec<Issue>, path: String, rate: f64, positive: bool) {
    let what = if positive { "> 0" } else { ">= 0" };
    if !rate.is_finite() {
        issues.push(Issue::new(
            path,
            format!("must be a finite number of requests per second {what} (got {rate})"),
        ));
    } else if rate < 0.0 || (positive && rate == 0.0) {
        issues.push(Issue::new(
            path,
            format!("must be {what} requests per second (got {rate})"),
        ));
    } else if rate > MAX_RATE {
        issues.push(Issue::new(
            path,
            format!("must be at most {MAX_RATE:e} requests per second (got {rate})"),
        ));
    }
}

/// Check a duration field: finite, at most [`MAX_SECS`], and at least 1us when `positive`
/// (otherwise ≥ 0). Returns the duration in whole microseconds when valid.
pub(crate) fn check_duration(
    issues: &mut Vec<Issue>,
    path: String,
    d: Duration,
    positive: bool,
) -> Option<u64> {
    let s = d.secs();
    if !s.is_finite() || s < 0.0 {
        issues.push(Issue::new(
            path,
            format!("must be a non-negative duration (got {s} s)"),
        ));
        return None;
    }
    if s > MAX_SECS {
        issues.push(Issue::new(
            path,
            format!("must be at most {MAX_SECS:e} seconds (got {d})"),
        ));
        return None;
    }
    let micros = (s * MICROS_PER_SEC as f64).round() as u64;
    if positive && micros == 0 {
        issues.push(Issue::new(path, format!("must be at least 1us (got {d})")));
        return None;
    }
    Some(micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        arrivals: Vec<ArrivalSpec>,
    }

    #[test]
    fn toml_specs_parse() {
        let doc: Doc = toml::from_str(
            r#"
            [[arrivals]]
            kind = "poisson"
            rate_per_s = 2.5
            [[arrivals]]
            kind = "schedule"
            period = "1d"
            steps = [{ at = "0s", rate_per_s = 1.0 }, { at = "8h", rate_per_s = 0.0 }]
            [[arrivals]]
            kind = "burst"
            at = "10m"
            count = 50
            [[arrivals]]
            kind = "mmpp"
            rate_high_per_s = 10.0
            rate_low_per_s = 0.5
            mean_high = "2m"
            mean_low = "20m"
            [[arrivals]]
            kind = "trace"
            path = "t.csv"
            time_column = "TIMESTAMP"
            [[arrivals]]
            kind = "counts"
            path = "c.csv"
            time_column = "t"
            count_column = "n"
            interval = "1m"
            spread = "poisson"
            "#,
        )
        .unwrap();
        assert_eq!(doc.arrivals.len(), 6);
        assert!(matches!(
            doc.arrivals[3],
            ArrivalSpec::Mmpp {
                start: MmppState::Low,
                ..
            }
        ));
        match &doc.arrivals[4] {
            ArrivalSpec::Trace(t) => assert_eq!(t.time_format, "%Y-%m-%d %H:%M:%S%.f"),
            other => panic!("{other:?}"),
        }
        let bad = toml::from_str::<Doc>(
            "[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\nrate = 2.0\n",
        );
        assert!(bad.is_err(), "unknown fields are rejected");
        let bad = toml::from_str::<Doc>(
            "[[arrivals]]\nkind = \"trace\"\npath = \"x\"\ntime_column = \"t\"\nspeed = 2.0\n",
        );
        assert!(bad.is_err(), "unknown fields in trace are rejected");
    }
}
