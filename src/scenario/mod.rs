//! Scenario files: load, override, validate, normalise.
//!
//! A scenario is a TOML file (see the README's scenario reference). Loading goes
//! text → [`raw::RawScenario`] (syntax, unknown fields, types; errors carry line and
//! column) → `--set` overrides → [`validate::validate`] (values; every issue, each with
//! the line and column of its field when the field is in the file) → [`Scenario`].

pub mod locate;
pub mod overrides;
pub mod platform;
pub mod raw;
pub mod sizing;
pub mod validate;
pub mod variants;

use crate::aws::autoscaling::AutoScaling;
use crate::error::InputError;
use crate::k8s::{HpaPolicy, KedaPolicy, KnativePolicy};
use crate::policy::idle_timeout::IdleTimeout;
use crate::policy::{FixedCapacity, ScalingPolicy};
use crate::sim::SimConfig;
use raw::{PolicySpec, RawScenario};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use validate::InputErrorOrIssues;
pub use validate::PolicyConfig;

/// A loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file it came from.
    pub file: PathBuf,
    /// The scenario as written, with overrides applied and defaults filled in.
    pub raw: RawScenario,
    /// The engine's configuration.
    pub sim: SimConfig,
    /// The validated policy.
    pub policy: PolicyConfig,
    /// Things worth knowing that are not errors (e.g. a trace that had to be sorted).
    pub warnings: Vec<String>,
}

impl Scenario {
    /// Scenario name (file stem unless the file sets `name`).
    pub fn name(&self) -> &str {
        &self.sim.name
    }

    /// The seed in the file (or set by `--set seed=N`).
    pub fn seed(&self) -> u64 {
        self.raw.seed
    }

    /// A fresh policy for one run.
    pub fn build_policy(&self) -> Box<dyn ScalingPolicy> {
        match &self.policy {
            PolicyConfig::Fixed => Box::new(FixedCapacity),
            PolicyConfig::IdleTimeout {
                idle_timeout_s,
                active_instances,
            } => Box::new(IdleTimeout::new(*idle_timeout_s, *active_instances)),
            PolicyConfig::ApplicationAutoScaling(config) => Box::new(AutoScaling::new(config)),
            PolicyConfig::Hpa(spec, min_replicas) => Box::new(HpaPolicy::new(spec, *min_replicas)),
            PolicyConfig::Keda(spec) => Box::new(KedaPolicy::new(spec)),
            PolicyConfig::Knative(spec) => Box::new(KnativePolicy::new(spec)),
        }
    }

    /// Whether the scenario runs on a SageMaker platform, so that its scaling has an AWS
    /// CLI form (`export-aws`, a sweep's `recommended-aws/`).
    pub fn has_aws_scaling(&self) -> bool {
        matches!(
            self.sim.endpoint.platform.kind,
            crate::platform::PlatformKind::SagemakerAsync
                | crate::platform::PlatformKind::SagemakerRealtime
        )
    }

    /// The AWS CLI JSON files that apply this scenario's scaling (see `aws::export`), and a
    /// note when the policy has no AWS equivalent (only the scalable target is exported).
    pub fn aws_export(
        &self,
        region: &str,
        account_id: &str,
    ) -> (Vec<crate::aws::export::ExportFile>, Option<&'static str>) {
        let empty = crate::aws::spec::AasSpec::default();
        let (spec, note) = match &self.raw.policy {
            PolicySpec::ApplicationAutoScaling(spec) => (spec, None),
            PolicySpec::Fixed => (
                &empty,
                Some("the fixed policy has no scaling policies; only the scalable target is exported"),
            ),
            _ => (
                &empty,
                Some("the policy has no AWS equivalent; only the scalable target is exported"),
            ),
        };
        // The endpoint variant, or on a real-time endpoint the inference component.
        let endpoint = self.raw.endpoint.name.as_deref().unwrap_or(self.name());
        let inference_component = match &self.raw.platform {
            raw::RawPlatform::SagemakerRealtime(rt) => rt.inference_component_name.as_deref(),
            _ => None,
        };
        let (target, _) = crate::aws::target::scenario_target(
            self.sim.endpoint.platform.kind,
            endpoint,
            &self.raw.endpoint.variant_name,
            inference_component,
            self.name(),
            spec.imported_target.as_ref(),
        );
        let files = crate::aws::export::export(
            spec,
            &target,
            self.sim.capacity.min,
            self.sim.capacity.max,
            region,
            account_id,
        );
        (files, note)
    }

    /// The normalised scenario as TOML (what `scalesim validate` prints).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.raw)
            .unwrap_or_else(|e| format!("# cannot print the scenario as TOML: {e}\n"))
    }
}

