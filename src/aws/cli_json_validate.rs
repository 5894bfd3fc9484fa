//! Validation and conversion of the Application Auto Scaling request shapes of `cli_json`
//! (docs/aws-semantics.md §2.4, §3.11, §5.1–5.4). Every rule reports an [`Issue`] with an AWS-named
//! path.

use super::*;

impl RegisterScalableTarget {
    /// Every violated bound of docs/aws-semantics.md §5.1 (validated as a create).
    pub fn validate(&self) -> Vec<Issue> {
        let mut v = Vec::new();
        check_target(
            &mut v,
            &self.service_namespace,
            &self.resource_id,
            &self.scalable_dimension,
        );
        let create = "when registering a new scalable target";
        require(&mut v, "MinCapacity", &self.min_capacity, create);
        require(&mut v, "MaxCapacity", &self.max_capacity, create);
        check_capacities(&mut v, "", self.min_capacity, self.max_capacity);
        check_opt_len(&mut v, "RoleARN", self.role_arn.as_ref(), 1, 1600);
        for (k, val) in self.tags.iter().flatten() {
            let path = format!("Tags.{k}");
            check_len(&mut v, &path, k, 1, 128);
            check_len(&mut v, &path, val, 0, 256);
        }
        v
    }
}

/// Namespace, dimension and resource id of a scalable target.
fn check_target(v: &mut Vec<Issue>, namespace: &str, resource_id: &str, dimension: &str) {
    check_one_of(v, "ServiceNamespace", namespace, SERVICE_NAMESPACES);
    check_len(v, "ResourceId", resource_id, 1, 1600);
    check_one_of(v, "ScalableDimension", dimension, SCALABLE_DIMENSIONS);
    if SCALABLE_DIMENSIONS.contains(&dimension) && !dimension.starts_with(&format!("{namespace}:"))
    {
        v.push(Issue::new(
            "ScalableDimension",
            format!("{dimension:?} does not belong to ServiceNamespace {namespace:?}"),
        ));
    }
    if namespace != "sagemaker" {
        return;
    }
    let parts: Vec<&str> = resource_id.split('/').collect();
    let ok = match dimension {
        "sagemaker:inference-component:DesiredCopyCount" => {
            parts.len() == 2 && parts[0] == "inference-component" && !parts[1].is_empty()
        }
        d if d.starts_with("sagemaker:variant:") => {
            parts.len() == 4
                && parts[0] == "endpoint"
                && parts[2] == "variant"
                && !parts[1].is_empty()
                && !parts[3].is_empty()
        }
        _ => true,
    };
    if !ok {
        let want = if dimension.contains("inference-component") {
            "inference-component/<name>"
        } else {
            "endpoint/<endpoint>/variant/<variant>"
        };
        v.push(Issue::new(
            "ResourceId",
            format!("{resource_id:?} must have the form {want} for {dimension}"),
        ));
    }
}

/// Capacities are >= 0 and Min <= Max.
fn check_capacities(v: &mut Vec<Issue>, prefix: &str, min: Option<i32>, max: Option<i32>) {
    for (name, c) in [("MinCapacity", min), ("MaxCapacity", max)] {
        if let Some(c) = c {
            check_min_i64(v, &join(prefix, name), i64::from(c), 0);
        }
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            v.push(Issue::new(
                join(prefix, "MinCapacity"),
                format!("must be <= MaxCapacity ({hi}) (got {lo})"),
            ));
        }
    }
}

impl PutScalingPolicy {
    /// Every violated bound of docs/aws-semantics.md §5.2–5.4 (validated as a create).
    pub fn validate(&self) -> Vec<Issue> {
        let mut v = Vec::new();
        check_len(&mut v, "PolicyName", &self.policy_name, 1, 256);
        check_target(
            &mut v,
            &self.service_namespace,
            &self.resource_id,
            &self.scalable_dimension,
        );
        let (step_name, tt_name) = (
            "StepScalingPolicyConfiguration",
            "TargetTrackingScalingPolicyConfiguration",
        );
        let step = self.step_scaling_policy_configuration.as_ref();
        let tt = self.target_tracking_scaling_policy_configuration.as_ref();
        let only = |v: &mut Vec<Issue>, name: &str, ty: &str| {
            v.push(Issue::new(
                name,
                format!("is not allowed with PolicyType {ty}"),
            ));
        };
        match self.policy_type {
            None => require(&mut v, "PolicyType", &self.policy_type, "when creating a scaling policy"),
            Some(PolicyType::StepScaling) => {
                match step {
                    Some(s) => v.extend(s.validate_at(step_name)),
                    None => v.push(Issue::new(step_name, "is required with PolicyType StepScaling")),
                }
                if tt.is_some() {
                    only(&mut v, tt_name, "StepScaling");
                }
            }
            Some(PolicyType::TargetTrackingScaling) => {
                match tt {
                    Some(t) => v.extend(t.validate_at(tt_name)),
                    None => v.push(Issue::new(tt_name, "is required with PolicyType TargetTrackingScaling")),
                }
                if step.is_some() {
                    only(&mut v, step_name, "TargetTrackingScaling");
                }
            }
            Some(PolicyType::PredictiveScaling) => v.push(Issue::new(
                "PolicyType",
                "PredictiveScaling is only available for ECS and is not simulated; use StepScaling or TargetTrackingScaling",
            )),
        }
        if self.predictive_scaling_policy_configuration.is_some() {
            v.push(Issue::new(
                "PredictiveScalingPolicyConfiguration",
                "is not supported by scalesim",
            ));
        }
        v
    }
}

