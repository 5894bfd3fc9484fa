//! Tests of `import` and `export` (docs/aws-semantics.md §2.7, §3.11, §5): the fixtures in
//! `tests/fixtures/aws` (the SageMaker asynchronous-endpoint recipe) import to the expected
//! [`AasSpec`], exports validate and round-trip, and every cross-file mistake is reported with its
//! file and path. This module holds the fixtures' names, the expected spec and the helpers the
//! parts share.

mod exporting;
mod importing;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::aws::cli_alarm::PutMetricAlarm;
use crate::aws::cli_json::{PutScalingPolicy, PutScheduledAction, RegisterScalableTarget};
use crate::aws::cli_json_tests::norm;
use crate::aws::export::{export, readme, ExportFile, ScalableTarget, POLICY_ID_PLACEHOLDER};
use crate::aws::metric::{ComparisonOperator, TreatMissingData};
use crate::aws::spec::{self, ScheduledActionSpec, StepScalingSpec, StepSpec, TargetTrackingSpec};
use crate::aws::step::{AdjustmentType, MetricAggregationType};
use crate::metrics::Statistic;

const REG: &str = "01-register-scalable-target.json";
const TT: &str = "02-put-scaling-policy-backlog-tt.json";
const STEP: &str = "03-put-scaling-policy-scale-from-zero.json";
const ALARM: &str = "04-put-metric-alarm-has-backlog-without-capacity.json";
const WARM: &str = "05-put-scheduled-action-weekday-warm.json";
const COLD: &str = "06-put-scheduled-action-weekday-cold.json";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws")
}

fn fixture_files() -> AwsCliJsonSpec {
    let s = |v: &[&str]| v.iter().map(|f| f.to_string()).collect();
    AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: s(&[TT, STEP]),
        put_metric_alarm: s(&[ALARM]),
        put_scheduled_action: s(&[WARM, COLD]),
        cooldown_clock: CooldownClock::default(),
    }
}

/// Import the fixtures after `edit` has changed their JSON (by file name) or the file list.
fn import_edited(
    edit: impl FnOnce(&mut Value, &mut AwsCliJsonSpec),
) -> Result<Imported, InputError> {
    let mut files = fixture_files();
    let mut values = json!({});
    for name in [REG, TT, STEP, ALARM, WARM, COLD] {
        let text = std::fs::read_to_string(fixture_dir().join(name)).unwrap();
        values[name] = serde_json::from_str(&text).unwrap();
    }
    edit(&mut values, &mut files);
    let texts: Vec<(String, String)> = values
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    import_texts(&texts, &files)
}

fn import_texts(
    texts: &[(String, String)],
    files: &AwsCliJsonSpec,
) -> Result<Imported, InputError> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    import(files, dir.path())
}

/// The file and `path: message` issues of an `Invalid` error.
pub(crate) fn invalid(r: Result<Imported, InputError>) -> (String, Vec<String>) {
    match r {
        Err(InputError::Invalid { file, issues }) => {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, issues.iter().map(|i| i.to_string()).collect())
        }
        other => panic!("expected InputError::Invalid, got {other:?}"),
    }
}

/// Assert that one of `found` contains `needle`.
pub(crate) fn has(found: &[String], needle: &str) {
    assert!(
        found.iter().any(|s| s.contains(needle)),
        "no {needle:?} in {found:#?}"
    );
}

fn secs(s: f64) -> Duration {
    Duration::from_secs(s)
}

fn variant(endpoint: &str, variant: &str) -> ScalableTarget {
    ScalableTarget::Variant {
        endpoint: endpoint.into(),
        variant: variant.into(),
    }
}

/// `spec` as imported from `file` for `target`.
fn imported_from(mut spec: AasSpec, file: &str, target: ScalableTarget) -> AasSpec {
    spec.imported_target = Some(ImportedTarget {
        file: file.into(),
        target,
    });
    spec
}

/// What the fixtures say, in TOML form.
fn expected_spec() -> AasSpec {
    let scheduled = |name: &str, cron: &str, min| ScheduledActionSpec {
        scheduled_action_name: name.into(),
        schedule: cron.into(),
        start_time: None,
        end_time: None,
        min_capacity: Some(min),
        max_capacity: None,
    };
    AasSpec {
        cooldown_clock: CooldownClock::ActivityComplete,
        suspended_state: SuspendedSpec::default(),
        target_tracking: vec![TargetTrackingSpec {
            policy_name: "Invocations-ScalingPolicy".into(),
            metric_name: "ApproximateBacklogSizePerInstance".into(),
            statistic: Statistic::Average,
            target_value: 5.0,
            scale_out_cooldown: secs(300.0),
            scale_in_cooldown: secs(600.0),
            disable_scale_in: false,
            alarm_high: None,
            alarm_low: None,
        }],
        step_scaling: vec![StepScalingSpec {
            policy_name: "HasBacklogWithoutCapacity-ScalingPolicy".into(),
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![StepSpec {
                metric_interval_lower_bound: Some(0.0),
                metric_interval_upper_bound: None,
                scaling_adjustment: 1,
            }],
            min_adjustment_magnitude: None,
            cooldown: secs(300.0),
            metric_aggregation_type: MetricAggregationType::Average,
            alarm: AlarmSpec {
                alarm_name: Some("my-endpoint-HasBacklogWithoutCapacity".into()),
                metric_name: "HasBacklogWithoutCapacity".into(),
                statistic: Statistic::Average,
                period: secs(60.0),
                evaluation_periods: 2,
                datapoints_to_alarm: Some(2),
                threshold: 1.0,
                comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
                treat_missing_data: TreatMissingData::Missing,
            },
        }],
        scheduled_actions: vec![
            scheduled("weekday-warm", "cron(0 8 ? * MON-FRI *)", 1),
            scheduled("weekday-cold", "cron(0 18 ? * MON-FRI *)", 0),
        ],
        ..AasSpec::default()
    }
}
