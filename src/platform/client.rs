//! Client retries of a refused request (`[client]`): how long a client waits before it tries
//! again, and when it gives up. Refusals come from the platform (see [`super::Admit`]).

use crate::time::SimDuration;

/// Client retries of a refused request: attempt `k + 1` comes `backoff · multiplier^(k−1)`
/// (at most `max_backoff`) after attempt `k` was refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientRetry {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the second attempt.
    pub backoff: SimDuration,
    /// Growth of the wait from one retry to the next.
    pub multiplier: f64,
    /// Longest wait between attempts.
    pub max_backoff: SimDuration,
}

impl Default for ClientRetry {
    fn default() -> Self {
        ClientRetry {
            max_attempts: 1,
            backoff: SimDuration::from_secs(1),
            multiplier: 2.0,
            max_backoff: SimDuration::from_secs(60),
        }
    }
}

impl ClientRetry {
    /// The wait after the refused attempt number `attempt` (1-based), or `None` when the
    /// client gives up.
    pub fn wait_after(&self, attempt: u32) -> Option<SimDuration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let exp = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let secs = self.backoff.as_secs_f64() * self.multiplier.powi(exp);
        let capped = secs.min(self.max_backoff.as_secs_f64()).max(0.0);
        Some(SimDuration::from_secs_f64(capped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_waits_grow_and_are_capped_and_stop() {
        let r = ClientRetry {
            max_attempts: 5,
            backoff: SimDuration::from_secs(10),
            multiplier: 2.0,
            max_backoff: SimDuration::from_secs(30),
        };
        let waits: Vec<f64> = (1..=5)
            .map(|a| r.wait_after(a).map_or(-1.0, |w| w.as_secs_f64()))
            .collect();
        assert_eq!(waits, vec![10.0, 20.0, 30.0, 30.0, -1.0]);
        assert_eq!(
            ClientRetry::default().wait_after(1),
            None,
            "default: no retry"
        );
    }
}