impl StepScalingPolicyConfiguration {
    /// Every violated rule of docs/aws-semantics.md §2.4, §5.4, paths relative to this object.
    pub fn validate(&self) -> Vec<Issue> {
        self.validate_at("")
    }

    /// [`StepScalingPolicyConfiguration::validate`] with paths under `prefix`.
    pub fn validate_at(&self, prefix: &str) -> Vec<Issue> {
        let mut v = Vec::new();
        let steps = self.steps();
        match self.adjustment_type {
            None => require(
                &mut v,
                &join(prefix, "AdjustmentType"),
                &self.adjustment_type,
                "when creating a step scaling policy",
            ),
            Some(t) => {
                let mag = self.min_adjustment_magnitude.map(i64::from);
                v.extend(step::validate_steps(t, &steps, mag, prefix));
            }
        }
        if let Some(c) = self.cooldown {
            check_min_i64(&mut v, &join(prefix, "Cooldown"), i64::from(c), 0);
        }
        v
    }

    fn steps(&self) -> Vec<step::StepAdjustment> {
        self.step_adjustments
            .iter()
            .flatten()
            .map(|s| step::StepAdjustment {
                lower: s.metric_interval_lower_bound,
                upper: s.metric_interval_upper_bound,
                scaling_adjustment: i64::from(s.scaling_adjustment),
            })
            .collect()
    }

    /// The validated [`StepPolicy`] (defaults: Cooldown 300, Average).
    pub fn to_policy(&self) -> Result<StepPolicy, Vec<Issue>> {
        let issues = self.validate();
        let Some(t) = self.adjustment_type.filter(|_| issues.is_empty()) else {
            return Err(issues);
        };
        let cooldown = self.cooldown.map(|c| c.max(0) as u32);
        StepPolicy::validate(
            t,
            self.steps(),
            self.min_adjustment_magnitude.map(i64::from),
            cooldown,
            self.metric_aggregation_type,
        )
    }
}

impl PutScheduledAction {
    /// Every violated bound (validated as a create).
    pub fn validate(&self) -> Vec<Issue> {
        let mut v = Vec::new();
        check_target(
            &mut v,
            &self.service_namespace,
            &self.resource_id,
            &self.scalable_dimension,
        );
        let name = &self.scheduled_action_name;
        check_len(&mut v, "ScheduledActionName", name, 1, 256);
        let bad_char = name
            .chars()
            .any(|c| c.is_control() || matches!(c, ':' | '/' | '|'));
        if bad_char || name.starts_with(' ') || name.ends_with(' ') {
            v.push(Issue::new(
                "ScheduledActionName",
                "must not contain ':', '/', '|' or control characters, nor start or end with a space",
            ));
        }
        match &self.schedule {
            None => require(
                &mut v,
                "Schedule",
                &self.schedule,
                "when creating a scheduled action",
            ),
            Some(s) => {
                check_len(&mut v, "Schedule", s, 1, 1600);
                if let Err(e) = Schedule::parse(s) {
                    v.push(Issue::new("Schedule", e));
                }
            }
        }
        check_opt_len(&mut v, "Timezone", self.timezone.as_ref(), 1, 1600);
        let mut times = [None, None];
        for (slot, (field, t)) in times
            .iter_mut()
            .zip([("StartTime", &self.start_time), ("EndTime", &self.end_time)])
        {
            if let Some(t) = t {
                match t.unix_seconds() {
                    Ok(s) => *slot = Some(s),
                    Err(e) => v.push(Issue::new(field, e)),
                }
            }
        }
        if let [Some(start), Some(end)] = times {
            if end <= start {
                v.push(Issue::new("EndTime", "must be later than StartTime"));
            }
        }
        match &self.scalable_target_action {
            None => require(
                &mut v,
                "ScalableTargetAction",
                &self.scalable_target_action,
                "when creating a scheduled action",
            ),
            Some(a) => {
                if a.min_capacity.is_none() && a.max_capacity.is_none() {
                    v.push(Issue::new(
                        "ScalableTargetAction",
                        "give MinCapacity, MaxCapacity or both",
                    ));
                }
                check_capacities(
                    &mut v,
                    "ScalableTargetAction",
                    a.min_capacity,
                    a.max_capacity,
                );
            }
        }
        v
    }
}
