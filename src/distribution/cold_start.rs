//! Cold-start model.
//!
//! Owns how long a newly launched instance takes to become InService: a sequence of
//! optional stages — provisioning, image pull, model load, container start (+ health
//! check) — whose durations add up ([`ColdStartSpec`] as written, [`ColdStart`] ready to
//! sample). Stages are always drawn in that fixed order from the cold-start stream, so two
//! policies on the same seed see the same sequence of cold starts.
//!
//! The image pull is either any [`DistSpec`] or `image_size_gb ÷ bandwidth_mb_per_s`
//! ([`ImageTransfer`]), so a user can ask "what if the image were smaller?".

use super::{field_path, Dist, DistSpec, MAX_DURATION_SECS};
use crate::error::{BuildError, Issue};
use crate::rng::SimRng;
use crate::time::{Duration, SimDuration};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::path::Path;

/// The stages of a cold start as written in a scenario (`[cold_start]`). A missing stage
/// takes no time; when the whole table is absent the scenario uses
/// [`ColdStartSpec::default`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColdStartSpec {
    /// Acquiring the machine/accelerator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning: Option<DistSpec>,
    /// Pulling the container image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull: Option<ImagePullSpec>,
    /// Loading model weights into memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_load: Option<DistSpec>,
    /// Container start plus health check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_start: Option<DistSpec>,
}

impl Default for ColdStartSpec {
    /// The project default: a deterministic 10-minute cold start, split as provisioning
    /// 2m + image pull 5m + model load 3m. Conservative for large GPU images (tens of GB);
    /// measure and override it for your endpoint.
    fn default() -> ColdStartSpec {
        let fixed = |s: f64| DistSpec::Deterministic {
            value: Duration::from_secs(s),
        };
        ColdStartSpec {
            provisioning: Some(fixed(120.0)),
            image_pull: Some(ImagePullSpec::Dist(fixed(300.0))),
            model_load: Some(fixed(180.0)),
            container_start: None,
        }
    }
}

/// How long the image pull takes.
///
/// Serialized untagged; deserialized by a custom rule so that errors name the bad field:
/// a table with `kind` is a [`DistSpec`] (`{ kind = "deterministic", value = "5m" }`), a
/// table with `image_size_gb`/`bandwidth_mb_per_s`/`jitter_cv` is an [`ImageTransfer`]
/// (`{ image_size_gb = 15.7, bandwidth_mb_per_s = 50.0 }`); anything else is an error
/// showing both forms.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum ImagePullSpec {
    /// Any distribution of durations.
    Dist(DistSpec),
    /// Image size ÷ download bandwidth.
    Transfer(ImageTransfer),
}

/// An image pull computed from the image size and the download bandwidth:
/// time = `image_size_gb × 1000 ÷ bandwidth_mb_per_s` seconds (1 GB = 1000 MB), fixed, or
/// lognormal around that mean when `jitter_cv` > 0.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageTransfer {
    /// Compressed image size in GB (10⁹ bytes), > 0.
    pub image_size_gb: f64,
    /// Effective download bandwidth in MB/s (10⁶ bytes per second), > 0.
    pub bandwidth_mb_per_s: f64,
    /// Coefficient of variation of the pull time (lognormal), >= 0; absent or 0 = fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter_cv: Option<f64>,
}

const TRANSFER_FIELDS: [&str; 3] = ["image_size_gb", "bandwidth_mb_per_s", "jitter_cv"];

impl<'de> Deserialize<'de> for ImagePullSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ImagePullSpec, D::Error> {
        let value = toml::Value::deserialize(d)?;
        let toml::Value::Table(table) = &value else {
            return Err(D::Error::custom(format!(
                "image_pull must be a table, found {}; write {} or {}",
                value.type_str(),
                r#"{ kind = "deterministic", value = "5m" }"#,
                "{ image_size_gb = 15.7, bandwidth_mb_per_s = 50.0 }"
            )));
        };
        let msg = |e: toml::de::Error| D::Error::custom(e.message().to_string());
        if table.contains_key("kind") {
            DistSpec::deserialize(value)
                .map(ImagePullSpec::Dist)
                .map_err(msg)
        } else if TRANSFER_FIELDS.iter().any(|f| table.contains_key(*f)) {
            ImageTransfer::deserialize(value)
                .map(ImagePullSpec::Transfer)
                .map_err(msg)
        } else {
            let found: Vec<String> = table.keys().map(|k| format!("`{k}`")).collect();
            Err(D::Error::custom(format!(
                "image_pull needs either `kind` (a distribution, e.g. {}) or `image_size_gb` and \
                 `bandwidth_mb_per_s` (e.g. {}); found {}",
                r#"{ kind = "deterministic", value = "5m" }"#,
                "{ image_size_gb = 15.7, bandwidth_mb_per_s = 50.0 }",
                if found.is_empty() {
                    "an empty table".to_string()
                } else {
                    found.join(", ")
                }
            )))
        }
    }
}

