//! The decision record of each minute boundary, for observers that want one
//! ([`Observer::wants_decisions`]): the capacity the policy saw, the policy's own
//! explanation (if it gives one), and what its actions did to desired capacity. Nothing
//! here runs unless asked.

use super::control::Control;
use super::observer::{Decision, Observer};
use crate::policy::decision::{DecisionResult, Reason};
use crate::policy::target::Change;
use crate::policy::{CapacityView, NotScaledReason};

/// What one action of the current minute did.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Applied {
    /// Desired capacity changed, at whose request.
    Changed(Change, String),
    /// The scalable target refused the proposal.
    Refused(NotScaledReason),
}

impl Control {
    /// Note a change of desired capacity (only while decisions are wanted).
    pub(super) fn note_change(&mut self, change: Change, cause: &str) {
        if self.explain {
            self.applied
                .push(Applied::Changed(change, cause.to_string()));
        }
    }

    /// Note a proposal the scalable target refused.
    pub(super) fn note_refusal(&mut self, reason: NotScaledReason) {
        if self.explain {
            self.applied.push(Applied::Refused(reason));
        }
    }

    /// Report the decision of the minute `minute` that just closed, given the capacity the
    /// policy saw and the backlog at the boundary `now`.
    pub(super) fn emit_decision<O: Observer>(
        &mut self,
        now: crate::time::SimTime,
        minute: u64,
        before: CapacityView,
        backlog: u32,
        obs: &mut O,
    ) {
        let explanation = self.policy.take_explanation();
        let changes: Vec<(Change, &str)> = self
            .applied
            .iter()
            .filter_map(|a| match a {
                Applied::Changed(c, cause) => Some((*c, cause.as_str())),
                Applied::Refused(_) => None,
            })
            .collect();
        let refused = self.applied.iter().find_map(|a| match a {
            Applied::Refused(r) => Some(*r),
            Applied::Changed(..) => None,
        });
        let result = match (changes.first(), changes.last()) {
            (Some((first, cause)), Some((last, _))) if first.from != last.to => {
                DecisionResult::Scaled {
                    from: first.from,
                    to: last.to,
                    cause: (*cause).to_string(),
                }
            }
            _ => DecisionResult::Unchanged {
                reason: match (refused, explanation.as_ref().and_then(|e| e.verdict)) {
                    (Some(r), _) => Reason::Aws(r),
                    (None, Some(v)) => v,
                    (None, None) => Reason::NothingRequested,
                },
            },
        };
        let decision = Decision {
            time: now,
            minute,
            before,
            backlog,
            desired_after: self.target.desired(),
            min_after: self.target.min(),
            max_after: self.target.max(),
            explanation,
            result,
        };
        obs.on_decision(&decision);
    }
}
