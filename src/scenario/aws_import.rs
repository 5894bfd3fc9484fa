//! `[policy] kind = "aws_cli_json"`: the AWS CLI JSON files read into a separate
//! intermediate form ([`Imported`]: the policy in TOML form, the capacity bounds and the
//! scalable target), checked against the scenario, and the [`Resolved`] view through which
//! validation reads the values that the JSON or the file may give. The raw scenario is
//! never changed.

use super::raw::{PolicySpec, RawPlatform, RawScenario};
use crate::aws::import::{AwsCliJsonSpec, Imported};
use crate::aws::spec::AasSpec;
use crate::aws::target::ScalableTarget;
use crate::error::{InputError, Issues};
use crate::platform::PlatformKind;
use std::path::Path;

/// Read the JSON files of `files` (relative to `base_dir`) for the platform of `raw`.
/// Capacity bounds and endpoint/inference component names that the scenario also sets must
/// agree with the JSON; a conflict is an error in `file` that says what to remove.
pub fn import(
    raw: &RawScenario,
    files: &AwsCliJsonSpec,
    file: &Path,
    base_dir: &Path,
) -> Result<Imported, InputError> {
    let kind = match raw.platform {
        RawPlatform::SagemakerRealtime(_) => PlatformKind::SagemakerRealtime,
        _ => PlatformKind::SagemakerAsync,
    };
    let mut imported = crate::aws::import::import_for(files, base_dir, kind)?;
    imported.spec.cooldown_clock = files.cooldown_clock;
    let mut issues = Issues::new();
    let mut agree = |path: &str, ours: Option<String>, theirs: String, what: &str| {
        if let Some(ours) = ours.filter(|o| *o != theirs) {
            issues.at(path).push(format!(
                "{ours} conflicts with {what} {theirs} in {}; remove it from the scenario",
                files.register_scalable_target
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
    match (&imported.target, &raw.platform) {
        (ScalableTarget::InferenceComponent { name }, RawPlatform::SagemakerRealtime(rt)) => agree(
            "platform.inference_component_name",
            rt.inference_component_name.clone(),
            name.clone(),
            "the inference component of ResourceId",
        ),
        _ => agree(
            "endpoint.name",
            raw.endpoint.name.clone(),
            imported.endpoint_name.clone(),
            "the endpoint of ResourceId",
        ),
    }
    issues
        .finish()
        .map(|_| imported)
        .map_err(|e| e.in_file(file))
}

/// The scenario as validation reads it: the raw sections, with the values an `aws_cli_json`
/// import decides (capacity bounds, the scalable target's names, the policy) taken from
/// the import.
#[derive(Clone, Copy)]
pub struct Resolved<'a> {
    /// The scenario as written (with `--set` overrides).
    pub raw: &'a RawScenario,
    /// What the `aws_cli_json` files say, when the policy is `aws_cli_json`.
    pub imported: Option<&'a Imported>,
}

impl<'a> Resolved<'a> {
    /// `capacity.min`: MinCapacity of the JSON, else as written.
    pub fn capacity_min(&self) -> Option<u32> {
        self.imported
            .map(|i| i.min_capacity)
            .or(self.raw.capacity.min)
    }

    /// `capacity.max`: MaxCapacity of the JSON, else as written.
    pub fn capacity_max(&self) -> Option<u32> {
        self.imported
            .map(|i| i.max_capacity)
            .or(self.raw.capacity.max)
    }

    /// `endpoint.name`: the endpoint of an imported variant's ResourceId, else as written.
    pub fn endpoint_name(&self) -> Option<&'a str> {
        match self.imported.map(|i| &i.target) {
            Some(ScalableTarget::Variant { endpoint, .. }) => Some(endpoint),
            _ => self.raw.endpoint.name.as_deref(),
        }
    }

    /// `endpoint.variant_name`: the variant of an imported ResourceId, else as written.
    pub fn variant_name(&self) -> &'a str {
        match self.imported.map(|i| &i.target) {
            Some(ScalableTarget::Variant { variant, .. }) => variant,
            _ => &self.raw.endpoint.variant_name,
        }
    }

    /// `platform.inference_component_name` of a real-time endpoint: the inference
    /// component of an imported ResourceId, else as written.
    pub fn inference_component_name(&self) -> Option<&'a str> {
        let RawPlatform::SagemakerRealtime(rt) = &self.raw.platform else {
            return None;
        };
        match self.imported.map(|i| &i.target) {
            Some(ScalableTarget::InferenceComponent { name }) => Some(name),
            _ => rt.inference_component_name.as_deref(),
        }
    }

    /// The Application Auto Scaling policy: written in TOML, or imported from the JSON.
    pub fn aas_spec(&self) -> Option<&'a AasSpec> {
        match (&self.raw.policy, self.imported) {
            (PolicySpec::ApplicationAutoScaling(spec), _) => Some(spec),
            (PolicySpec::AwsCliJson(_), Some(imported)) => Some(&imported.spec),
            _ => None,
        }
    }
}
