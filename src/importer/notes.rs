//! The import's provenance notes: every value of the scenario with where it came from, the
//! assumptions made, and the notes on the imported scaling policy.

use super::{policy, Provenance};
use crate::aws::spec::AasSpec;

pub(super) struct Notes {
    pub(super) values: Vec<Provenance>,
    pub(super) assumptions: Vec<String>,
}

impl Notes {
    pub(super) fn set(&mut self, key: &str, source: impl Into<String>) {
        self.values.push(Provenance {
            key: key.to_string(),
            source: source.into(),
        });
    }
}

pub(super) const INFERRED: &str =
    "[I] an inference: AWS does not document this rule; `scalesim calibrate` \
                        can settle it against this record";

pub(super) fn policy_notes(notes: &mut Notes, scaling: &policy::ImportedScaling) {
    let Some(spec) = &scaling.spec else {
        notes.set(
            "policy",
            "fixed capacity: the record has no scalable target of the variant",
        );
        return;
    };
    notes.set("policy", "Application Auto Scaling as describe-scalable-targets, describe-scaling-policies, describe-scheduled-actions and describe-alarms show it");
    let origin_of = |list: &[(String, crate::recorded::Origin)], name: &str| {
        list.iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.describe())
    };
    for key in [
        "cooldown_clock",
        "tt_current_capacity",
        "refuse_while_updating",
    ] {
        notes.set(
            &format!("policy.{key}"),
            format!("scalesim's default. {INFERRED}"),
        );
    }
    for key in [
        "tt_high_evaluation_periods",
        "tt_low_evaluation_periods",
        "tt_low_threshold_factor",
    ] {
        notes.set(
            &format!("policy.{key}"),
            "scalesim's default [I]; where describe-alarms shows a policy's hidden alarms, \
             their real settings are in that policy's alarm_high / alarm_low and replace this",
        );
    }
    notes.set(
        "policy.alarm_evaluation_range_extra",
        "scalesim's default [I]: how many periods before the newest N CloudWatch looks at for \
         missing data",
    );
    if let Some(o) = &scaling.target_origin {
        notes.set("policy.suspended_state", o.field("SuspendedState"));
    }
    describe_policies(notes, spec, &origin_of, scaling);
}

/// Where the item of a name was read, from a list of (name, origin).
type OriginOf<'a> = &'a dyn Fn(&[(String, crate::recorded::Origin)], &str) -> Option<String>;

fn describe_policies(
    notes: &mut Notes,
    spec: &AasSpec,
    origin_of: OriginOf<'_>,
    scaling: &policy::ImportedScaling,
) {
    for (i, tt) in spec.target_tracking.iter().enumerate() {
        if let Some(o) = origin_of(&scaling.policy_origins, &tt.policy_name) {
            notes.set(&format!("policy.target_tracking[{i}]"), o);
        }
        for (key, alarm) in [("alarm_high", &tt.alarm_high), ("alarm_low", &tt.alarm_low)] {
            let Some(name) = alarm.as_ref().and_then(|a| a.alarm_name.as_deref()) else {
                continue;
            };
            if let Some(o) = origin_of(&scaling.alarm_origins, name) {
                notes.set(
                    &format!("policy.target_tracking[{i}].{key}"),
                    format!("the hidden alarm as AWS created it: {o}; fields left out equal scalesim's defaults"),
                );
            }
        }
    }
    for (i, s) in spec.step_scaling.iter().enumerate() {
        if let Some(o) = origin_of(&scaling.policy_origins, &s.policy_name) {
            notes.set(&format!("policy.step_scaling[{i}]"), o);
        }
        if let Some(o) = s
            .alarm
            .alarm_name
            .as_deref()
            .and_then(|n| origin_of(&scaling.alarm_origins, n))
        {
            notes.set(&format!("policy.step_scaling[{i}].alarm"), o);
        }
    }
    for (i, a) in spec.scheduled_actions.iter().enumerate() {
        if let Some(o) = origin_of(&scaling.schedule_origins, &a.scheduled_action_name) {
            notes.set(&format!("policy.scheduled_actions[{i}]"), o);
        }
    }
}
