//! Application Auto Scaling of a real-time endpoint's inference component, set up with the
//! AWS CLI JSON of docs/aws-semantics.md §6.3, §6.4 (`tests/fixtures/aws/ic`): it runs, the step
//! policy on the NoCapacityInvocationFailures alarm leaves zero copies, target tracking goes back
//! to zero, a target that does not fit the platform is a clear error, and export → import gives the
//! same policy.

use crate::common::*;
use scalesim::aws::spec::AasSpec;
use scalesim::scenario::raw::PolicySpec;
use scalesim::scenario::{self, Scenario};
use scalesim::sim::observer::{ActivityStatus, Collect};
use scalesim::sim::Simulation;
use std::path::{Path, PathBuf};

const IC_SCENARIO: &str = "tests/fixtures/aws/ic/realtime-ic.toml";
const BLOG_ALARM: &str = "policy.put_metric_alarm=[\"04-put-metric-alarm-no-capacity-blog.json\"]";
/// The burst of `realtime-ic.toml` arrives at 10:00, with no copy.
const FIRST_REFUSAL_S: f64 = 600.0;

fn load(path: &str, overrides: &[&str]) -> Scenario {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    scenario::load(&root().join(path), &overrides).unwrap_or_else(|e| panic!("{e}"))
}

/// The scenario's Application Auto Scaling spec, without the record of its JSON origin.
fn policy_of(sc: &Scenario) -> AasSpec {
    match &sc.raw.policy {
        PolicySpec::ApplicationAutoScaling(spec) => AasSpec {
            imported_target: None,
            ..spec.clone()
        },
        other => panic!("not application_auto_scaling: {other:?}"),
    }
}

/// (start, from, to) of the activities that changed capacity.
fn changes(c: &Collect) -> Vec<(f64, u32, u32)> {
    c.activities
        .iter()
        .filter(|a| a.status != ActivityStatus::NotScaled)
        .map(|a| (s(a.start), a.from, a.to))
        .collect()
}

/// The burst finds no copy: every attempt is refused (3 requests retried every 10 s, 18
/// refusals in minute 10). The alarm (Sum > 1 in one minute, or Maximum >= 1 in the blog
/// form) sees minute 10 once it is published, 60 s after it ends, and the step policy asks
/// for the first copy within two minutes of the first refusal. The copy needs an instance
/// (105 s) and its model (137 s); the retries then succeed. With no more traffic,
/// InvocationsPerCopy stays 0 and target tracking's AlarmLow (15 of 15 below 0.9) takes the
/// copies back to 0; the instances go 10 minutes later.
fn assert_scales_out_from_zero_and_back(sc: &Scenario) {
    let (sum, c) = run_collect(sc);
    assert_eq!(sum.requests.arrived, 3);
    assert_eq!(sum.requests.completed, 3, "the retries succeed: {sum:?}");
    assert!(sum.no_capacity_failures >= 3);
    assert_eq!(c.minutes[9].counts.rejected, 0);
    assert!(c.minutes[10].counts.rejected > 0);
    let first = c
        .activities
        .iter()
        .find(|a| a.status == ActivityStatus::Successful)
        .expect("a scale-out");
    assert_eq!((first.from, first.to), (0, 1));
    assert!(
        first.cause.contains("alarm llama3-8b-ic-no-capacity")
            && first
                .cause
                .contains("triggered policy llama3-8b-ic-step-scaling"),
        "{}",
        first.cause
    );
    let delay = s(first.start) - FIRST_REFUSAL_S;
    assert!(
        (0.0..=120.0).contains(&delay),
        "first copy requested {delay} s after the first refusal"
    );
    let back = c
        .activities
        .iter()
        .find(|a| a.status == ActivityStatus::Successful && a.to == 0)
        .expect("a scale-in to 0 copies");
    assert!(back.start > first.start);
    assert!(back.cause.contains("AlarmLow"), "{}", back.cause);
    assert!(
        back.cause
            .contains("TargetTracking-inference-component/llama3-8b-ic-AlarmLow-"),
        "{}",
        back.cause
    );
    let last = c.minutes.last().unwrap();
    assert_eq!((last.desired, last.in_service, last.machines), (0, 0, 0));
    assert_eq!(sum.platform, "sagemaker_realtime");
}

