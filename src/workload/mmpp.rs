//! Two-state Markov-modulated Poisson arrivals (bursty on/off traffic).
//!
//! Owns the `mmpp` arrival kind. A hidden state alternates between high and low with
//! exponential sojourn times (means `mean_high`, `mean_low`); while in a state, arrivals are
//! Poisson at that state's rate. Sampling: draw the next gap at the current rate; if it
//! would end after the state does, jump to the state change and draw again in the new state
//! (exact, by memorylessness of the exponential gap). The clock is absolute `f64` seconds.

use super::{check_duration, check_rate, time_from_secs, MmppState, MAX_SECS};
use crate::error::Issue;
use crate::rng::SimRng;
use crate::time::{Duration, SimTime};
use rand::RngExt;
use rand_distr::Exp1;

/// A validated MMPP; index 0 = high, 1 = low.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MmppModel {
    /// Rates, requests per second.
    rate_per_s: [f64; 2],
    /// Mean sojourn times, seconds.
    mean_s: [f64; 2],
    start: MmppState,
}

const NAMES: [&str; 2] = ["high", "low"];

impl MmppModel {
    /// Validate; `rates` and `means` are `[high, low]`.
    pub(crate) fn build(
        rates: [f64; 2],
        means: [Duration; 2],
        start: MmppState,
        path: &str,
        issues: &mut Vec<Issue>,
    ) -> Option<Self> {
        let before = issues.len();
        for (rate, name) in rates.iter().zip(NAMES) {
            check_rate(issues, format!("{path}.rate_{name}_per_s"), *rate, false);
        }
        for (mean, name) in means.iter().zip(NAMES) {
            check_duration(issues, format!("{path}.mean_{name}"), *mean, true);
        }
        if rates == [0.0, 0.0] {
            issues.push(Issue::new(
                format!("{path}.rate_high_per_s"),
                "rate_high_per_s and rate_low_per_s are both 0, so no request would ever arrive",
            ));
        }
        (issues.len() == before).then_some(MmppModel {
            rate_per_s: rates,
            mean_s: [means[0].secs(), means[1].secs()],
            start,
        })
    }

    pub(crate) fn stream(&self) -> MmppStream {
        MmppStream {
            model: *self,
            state: match self.start {
                MmppState::High => 0,
                MmppState::Low => 1,
            },
            t_s: 0.0,
            state_end_s: f64::NAN,
        }
    }

    /// Stationary mean rate: (r_h·m_h + r_l·m_l) / (m_h + m_l).
    pub(crate) fn mean_rate_per_s(&self) -> f64 {
        let [rh, rl] = self.rate_per_s;
        let [mh, ml] = self.mean_s;
        (rh * mh + rl * ml) / (mh + ml)
    }
}

/// Per-run state: current state, absolute time and when the current state ends (seconds).
#[derive(Debug, Clone)]
pub(crate) struct MmppStream {
    model: MmppModel,
    state: usize,
    t_s: f64,
    /// NaN until the first call draws the first sojourn.
    state_end_s: f64,
}

impl MmppStream {
    pub(crate) fn next(&mut self, rng: &mut SimRng) -> Option<SimTime> {
        if self.state_end_s.is_nan() {
            let e: f64 = rng.sample(Exp1);
            self.state_end_s = e * self.model.mean_s[self.state];
        }
        loop {
            let rate = self.model.rate_per_s[self.state];
            if rate > 0.0 {
                let e: f64 = rng.sample(Exp1);
                let t = self.t_s + e / rate;
                if t < self.state_end_s {
                    self.t_s = t;
                    return time_from_secs(t);
                }
            }
            self.t_s = self.state_end_s;
            if self.t_s > MAX_SECS {
                return None;
            }
            self.state ^= 1;
            let e: f64 = rng.sample(Exp1);
            self.state_end_s = self.t_s + e * self.model.mean_s[self.state];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream_rng, Stream};

    #[test]
    fn both_rates_zero_is_an_issue() {
        let mut issues = Vec::new();
        let means = [Duration(1.0), Duration(1.0)];
        assert!(MmppModel::build([0.0, 0.0], means, MmppState::Low, "a", &mut issues).is_none());
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn long_run_rate_matches_stationary_mean() {
        let (rh, rl, mh, ml) = (100.0, 10.0, 1.0, 4.0);
        let m = MmppModel::build(
            [rh, rl],
            [Duration(mh), Duration(ml)],
            MmppState::Low,
            "a",
            &mut Vec::new(),
        )
        .unwrap();
        let mean = m.mean_rate_per_s();
        assert!((mean - 28.0).abs() < 1e-12);
        let horizon = 20_000.0;
        let mut s = m.stream();
        let mut rng = stream_rng(11, Stream::Arrivals, 0);
        let mut n = 0u64;
        let mut last = SimTime::ZERO;
        while let Some(t) = s.next(&mut rng) {
            assert!(t >= last);
            last = t;
            if t.as_secs_f64() > horizon {
                break;
            }
            n += 1;
        }
        // Tolerance: for a 2-state MMPP with switching rates a = 1/m_h, b = 1/m_l and
        // stationary probabilities π_h = m_h/(m_h+m_l), π_l = 1 - π_h, the count over a long
        // window T has variance ≈ T·[λ̄ + 2(r_h − r_l)²·π_h·π_l/(a+b)] (Poisson noise plus the
        // integrated autocovariance e^{-(a+b)t} of the modulating rate). Here that is
        // T·(28 + 2073.6), σ ≈ 6480 on ≈ 560,000. The start-in-low transient biases the
        // count by about (r_h − r_l)·π_h/(a+b) ≈ 14, negligible. We allow 5σ.
        let (a, b) = (1.0 / mh, 1.0 / ml);
        let (ph, pl) = (mh / (mh + ml), ml / (mh + ml));
        let var = horizon * (mean + 2.0 * (rh - rl) * (rh - rl) * ph * pl / (a + b));
        let expect = mean * horizon;
        assert!(
            (n as f64 - expect).abs() < 5.0 * var.sqrt(),
            "n={n} expect={expect}"
        );
    }

    #[test]
    fn zero_low_rate_gives_on_off_traffic() {
        let means = [Duration(2.0), Duration(8.0)];
        let m =
            MmppModel::build([50.0, 0.0], means, MmppState::High, "a", &mut Vec::new()).unwrap();
        assert!((m.mean_rate_per_s() - 10.0).abs() < 1e-12);
        let mut s = m.stream();
        let mut rng = stream_rng(12, Stream::Arrivals, 0);
        assert!(s.next(&mut rng).is_some());
    }
}
