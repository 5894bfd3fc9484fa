//! The README that `scalesim export-aws` writes beside the JSON files: what to create
//! first, the commands in order, the policy ARNs to put into the alarms, and the commands
//! that show the result.

use super::{policy_of_arn, ExportFile, POLICY_ID_PLACEHOLDER};
use crate::aws::cli_alarm::PutMetricAlarm;
use crate::aws::cli_json::{PutScalingPolicy, RegisterScalableTarget};
use crate::aws::target::{ScalableTarget, IC_DIMENSION, SERVICE_NAMESPACE};

/// The scalable target that the `register-scalable-target` file among `files` registers.
fn registered_target(files: &[ExportFile]) -> Option<ScalableTarget> {
    let f = files
        .iter()
        .find(|f| f.aws_command.contains(" register-scalable-target "))?;
    let r: RegisterScalableTarget = serde_json::from_str(&f.json).ok()?;
    ScalableTarget::parse(&r.service_namespace, &r.resource_id, &r.scalable_dimension).ok()
}

/// README text: what to create first, the commands in order, how to put each step policy's
/// real `PolicyARN` (returned by `put-scaling-policy`) into the `AlarmActions` of its alarm,
/// and the commands that show the result (for the endpoint variant or inference component
/// that the `register-scalable-target` file names).
pub fn readme(files: &[ExportFile], scenario_name: &str) -> String {
    let target = registered_target(files);
    let first = match &target {
        Some(ScalableTarget::InferenceComponent { name }) => format!(
            "Create the real-time\n\
             endpoint first, with `ManagedInstanceScaling` enabled on its production variant\n\
             (`MinInstanceCount` 0 lets SageMaker release every instance), and the inference\n\
             component `{name}` on it; both must be InService. Then run\n"
        ),
        _ => "Create the endpoint first (it must be InService),\nthen run ".to_string(),
    };
    let mut out = format!(
        "# AWS CLI setup for scenario `{scenario_name}`\n\n\
         Written by `scalesim export-aws`. {first}these commands from this folder, in this order \
         (choose the region with\n`--region` or `AWS_REGION`):\n\n"
    );
    for (i, f) in files.iter().enumerate() {
        out += &format!("{}. `{}`\n", i + 1, f.aws_command);
    }
    let policy_files: Vec<(String, &str)> = files
        .iter()
        .filter_map(|f| {
            let p: PutScalingPolicy = serde_json::from_str(&f.json).ok()?;
            Some((p.policy_name, f.name.as_str()))
        })
        .collect();
    let mut alarms = String::new();
    for f in files {
        let Ok(a) = serde_json::from_str::<PutMetricAlarm>(&f.json) else {
            continue;
        };
        for arn in a.alarm_actions.iter().flatten() {
            if let Some((policy, _)) = policy_of_arn(arn) {
                let from = policy_files
                    .iter()
                    .find(|(n, _)| n == policy)
                    .map_or("its put-scaling-policy file", |(_, f)| f);
                alarms += &format!(
                    "- `{}`: the `PolicyARN` returned by `{from}` (policy `{policy}`)\n",
                    f.name
                );
            }
        }
    }
    if !alarms.is_empty() {
        out += &format!(
            "\n## Policy ARNs in the alarms\n\n\
             `put-scaling-policy` returns the new policy's `PolicyARN`. Each alarm file lists a\n\
             placeholder ARN containing `{POLICY_ID_PLACEHOLDER}` in `AlarmActions`: replace the\n\
             whole placeholder with the real `PolicyARN` before running `put-metric-alarm`\n\
             (AWS rejects the placeholder). Print the ARN with\n\
             `--query PolicyARN --output text` on the `put-scaling-policy` command.\n\n{alarms}"
        );
    }
    if let Some(t) = &target {
        let rid = t.resource_id();
        let aas = "aws application-autoscaling";
        let ns = format!("--service-namespace {SERVICE_NAMESPACE}");
        out += &format!(
            "\n## Check\n\n\
             ```sh\n\
             {aas} describe-scalable-targets {ns} --resource-ids {rid}\n\
             {aas} describe-scaling-policies {ns} --resource-id {rid}\n\
             {aas} describe-scaling-activities {ns} --resource-id {rid}\n"
        );
        if let ScalableTarget::InferenceComponent { name } = t {
            out += &format!(
                "aws sagemaker describe-inference-component --inference-component-name {name}\n"
            );
        }
        out += "```\n";
    }
    out += "\n## Notes\n\n\
            - Target tracking policies create and own their CloudWatch alarms\n  \
              (`TargetTracking-<ResourceId>-AlarmHigh-…` / `-AlarmLow-…`); do not edit them.\n\
            - Schedules are in UTC (no `Timezone` is set).\n\
            - Running a command again with the same names updates the existing target,\n  \
              policy, alarm or scheduled action.\n";
    if let Some(ScalableTarget::InferenceComponent { .. }) = &target {
        out += &format!(
            "- Target tracking can scale the inference component in to 0 copies but not out of\n  \
             0 (without copies there are no per-copy datapoints); a step policy whose alarm\n  \
             watches `NoCapacityInvocationFailures` (dimension `{IC_DIMENSION}`) adds the\n  \
             first copy. While there is no copy, invocations fail and clients must retry.\n"
        );
    }
    out
}
