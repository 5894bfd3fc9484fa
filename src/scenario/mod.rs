//! Scenario files: load, override, validate, normalise.
//!
//! A scenario is a TOML file (see the README's scenario reference). The input flows one
//! way, through four stages:
//!
//! 1. **Parse** (once): text → `--set` overrides → [`raw::RawScenario`] (syntax, unknown
//!    fields, types; errors carry line and column). Each section's raw form lives with its
//!    validator ([`endpoint`], [`capacity`], [`metrics`], [`policy`], `crate::workload`,
//!    `crate::aws::spec`).
//! 2. **Import**: a `[policy] kind = "aws_cli_json"` reads its JSON files into a separate
//!    [`crate::aws::import::Imported`] ([`aws_import`]); the raw scenario is not changed.
//! 3. **Validate**: [`validate::validate`] reads the raw scenario and the import through
//!    [`aws_import::Resolved`] and builds the engine's [`SimConfig`] and the
//!    [`PolicyConfig`]; every issue goes to one [`crate::error::Issues`] collector and gets
//!    the line and column of its field when the field is in the file.
//! 4. **Normalise**: [`normalise::normalised`] builds the document `scalesim validate`
//!    prints from the raw scenario and the validated values.

pub mod aws_import;
pub mod capacity;
pub mod endpoint;
pub mod locate;
pub mod metrics;
pub mod normalise;
pub mod overrides;
pub mod platform;
pub mod policy;
pub mod raw;
pub mod sizing;
pub mod validate;
pub mod variants;

use crate::error::{BuildError, InputError, Issue};
use crate::policy::ScalingPolicy;
use crate::sim::SimConfig;
use aws_import::Resolved;
pub use policy::PolicyConfig;
use raw::{PolicySpec, RawScenario};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file it came from.
    pub file: PathBuf,
    /// The normalised scenario ([`normalise::normalised`]): as written, with overrides
    /// applied and defaults, imported values and the validated capacity filled in. Built
    /// after validation for output; validation never reads it.
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
        self.policy.build()
    }

    /// Whether the scenario runs on a SageMaker platform, so that its scaling has an AWS
    /// CLI form (`export-aws`, a sweep's `recommended-aws/`).
    pub fn has_aws_scaling(&self) -> bool {
        matches!(
            self.sim.endpoint.platform.kind(),
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
            self.sim.endpoint.platform.kind(),
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
    let raw = parse(text, file, overrides)?;
    build(raw, text, file, base_dir, overrides)
}

/// Import, validate and normalise `raw`, parsed from `text` (read from `file`) with
/// `overrides` applied; issues get the line and column of their field in `text`.
fn build(
    raw: RawScenario,
    text: &str,
    file: &Path,
    base_dir: &Path,
    overrides: &[String],
) -> Result<Scenario, InputError> {
    let name = raw.name.clone().unwrap_or_else(|| {
        file.file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned())
    });
    let imported = match &raw.policy {
        PolicySpec::AwsCliJson(files) => Some(aws_import::import(&raw, files, file, base_dir)?),
        _ => None,
    };
    let resolved = Resolved {
        raw: &raw,
        imported: imported.as_ref(),
    };
    let validated = validate::validate(resolved, &name, base_dir).map_err(|e| match e {
        BuildError::Input(e) => e,
        BuildError::Invalid(issues) => InputError::Invalid {
            file: file.to_path_buf(),
            issues: locate_issues(issues, text, overrides),
        },
    })?;
    let mut warnings = imported
        .as_ref()
        .map_or_else(Vec::new, |i| i.warnings.clone());
    warnings.extend(validated.warnings);
    warnings.extend(sizing::capacity_warning(&validated.sim));
    Ok(Scenario {
        file: file.to_path_buf(),
        raw: normalise::normalised(resolved, &name, &validated.sim),
        sim: validated.sim,
        policy: validated.policy,
        warnings,
    })
}

/// [`from_text`] for a document already parsed from `text` and with `overrides` applied
/// (a variant of `scalesim compare`), so that the text is not parsed again.
pub(crate) fn from_document(
    doc: toml::Table,
    text: &str,
    file: &Path,
    base_dir: &Path,
    overrides: &[String],
) -> Result<Scenario, InputError> {
    let raw = from_overridden(doc, file, overrides)?;
    build(raw, text, file, base_dir, overrides)
}

/// Parse `text` (read from `file`) once into the raw scenario, applying `overrides` to the
/// parsed document. Syntax errors carry the line and column; errors in overridden values
/// name the overrides instead.
fn parse(text: &str, file: &Path, overrides: &[String]) -> Result<RawScenario, InputError> {
    let syntax = |e: toml::de::Error| {
        let (line, column) = e.span().map_or((1, 1), |s| locate::line_col(text, s.start));
        InputError::Syntax {
            file: file.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    };
    if overrides.is_empty() {
        return toml::from_str(text).map_err(syntax);
    }
    let mut doc: toml::Table = toml::from_str(text).map_err(syntax)?;
    for o in overrides {
        overrides::apply(&mut doc, o)?;
    }
    from_overridden(doc, file, overrides)
}

/// The raw scenario of `doc`, a document of `file` with `overrides` applied.
fn from_overridden(
    doc: toml::Table,
    file: &Path,
    overrides: &[String],
) -> Result<RawScenario, InputError> {
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
    })
}

/// `issues` with the line and column of their field in `text`, except for fields set with
/// `--set` (they are not where the file says).
fn locate_issues(mut issues: Vec<Issue>, text: &str, overrides: &[String]) -> Vec<Issue> {
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
    issues
}
