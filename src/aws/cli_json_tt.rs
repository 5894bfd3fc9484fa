//! Validation and conversion of `TargetTrackingScalingPolicyConfiguration` (docs/aws-semantics.md
//! §5.3, §1.8): the `TargetValue` range, cooldowns, predefined xor customized metric, and the
//! metric-math query rules (Id form, Expression xor MetricStat, exactly one ReturnData).

use super::*;

impl TargetTrackingScalingPolicyConfiguration {
    /// Every violated bound of docs/aws-semantics.md §5.3, paths relative to this object.
    pub fn validate(&self) -> Vec<Issue> {
        self.validate_at("")
    }

    /// [`TargetTrackingScalingPolicyConfiguration::validate`] with paths under `prefix`.
    pub fn validate_at(&self, prefix: &str) -> Vec<Issue> {
        let mut v = Vec::new();
        let tv = join(prefix, "TargetValue");
        check_finite(&mut v, &tv, self.target_value);
        if self.target_value.abs() > TARGET_VALUE_BOUND {
            v.push(Issue::new(&tv, "must be between -2^360 and 2^360"));
        }
        for (name, c) in [
            ("ScaleOutCooldown", self.scale_out_cooldown),
            ("ScaleInCooldown", self.scale_in_cooldown),
        ] {
            if let Some(c) = c {
                check_min_i64(&mut v, &join(prefix, name), i64::from(c), 0);
            }
        }
        let pre = join(prefix, "PredefinedMetricSpecification");
        let cus = join(prefix, "CustomizedMetricSpecification");
        match (
            &self.predefined_metric_specification,
            &self.customized_metric_specification,
        ) {
            (Some(_), Some(_)) => v.push(Issue::new(
                prefix,
                format!("give either {pre} or {cus}, not both"),
            )),
            (None, None) => v.push(Issue::new(
                prefix,
                format!("one of {pre} or {cus} is required"),
            )),
            (Some(p), None) => {
                let t = join(&pre, "PredefinedMetricType");
                check_one_of(
                    &mut v,
                    &t,
                    &p.predefined_metric_type,
                    PREDEFINED_METRIC_TYPES,
                );
                let label = join(&pre, "ResourceLabel");
                check_opt_len(&mut v, &label, p.resource_label.as_ref(), 1, 1023);
                let alb = p.predefined_metric_type == "ALBRequestCountPerTarget";
                if alb && p.resource_label.is_none() {
                    v.push(Issue::new(
                        label,
                        "is required with ALBRequestCountPerTarget",
                    ));
                } else if !alb && p.resource_label.is_some() {
                    v.push(Issue::new(
                        label,
                        "is only allowed with ALBRequestCountPerTarget",
                    ));
                }
            }
            (None, Some(c)) => c.validate_into(&mut v, &cus),
        }
        v
    }

    /// The TT settings (cooldowns default to 300 s, docs/aws-semantics.md §1.8); the target must be
    /// > 0.
    pub fn to_config(&self) -> Result<TargetTrackingConfig, Vec<Issue>> {
        let mut issues = self.validate();
        let cfg = TargetTrackingConfig {
            target_value: self.target_value,
            scale_out_cooldown_s: self
                .scale_out_cooldown
                .map_or(DEFAULT_TT_COOLDOWN_S, |c| c.max(0) as u32),
            scale_in_cooldown_s: self
                .scale_in_cooldown
                .map_or(DEFAULT_TT_COOLDOWN_S, |c| c.max(0) as u32),
            disable_scale_in: self.disable_scale_in.unwrap_or(false),
        };
        if issues.is_empty() {
            issues = cfg.validate();
        }
        if issues.is_empty() {
            Ok(cfg)
        } else {
            Err(issues)
        }
    }
}

impl CustomizedMetricSpecification {
    fn validate_into(&self, v: &mut Vec<Issue>, p: &str) {
        let single = [
            ("MetricName", self.metric_name.is_some()),
            ("Namespace", self.namespace.is_some()),
            ("Dimensions", self.dimensions.is_some()),
            ("Statistic", self.statistic.is_some()),
            ("Unit", self.unit.is_some()),
        ];
        match &self.metrics {
            Some(queries) => {
                for (name, present) in single {
                    if present {
                        v.push(Issue::new(
                            join(p, name),
                            "is not allowed together with Metrics",
                        ));
                    }
                }
                check_tt_queries(v, &join(p, "Metrics"), queries);
            }
            None => {
                for (name, present) in &single[..2] {
                    if !present {
                        v.push(Issue::new(
                            join(p, name),
                            "is required unless Metrics is given",
                        ));
                    }
                }
                if self.statistic.is_none() {
                    v.push(Issue::new(
                        join(p, "Statistic"),
                        "is required unless Metrics is given",
                    ));
                }
            }
        }
    }
}

fn check_tt_queries(v: &mut Vec<Issue>, path: &str, queries: &[TargetTrackingMetricDataQuery]) {
    if queries.is_empty() {
        v.push(Issue::new(path, "must contain at least one query"));
    }
    for (i, q) in queries.iter().enumerate() {
        let qp = index(path, i);
        check_query_id(v, &join(&qp, "Id"), &q.id);
        match (&q.expression, &q.metric_stat) {
            (Some(e), None) => check_len(v, &join(&qp, "Expression"), e, 1, 2048),
            (None, Some(ms)) => {
                check_len(v, &join(&qp, "MetricStat.Stat"), &ms.stat, 1, 255);
                if ms.metric.metric_name.is_none() || ms.metric.namespace.is_none() {
                    v.push(Issue::new(
                        join(&qp, "MetricStat.Metric"),
                        "needs MetricName and Namespace",
                    ));
                }
            }
            _ => v.push(Issue::new(
                qp,
                "give exactly one of Expression or MetricStat",
            )),
        }
    }
    check_one_returning(v, path, queries.iter().map(|q| q.return_data));
}