#[test]
fn the_guide_recipe_scales_out_from_zero_on_the_alarm_and_back_to_zero() {
    let sc = load(IC_SCENARIO, &[]);
    assert!(sc.warnings.is_empty(), "{:?}", sc.warnings);
    assert_eq!((sc.sim.capacity.min, sc.sim.capacity.max), (0, 2));
    // The hidden target tracking alarms name the inference component.
    let names = Simulation::new(&sc.sim, 1, sc.build_policy()).alarm_names();
    assert!(
        names[0].starts_with("TargetTracking-inference-component/llama3-8b-ic-AlarmHigh-"),
        "{names:?}"
    );
    assert_scales_out_from_zero_and_back(&sc);
}

#[test]
fn the_blog_recipe_with_30_second_periods_runs_per_minute_with_a_warning() {
    let sc = load(IC_SCENARIO, &[BLOG_ALARM]);
    assert_eq!(sc.warnings.len(), 1, "{:?}", sc.warnings);
    assert!(
        sc.warnings[0].contains("30s is a high-resolution period")
            && sc.warnings[0].contains("evaluated on 1-minute datapoints"),
        "{:?}",
        sc.warnings
    );
    assert_scales_out_from_zero_and_back(&sc);
}

/// Scenario text: `head` (everything before `[policy]`) and the JSON files (relative to the
/// scenario's folder) as an `aws_cli_json` policy.
fn with_json_policy(head: &str, register: &str, policies: &[&str], alarms: &[&str]) -> String {
    let list = |v: &[&str]| {
        let quoted: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };
    format!(
        "{head}[policy]\nkind = \"aws_cli_json\"\nregister_scalable_target = {register:?}\nput_scaling_policy = {}\nput_metric_alarm = {}\n",
        list(policies),
        list(alarms)
    )
}

fn head_of(path: &str) -> String {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    text[..text.find("[policy]").unwrap()].to_string()
}

