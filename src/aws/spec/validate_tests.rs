//! Unit tests of the Application Auto Scaling validation: AWS-named issue paths rewritten
//! to TOML paths.

use super::*;

#[test]
fn aws_paths_become_toml_paths() {
    assert_eq!(
        toml_path(
            "policy.step_scaling[0]",
            "StepAdjustments[1].MetricIntervalLowerBound"
        ),
        "policy.step_scaling[0].step_adjustments[1].metric_interval_lower_bound"
    );
    assert_eq!(toml_path("p", "TargetValue"), "p.target_value");
    assert_eq!(toml_path("p", ""), "p");
}
