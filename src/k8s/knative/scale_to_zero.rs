//! Scale to zero (`handleScaleToZero`, `computeActiveCondition`): the PodAutoscaler's
//! Active / Activating / Inactive state, the ServerlessService's proxy mode and when the last
//! pod may go.

use super::KnativePolicy;
use crate::policy::LiveInput;
use crate::time::{Duration, SimDuration, SimTime};

/// Progress deadline (600 s) plus Knative's 10 s activation timeout buffer.
const ACTIVATION_TIMEOUT: SimDuration = SimDuration::from_secs(610);

/// The PodAutoscaler's `Active` condition, with when it last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PaState {
    /// Active=Unknown: wanted but no pod ready yet.
    Activating(SimTime),
    /// Active=True.
    Active(SimTime),
    /// Active=False.
    Inactive(SimTime),
}

impl KnativePolicy {
    /// `handleScaleToZero`: `(want, apply)`; `want = None` is "unknown" (no decision).
    pub(super) fn scale_to_zero(&self, now: SimTime, desired: u32) -> (Option<u32>, bool) {
        if desired != 0 {
            return (Some(desired), true);
        }
        match self.pa.unwrap_or(PaState::Inactive(SimTime::ZERO)) {
            PaState::Activating(since) => {
                if now.since(since) > ACTIVATION_TIMEOUT {
                    (Some(0), true)
                } else {
                    (None, false)
                }
            }
            PaState::Active(since) => {
                if now.since(since) >= self.windows.stable {
                    (Some(0), false)
                } else {
                    (Some(1), true)
                }
            }
            PaState::Inactive(since) => (Some(0), self.inactive_can_scale(now, since)),
        }
    }

    /// The Active=False branch: has the PA been inactive (and the activator in the path)
    /// long enough for the last pod to go?
    pub(super) fn inactive_can_scale(&self, now: SimTime, since: SimTime) -> bool {
        let activator_in_path = self.burst == -1.0 || self.proxy_since.is_some();
        if !activator_in_path {
            return false;
        }
        let inactive_for = now.since(since);
        if inactive_for >= self.grace.max(self.retention) {
            return true;
        }
        if self.retention.0 > 0 && inactive_for < self.retention {
            return false;
        }
        let proxy_for = self.proxy_since.map_or(SimDuration::ZERO, |t| now.since(t));
        proxy_for >= self.grace
    }

    /// `computeActiveCondition` and the SKS mode, after the scaler decided `want`.
    pub(super) fn update_state(
        &mut self,
        now: SimTime,
        want: Option<u32>,
        input: &LiveInput,
        ebc: f64,
    ) {
        let c = input.capacity;
        let state = self.pa.unwrap_or(PaState::Inactive(SimTime::ZERO));
        let inactive = matches!(state, PaState::Inactive(_));
        let wanted = want.is_some_and(|w| w > 0);
        self.pa = Some(if want == Some(0) {
            if inactive {
                state
            } else {
                PaState::Inactive(now)
            }
        } else if !wanted && inactive {
            state
        } else if c.in_service < active_threshold(c.min) {
            match state {
                PaState::Activating(_) => state,
                _ => PaState::Activating(now),
            }
        } else {
            match state {
                PaState::Active(_) => state,
                _ => PaState::Active(now),
            }
        });
        let now_inactive = matches!(self.pa, Some(PaState::Inactive(_)));
        let proxy = want == Some(0) || ebc < 0.0 || (want.is_none() && now_inactive);
        if !proxy {
            self.proxy_since = None;
        } else if self.proxy_since.is_none() {
            self.proxy_since = Some(now);
        }
    }
}

/// Ready pods needed for the PA to be Active (`activeThreshold`): `max(1, min-scale)`.
pub(super) fn active_threshold(min: u32) -> u32 {
    min.max(1)
}

/// The cause of a scale to zero.
pub(super) fn zero_cause(state: Option<PaState>, now: SimTime) -> String {
    match state {
        Some(PaState::Activating(_)) => "knative: activation timed out → 0".into(),
        Some(PaState::Inactive(since)) => format!(
            "knative: scale to zero (inactive for {})",
            Duration::from_secs(now.since(since).as_secs_f64())
        ),
        _ => "knative: scale to zero".into(),
    }
}
