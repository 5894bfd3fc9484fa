//! Inference components (docs/aws-semantics.md §6.2–6.4) in the AWS layer: the fixtures in
//! `tests/fixtures/aws/ic` (the SageMaker guide's and the re:Invent blog's recipe) import to
//! the expected [`AasSpec`], every mapping and mismatch is reported with its file and path,
//! `spec::validate` knows which metrics each platform publishes, and exports round-trip.
//! This module holds the fixtures' names, the expected spec and the helpers the parts share.

mod exporting;
mod importing;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::cli_alarm::PutMetricAlarm;
use super::cli_json::{parse_json, PutScalingPolicy, RegisterScalableTarget};
use super::cli_json_tests::norm;
use super::export::{export, readme, ExportFile};
use super::import::tests::{has, invalid};
use super::import::{import, import_for, AwsCliJsonSpec, Imported};
use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
use super::spec::{self, AasSpec, AlarmSpec, StepScalingSpec, StepSpec, TargetTrackingSpec};
use super::step::{AdjustmentType, MetricAggregationType};
use super::target::{ImportedTarget, ScalableTarget};
use crate::error::InputError;
use crate::metrics::EndpointMetric;
use crate::platform::PlatformKind;
use crate::time::Duration;

const REG: &str = "01-register-scalable-target.json";
const TT: &str = "02-put-scaling-policy-invocations-per-copy.json";
const STEP: &str = "03-put-scaling-policy-scale-out-from-zero.json";
const DOC: &str = "04-put-metric-alarm-no-capacity-doc.json";
const BLOG: &str = "04-put-metric-alarm-no-capacity-blog.json";
const IC: &str = "llama3-8b-ic";
const RT: PlatformKind = PlatformKind::SagemakerRealtime;
const ASYNC: PlatformKind = PlatformKind::SagemakerAsync;

fn ic_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws/ic")
}

fn files(alarm: &str) -> AwsCliJsonSpec {
    AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: vec![TT.into(), STEP.into()],
        put_metric_alarm: vec![alarm.into()],
        put_scheduled_action: vec![],
        cooldown_clock: Default::default(),
    }
}

fn ic_target() -> ScalableTarget {
    ScalableTarget::InferenceComponent { name: IC.into() }
}

fn secs(s: f64) -> Duration {
    Duration::from_secs(s)
}

/// Import the fixtures (with the `alarm` file) after `edit` has changed their JSON.
fn import_edited(
    alarm: &str,
    platform: Option<PlatformKind>,
    edit: impl FnOnce(&mut Value),
) -> Result<Imported, InputError> {
    let mut values = json!({});
    for name in [REG, TT, STEP, alarm] {
        let text = std::fs::read_to_string(ic_dir().join(name)).unwrap();
        values[name] = serde_json::from_str(&text).unwrap();
    }
    edit(&mut values);
    let dir = tempfile::tempdir().unwrap();
    for (name, v) in values.as_object().unwrap() {
        std::fs::write(dir.path().join(name), v.to_string()).unwrap();
    }
    match platform {
        Some(p) => import_for(&files(alarm), dir.path(), p),
        None => import(&files(alarm), dir.path()),
    }
}

/// docs/aws-semantics.md §6.3 and §6.4 (the guide's alarm) in TOML form.
fn expected_spec() -> AasSpec {
    AasSpec {
        target_tracking: vec![TargetTrackingSpec {
            policy_name: "llama3-8b-ic-target-tracking".into(),
            metric_name: "InvocationsPerCopy".into(),
            statistic: Statistic::Sum,
            target_value: 1.0,
            scale_out_cooldown: secs(300.0),
            scale_in_cooldown: secs(300.0),
            disable_scale_in: false,
            alarm_high: None,
            alarm_low: None,
        }],
        step_scaling: vec![StepScalingSpec {
            policy_name: "llama3-8b-ic-step-scaling".into(),
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![StepSpec {
                metric_interval_lower_bound: Some(0.0),
                metric_interval_upper_bound: None,
                scaling_adjustment: 1,
            }],
            min_adjustment_magnitude: None,
            cooldown: secs(60.0),
            metric_aggregation_type: MetricAggregationType::Maximum,
            alarm: AlarmSpec {
                alarm_name: Some("llama3-8b-ic-no-capacity".into()),
                metric_name: "NoCapacityInvocationFailures".into(),
                statistic: Statistic::Sum,
                period: secs(60.0),
                evaluation_periods: 1,
                datapoints_to_alarm: Some(1),
                threshold: 1.0,
                comparison_operator: ComparisonOperator::GreaterThanThreshold,
                treat_missing_data: TreatMissingData::Missing,
            },
        }],
        imported_target: Some(ImportedTarget {
            file: REG.into(),
            target: ic_target(),
        }),
        ..AasSpec::default()
    }
}

fn validate(spec: &AasSpec, platform: PlatformKind) -> (spec::AasConfig, Vec<String>) {
    let rid = ic_target().resource_id();
    spec::validate(spec, "policy", &rid, platform, 0, 86_400.0).unwrap_or_else(|e| panic!("{e:?}"))
}