fn error_of(text: &str, dir: &Path) -> String {
    match scenario::from_text(text, &dir.join("scenario.toml"), dir, &[]) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_inference_component_on_an_asynchronous_endpoint_is_a_clear_error() {
    let dir = root().join("tests/fixtures/aws/ic");
    let head = "horizon = \"1h\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.1\n[service]\nkind = \"deterministic\"\nvalue = \"1s\"\n";
    let text = with_json_policy(
        head,
        "01-register-scalable-target.json",
        &["02-put-scaling-policy-invocations-per-copy.json"],
        &[],
    );
    let e = error_of(&text, &dir);
    for needle in [
        "01-register-scalable-target.json: 1 problem(s):\n  - ScalableDimension:",
        "sagemaker:inference-component:DesiredCopyCount (ResourceId inference-component/llama3-8b-ic) scales an inference component's model copies, but the scenario models an asynchronous endpoint",
        "set [platform] kind = \"sagemaker_realtime\"",
        "or register endpoint/<endpoint>/variant/<variant> with ScalableDimension sagemaker:variant:DesiredInstanceCount",
    ] {
        assert!(e.contains(needle), "{needle:?} missing from {e}");
    }
}

#[test]
fn an_endpoint_variant_on_a_real_time_endpoint_is_a_clear_error() {
    let dir = root().join("tests/fixtures/aws");
    let head = "horizon = \"1h\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.1\n[service]\nkind = \"deterministic\"\nvalue = \"1s\"\n[platform]\nkind = \"sagemaker_realtime\"\n";
    let text = with_json_policy(
        head,
        "01-register-scalable-target.json",
        &["02-put-scaling-policy-backlog-tt.json"],
        &[],
    );
    let e = error_of(&text, &dir);
    for needle in [
        "01-register-scalable-target.json: 1 problem(s):\n  - ScalableDimension:",
        "sagemaker:variant:DesiredInstanceCount (ResourceId endpoint/my-endpoint/variant/AllTraffic) scales a production variant's instances, but [platform] kind = \"sagemaker_realtime\" scales an inference component's copies",
        "register ResourceId inference-component/<name> with ScalableDimension sagemaker:inference-component:DesiredCopyCount",
    ] {
        assert!(e.contains(needle), "{needle:?} missing from {e}");
    }
}

#[test]
fn a_component_name_that_disagrees_with_the_json_is_an_error() {
    let head = head_of(IC_SCENARIO).replace(
        "kind = \"sagemaker_realtime\"\n",
        "kind = \"sagemaker_realtime\"\ninference_component_name = \"other\"\n",
    );
    let text = with_json_policy(
        &head,
        "01-register-scalable-target.json",
        &["02-put-scaling-policy-invocations-per-copy.json"],
        &[],
    );
    let e = error_of(&text, &root().join("tests/fixtures/aws/ic"));
    assert!(
        e.contains("platform.inference_component_name: other conflicts with the inference component of ResourceId llama3-8b-ic in 01-register-scalable-target.json"),
        "{e}"
    );
}

#[test]
fn a_real_time_policy_on_backlog_metrics_warns_that_they_are_not_published() {
    let mut text = head_of("scenarios/realtime-inference-component.toml");
    text += "[policy]\nkind = \"application_auto_scaling\"\n[[policy.target_tracking]]\npolicy_name = \"backlog\"\nmetric_name = \"ApproximateBacklogSizePerInstance\"\ntarget_value = 1.0\n";
    let sc = scenario_with(&text, &[]);
    assert!(
        sc.warnings.iter().any(|w| w.contains("policy.target_tracking[0].metric_name: \"ApproximateBacklogSizePerInstance\" is not published by a real-time endpoint with inference components")),
        "{:?}",
        sc.warnings
    );
    let names = Simulation::new(&sc.sim, 1, sc.build_policy()).alarm_names();
    assert!(
        names[0].starts_with("TargetTracking-inference-component/llama3-8b-ic-AlarmHigh-"),
        "{names:?}"
    );
}

/// Write `sc`'s export into `dir` and give back the file names by command.
fn export_into(sc: &Scenario, dir: &Path) -> (String, Vec<String>, Vec<String>) {
    let (files, note) = sc.aws_export("us-east-1", "123456789012");
    assert_eq!(note, None);
    let (mut reg, mut policies, mut alarms) = (String::new(), vec![], vec![]);
    for f in &files {
        std::fs::write(dir.join(&f.name), &f.json).unwrap();
        match f.aws_command.split(' ').nth(2).unwrap() {
            "register-scalable-target" => reg = f.name.clone(),
            "put-scaling-policy" => policies.push(f.name.clone()),
            "put-metric-alarm" => alarms.push(f.name.clone()),
            other => panic!("unexpected {other}"),
        }
    }
    (reg, policies, alarms)
}

fn json(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

#[test]
fn export_of_the_json_recipe_imports_to_the_same_policy_and_run() {
    for overrides in [&[][..], &[BLOG_ALARM][..]] {
        let sc = load(IC_SCENARIO, overrides);
        let tmp = tempfile::tempdir().unwrap();
        let (reg, policies, alarms) = export_into(&sc, tmp.path());
        let r = json(tmp.path(), &reg);
        assert_eq!(r["ResourceId"], "inference-component/llama3-8b-ic");
        assert_eq!(
            r["ScalableDimension"],
            "sagemaker:inference-component:DesiredCopyCount"
        );
        let tt = json(tmp.path(), &policies[0]);
        assert_eq!(
            tt["TargetTrackingScalingPolicyConfiguration"],
            serde_json::json!({"PredefinedMetricSpecification":{"PredefinedMetricType":"SageMakerInferenceComponentInvocationsPerCopy"},"TargetValue":1.0,"ScaleInCooldown":300,"ScaleOutCooldown":300})
        );
        let a = json(tmp.path(), &alarms[0]);
        assert_eq!(
            a["Dimensions"],
            serde_json::json!([{"Name": "InferenceComponentName", "Value": "llama3-8b-ic"}])
        );
        let policy_refs: Vec<&str> = policies.iter().map(String::as_str).collect();
        let alarm_refs: Vec<&str> = alarms.iter().map(String::as_str).collect();
        let text = with_json_policy(&head_of(IC_SCENARIO), &reg, &policy_refs, &alarm_refs);
        let back = scenario::from_text(&text, &tmp.path().join("back.toml"), tmp.path(), &[])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(policy_of(&back), policy_of(&sc));
        let (sa, ca) = run_collect(&sc);
        let (sb, cb) = run_collect(&back);
        assert_eq!(changes(&ca), changes(&cb));
        assert_eq!(sa.instance_hours, sb.instance_hours);
        assert_eq!(ca.activities, cb.activities, "same alarm names and causes");
    }
}

#[test]
fn export_of_the_shipped_toml_example_round_trips_through_json() {
    let example = "scenarios/realtime-inference-component.toml";
    // 6 hours: night-time traffic that leaves zero copies several times. (The full 2-day run
    // trips the engine's debug assertion "the clock never goes backwards" between 6 h and
    // 12 h, with or without this change; see the report.)
    let horizon = "horizon=\"6h\"";
    let sc = load(example, &[horizon]);
    let tmp = tempfile::tempdir().unwrap();
    let (reg, policies, alarms) = export_into(&sc, tmp.path());
    let tt = json(tmp.path(), &policies[0]);
    assert_eq!(
        tt["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]
            ["PredefinedMetricType"],
        "SageMakerInferenceComponentInvocationsPerCopy"
    );
    // The JSON names no endpoint (the ResourceId is the component's), so the re-imported
    // scenario leaves `[endpoint] name` to the import.
    let head = head_of(example).replace("name = \"llm-realtime\"\n", "");
    let policy_refs: Vec<&str> = policies.iter().map(String::as_str).collect();
    let alarm_refs: Vec<&str> = alarms.iter().map(String::as_str).collect();
    let text = with_json_policy(&head, &reg, &policy_refs, &alarm_refs);
    let overrides = vec![horizon.to_string()];
    let back = scenario::from_text(&text, &tmp.path().join("back.toml"), tmp.path(), &overrides)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(policy_of(&back), policy_of(&sc));
    let (sa, ca) = run_collect(&sc);
    let (sb, cb) = run_collect(&back);
    assert!(changes(&ca)
        .iter()
        .any(|&(_, from, to)| (from, to) == (0, 1)));
    assert_eq!(changes(&ca), changes(&cb));
    assert_eq!(sa.cost_usd, sb.cost_usd);
}

#[test]
fn export_aws_cli_writes_the_inference_component_readme() {
    let tmp = tempfile::tempdir().unwrap();
    let out: PathBuf = tmp.path().join("aws");
    let stdout = run_ok(&["export-aws", IC_SCENARIO, "--out", arg(&out)]);
    assert!(stdout.contains("aws application-autoscaling register-scalable-target --cli-input-json file://01-register-scalable-target.json"), "{stdout}");
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    for needle in [
        "component `llama3-8b-ic` on it",
        "--resource-ids inference-component/llama3-8b-ic",
        "aws sagemaker describe-inference-component --inference-component-name llama3-8b-ic",
    ] {
        assert!(readme.contains(needle), "{needle:?} missing from\n{readme}");
    }
}