impl ImageTransfer {
    /// Every problem with the values, paths prefixed by `path`.
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        let positive = |issues: &mut Vec<Issue>, field: &str, v: f64, unit: &str| {
            let problem = if v.is_nan() {
                "is NaN".to_string()
            } else if v.is_infinite() {
                "is infinite".to_string()
            } else if v <= 0.0 {
                format!("is {v}")
            } else {
                return;
            };
            issues.push(Issue::new(
                field_path(path, field),
                format!("{problem}; allowed: a finite number of {unit} > 0"),
            ));
        };
        positive(&mut issues, "image_size_gb", self.image_size_gb, "GB");
        positive(
            &mut issues,
            "bandwidth_mb_per_s",
            self.bandwidth_mb_per_s,
            "MB/s",
        );
        if let Some(cv) = self.jitter_cv {
            if !(cv.is_finite() && cv >= 0.0) {
                issues.push(Issue::new(
                    field_path(path, "jitter_cv"),
                    format!("is {cv}; allowed: a finite number >= 0 (0 or absent = no jitter)"),
                ));
            }
        }
        let mean = self.mean_secs();
        if issues.is_empty() && (mean.is_nan() || mean > MAX_DURATION_SECS) {
            issues.push(Issue::new(
                field_path(path, "image_size_gb"),
                format!("image_size_gb / bandwidth_mb_per_s is too large (limit {MAX_DURATION_SECS:e} s)"),
            ));
        }
        issues
    }

    /// The mean pull time in seconds: size × 1000 ÷ bandwidth.
    pub fn mean_secs(&self) -> f64 {
        self.image_size_gb * 1000.0 / self.bandwidth_mb_per_s
    }

    /// The equivalent distribution: deterministic, or lognormal with `jitter_cv`.
    pub fn to_dist_spec(&self) -> DistSpec {
        let mean = Duration::from_secs(self.mean_secs());
        match self.jitter_cv {
            Some(cv) if cv > 0.0 => DistSpec::Lognormal { mean, cv },
            _ => DistSpec::Deterministic { value: mean },
        }
    }
}

impl ImagePullSpec {
    /// Every problem with the values, paths prefixed by `path` (e.g.
    /// `"cold_start.image_pull"`). Does not read empirical files.
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        match self {
            ImagePullSpec::Dist(d) => d.validate(path),
            ImagePullSpec::Transfer(t) => t.validate(path),
        }
    }

    /// The equivalent distribution spec.
    pub fn to_dist_spec(&self) -> DistSpec {
        match self {
            ImagePullSpec::Dist(d) => d.clone(),
            ImagePullSpec::Transfer(t) => t.to_dist_spec(),
        }
    }
}

/// A validated cold-start model, ready to sample. Clone is cheap.
#[derive(Debug, Clone)]
pub struct ColdStart {
    /// Configured stages in their fixed order.
    stages: Vec<(&'static str, Dist)>,
}

impl ColdStart {
    /// Validate every stage (collecting every [`Issue`], paths prefixed by `path`, e.g.
    /// `"cold_start"` → `"cold_start.image_pull.bandwidth_mb_per_s"`) and load empirical
    /// files relative to `base_dir`.
    pub fn build(
        spec: &ColdStartSpec,
        path: &str,
        base_dir: &Path,
    ) -> Result<ColdStart, BuildError> {
        let pull = spec.image_pull.as_ref();
        let named: [(&'static str, Option<DistSpec>); 4] = [
            ("provisioning", spec.provisioning.clone()),
            ("image_pull", pull.map(ImagePullSpec::to_dist_spec)),
            ("model_load", spec.model_load.clone()),
            ("container_start", spec.container_start.clone()),
        ];
        let mut issues = Vec::new();
        for (name, stage) in &named {
            let stage_path = field_path(path, name);
            match (*name, pull) {
                ("image_pull", Some(p)) => issues.extend(p.validate(&stage_path)),
                _ => issues.extend(stage.iter().flat_map(|s| s.validate(&stage_path))),
            }
        }
        if !issues.is_empty() {
            return Err(BuildError::Invalid(issues));
        }
        let mut stages = Vec::new();
        for (name, stage) in named {
            if let Some(s) = stage {
                stages.push((name, Dist::build(&s, &field_path(path, name), base_dir)?));
            }
        }
        Ok(ColdStart { stages })
    }

    /// One cold-start duration: the sum of one draw per configured stage, drawn in the
    /// fixed order provisioning, image pull, model load, container start. No allocation.
    pub fn sample(&self, rng: &mut SimRng) -> SimDuration {
        self.stages
            .iter()
            .fold(SimDuration::ZERO, |total, (_, d)| total + d.sample(rng))
    }

    /// Mean total cold start, in seconds.
    pub fn mean_secs(&self) -> f64 {
        self.stages.iter().map(|(_, d)| d.mean_secs()).sum()
    }

    /// (stage name, mean in seconds) of each configured stage, in order, for reports.
    pub fn stage_means(&self) -> Vec<(&'static str, f64)> {
        self.stages
            .iter()
            .map(|(n, d)| (*n, d.mean_secs()))
            .collect()
    }
}

#[cfg(test)]
#[path = "cold_start_tests.rs"]
mod tests;