/// Read and validate the scenario at `path`, applying `overrides` (`KEY=VALUE`).
pub fn load(path: &Path, overrides: &[String]) -> Result<Scenario, InputError> {
    let text = std::fs::read_to_string(path).map_err(|source| InputError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    from_text(&text, path, base_dir, overrides)
}

/// Validate scenario `text` as if read from `file`, resolving data paths from `base_dir`.
pub fn from_text(
    text: &str,
    file: &Path,
    base_dir: &Path,
    overrides: &[String],
) -> Result<Scenario, InputError> {
    let syntax = |e: toml::de::Error| {
        let (line, column) = e.span().map_or((1, 1), |s| locate::line_col(text, s.start));
        InputError::Syntax {
            file: file.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    };
    let mut doc: toml::Table = toml::from_str(text).map_err(syntax)?;
    let raw: RawScenario = if overrides.is_empty() {
        toml::from_str(text).map_err(syntax)?
    } else {
        for o in overrides {
            overrides::apply(&mut doc, o)?;
        }
        RawScenario::deserialize(toml::Value::Table(doc)).map_err(|e| InputError::Syntax {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: format!(
                "after --set: {} (overrides: {})",
                e.message().trim(),
                overrides
                    .iter()
                    .map(|o| o.split_once('=').map_or(o.as_str(), |(k, _)| k.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?
    };
    let mut raw = raw;
    let name = raw.name.clone().unwrap_or_else(|| {
        file.file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned())
    });
    raw.name = Some(name.clone());
    let mut import_warnings = Vec::new();
    if let PolicySpec::AwsCliJson(files) = raw.policy.clone() {
        let imported = import_aws_cli_json(&mut raw, files, file, base_dir)?;
        import_warnings = imported;
    }
    match validate::validate(&raw, &name, base_dir) {
        Ok((sim, policy, mut warnings)) => {
            warnings.splice(0..0, import_warnings);
            warnings.extend(sizing::capacity_warning(&sim));
            raw.capacity.initial = Some(sim.capacity.initial);
            raw.capacity.min = Some(sim.capacity.min);
            raw.capacity.max = Some(sim.capacity.max);
            raw.endpoint.name.get_or_insert_with(|| name.clone());
            if raw.endpoint.price_per_instance_hour.is_none() {
                raw.endpoint.price_per_instance_hour = Some(sim.endpoint.price_per_instance_hour);
            }
            Ok(Scenario {
                file: file.to_path_buf(),
                raw,
                sim,
                policy,
                warnings,
            })
        }
        Err(InputErrorOrIssues::Input(e)) => Err(e),
        Err(InputErrorOrIssues::Issues(mut issues)) => {
            // A field set with --set is not where the file says: give it no line.
            let overridden: Vec<Vec<locate::Segment>> = overrides
                .iter()
                .filter_map(|o| o.split_once('=').map(|(k, _)| locate::split_path(k.trim())))
                .collect();
            for issue in &mut issues {
                let path = locate::split_path(&issue.path);
                if !overridden.iter().any(|o| path.starts_with(o)) {
                    issue.line_col = locate::locate(text, &issue.path);
                }
            }
            Err(InputError::Invalid {
                file: file.to_path_buf(),
                issues,
            })
        }
    }
}

/// Replace an `aws_cli_json` policy by its TOML equivalent, taking capacity bounds and the
/// endpoint/variant names from the JSON. Conflicting values in the scenario are errors.
fn import_aws_cli_json(
    raw: &mut RawScenario,
    files: crate::aws::import::AwsCliJsonSpec,
    file: &Path,
    base_dir: &Path,
) -> Result<Vec<String>, InputError> {
    let kind = match raw.platform {
        raw::RawPlatform::SagemakerRealtime(_) => crate::platform::PlatformKind::SagemakerRealtime,
        _ => crate::platform::PlatformKind::SagemakerAsync,
    };
    let imported = crate::aws::import::import_for(&files, base_dir, kind)?;
    let mut issues = Vec::new();
    let mut agree = |path: &str, ours: Option<String>, theirs: String, what: &str| {
        if let Some(ours) = ours.filter(|o| *o != theirs) {
            issues.push(crate::error::Issue::new(
                path,
                format!(
                    "{ours} conflicts with {what} {theirs} in {}; remove it from the scenario",
                    files.register_scalable_target
                ),
            ));
        }
    };
    agree(
        "capacity.min",
        raw.capacity.min.map(|v| v.to_string()),
        imported.min_capacity.to_string(),
        "MinCapacity",
    );
    agree(
        "capacity.max",
        raw.capacity.max.map(|v| v.to_string()),
        imported.max_capacity.to_string(),
        "MaxCapacity",
    );
    match (&imported.target, &mut raw.platform) {
        (
            crate::aws::target::ScalableTarget::InferenceComponent { name },
            raw::RawPlatform::SagemakerRealtime(rt),
        ) => {
            agree(
                "platform.inference_component_name",
                rt.inference_component_name.clone(),
                name.clone(),
                "the inference component of ResourceId",
            );
            rt.inference_component_name = Some(name.clone());
        }
        _ => agree(
            "endpoint.name",
            raw.endpoint.name.clone(),
            imported.endpoint_name.clone(),
            "the endpoint of ResourceId",
        ),
    }
    if !issues.is_empty() {
        return Err(InputError::Invalid {
            file: file.to_path_buf(),
            issues,
        });
    }
    raw.capacity.min = Some(imported.min_capacity);
    raw.capacity.max = Some(imported.max_capacity);
    if let crate::aws::target::ScalableTarget::Variant { endpoint, variant } = imported.target {
        raw.endpoint.name = Some(endpoint);
        raw.endpoint.variant_name = variant;
    }
    let mut spec = imported.spec;
    spec.cooldown_clock = files.cooldown_clock;
    raw.policy = PolicySpec::ApplicationAutoScaling(spec);
    Ok(imported.warnings)
}
