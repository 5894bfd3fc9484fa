//! Random durations.
//!
//! Owns how a scenario writes a positive random duration ([`DistSpec`], a TOML inline
//! table such as `{ kind = "lognormal", mean = "2s", cv = 0.5 }`), its validation, and the
//! validated, ready-to-sample form ([`Dist`]). Submodules own the sample-file loader
//! ([`empirical`]), the service-time spec ([`ServiceSpec`]) and the cold-start model
//! ([`ColdStart`]).
//!
//! Every duration here is written with units (`"2s"`, `"5m"`) and sampled as whole
//! microseconds ([`SimDuration`]); the conversion from seconds rounds to the nearest
//! microsecond (see [`crate::time`]). Sampling never allocates and consumes a fixed number
//! of draws per kind (deterministic: none; exponential, uniform, empirical: one;
//! lognormal: one normal; gamma: a rejection loop), so a stream's draws depend only on the
//! spec and the seed.

pub mod cold_start;
pub mod empirical;
pub mod service;

pub use cold_start::{ColdStart, ColdStartSpec, ImagePullSpec, ImageTransfer};
pub use service::ServiceSpec;

use crate::error::{BuildError, Issue};
use crate::rng::SimRng;
use crate::time::{Duration, SimDuration, MICROS_PER_SEC};
use rand::RngExt;
use rand_distr::{Distribution, Exp1, Gamma, LogNormal};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The longest duration, in seconds, that any spec may ask for: the largest span a
/// [`SimDuration`] (u64 microseconds) can hold, about 584,000 years.
pub const MAX_DURATION_SECS: f64 = u64::MAX as f64 / MICROS_PER_SEC as f64;

/// A positive random duration as written in a scenario (TOML inline table); every
/// duration is a string with units (`"2s"`, `"5m"`, `"250ms"`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    /// Always `value` (>= 0).
    Deterministic {
        /// The fixed duration.
        value: Duration,
    },
    /// Exponential with mean `mean` (> 0); coefficient of variation 1.
    Exponential {
        /// Mean duration.
        mean: Duration,
    },
    /// Lognormal with mean `mean` (> 0) and coefficient of variation `cv` (> 0):
    /// `σ² = ln(1 + cv²)`, `μ = ln(mean in s) − σ²/2`.
    Lognormal {
        /// Mean duration.
        mean: Duration,
        /// Coefficient of variation (standard deviation ÷ mean), dimensionless, > 0.
        cv: f64,
    },
    /// Gamma with mean `mean` (> 0) and coefficient of variation `cv` (> 0):
    /// `shape = 1/cv²`, `scale = mean·cv²` seconds.
    Gamma {
        /// Mean duration.
        mean: Duration,
        /// Coefficient of variation (standard deviation ÷ mean), dimensionless, > 0.
        cv: f64,
    },
    /// Uniform on `[min, max]`, `0 <= min <= max`.
    Uniform {
        /// Smallest duration.
        min: Duration,
        /// Largest duration.
        max: Duration,
    },
    /// Resampled uniformly with replacement (bootstrap) from a file of seconds; see
    /// [`empirical::load_samples`] for the file format.
    Empirical {
        /// The samples file, relative to the scenario file's directory.
        path: String,
        /// The CSV column to use; the file then has a header line.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
}

/// `prefix.field`, or just `field` when `prefix` is empty.
pub(crate) fn field_path(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// Whether a duration must be strictly positive or may be zero.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Bound {
    /// `> 0`
    Positive,
    /// `>= 0`
    NonNegative,
}

/// Check that a duration is finite, within the representable range and obeys `bound`.
pub(crate) fn check_duration(issues: &mut Vec<Issue>, path: String, d: Duration, bound: Bound) {
    let s = d.secs();
    let allowed = match bound {
        Bound::Positive => "a finite duration > 0 with a unit, e.g. \"2s\"",
        Bound::NonNegative => "a finite duration >= 0 with a unit, e.g. \"2s\"",
    };
    let problem = if s.is_nan() {
        Some("is NaN".to_string())
    } else if s.is_infinite() {
        Some(format!("is {s} seconds (infinite)"))
    } else if s < 0.0 {
        Some(format!("is negative ({s} s)"))
    } else if s == 0.0 && bound == Bound::Positive {
        Some("is zero".to_string())
    } else if s > MAX_DURATION_SECS {
        Some(format!(
            "is too large ({s:e} s, limit {MAX_DURATION_SECS:e} s)"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        issues.push(Issue::new(path, format!("{problem}; allowed: {allowed}")));
    }
}

/// Check a coefficient of variation: finite and > 0 (0 suggests `deterministic`).
fn check_cv(issues: &mut Vec<Issue>, path: String, cv: f64, mean: Duration) {
    const ALLOWED: &str = "a finite number > 0 (standard deviation / mean), e.g. 0.5";
    if cv.is_nan() {
        issues.push(Issue::new(path, format!("is NaN; allowed: {ALLOWED}")));
    } else if cv.is_infinite() {
        issues.push(Issue::new(path, format!("is infinite; allowed: {ALLOWED}")));
    } else if cv == 0.0 {
        let value = if mean.secs().is_finite() && mean.secs() > 0.0 {
            mean.to_string()
        } else {
            "2s".to_string()
        };
        issues.push(Issue::new(
            path,
            format!(
                "is 0, which means no variation; for a fixed duration write \
                 {{ kind = \"deterministic\", value = \"{value}\" }} instead"
            ),
        ));
    } else if cv < 0.0 {
        issues.push(Issue::new(
            path,
            format!("is negative ({cv}); allowed: {ALLOWED}"),
        ));
    }
}

impl DistSpec {
    /// Every problem with the values of this spec, each with its path prefixed by `path`
    /// (e.g. `"service"` gives `"service.cv"`). Does not read empirical files.
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        let p = |f: &str| field_path(path, f);
        match self {
            DistSpec::Deterministic { value } => {
                check_duration(&mut issues, p("value"), *value, Bound::NonNegative)
            }
            DistSpec::Exponential { mean } => {
                check_duration(&mut issues, p("mean"), *mean, Bound::Positive)
            }
            DistSpec::Lognormal { mean, cv } | DistSpec::Gamma { mean, cv } => {
                check_duration(&mut issues, p("mean"), *mean, Bound::Positive);
                check_cv(&mut issues, p("cv"), *cv, *mean);
            }
            DistSpec::Uniform { min, max } => {
                let before = issues.len();
                check_duration(&mut issues, p("min"), *min, Bound::NonNegative);
                check_duration(&mut issues, p("max"), *max, Bound::NonNegative);
                if issues.len() == before && min.secs() > max.secs() {
                    issues.push(Issue::new(
                        p("min"),
                        format!(
                            "min ({min}) is greater than max ({max}); allowed: 0 <= min <= max"
                        ),
                    ));
                }
            }
            DistSpec::Empirical { path: file, column } => {
                if file.trim().is_empty() {
                    issues.push(Issue::new(
                        p("path"),
                        "is empty; name a file of samples in seconds, relative to the scenario file",
                    ));
                }
                if let Some(c) = column {
                    if c.trim().is_empty() {
                        issues.push(Issue::new(
                            p("column"),
                            "is empty; name a column of the file's header, or omit `column` for a one-column file",
                        ));
                    }
                }
            }
        }
        issues
    }
}

/// Bootstrap samples, shared between clones. Debug prints only the count.
#[derive(Clone)]
struct Samples(Arc<[SimDuration]>);

impl fmt::Debug for Samples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Samples(n = {})", self.0.len())
    }
}

/// The ready-to-sample form of each kind, parameters in seconds.
#[derive(Debug, Clone)]
enum Kind {
    Fixed(SimDuration),
    Exponential {
        mean_s: f64,
    },
    Lognormal(LogNormal<f64>),
    Gamma(Gamma<f64>),
    Uniform {
        min_s: f64,
        width_s: f64,
    },
    /// Never empty (the loader rejects empty files).
    Empirical(Samples),
}

/// A validated distribution of durations, ready to sample. Clone is cheap (empirical
/// samples are shared behind an `Arc`).
#[derive(Debug, Clone)]
pub struct Dist {
    kind: Kind,
    /// Mean in seconds.
    mean_s: f64,
    /// Coefficient of variation (sd / mean), dimensionless.
    cv: f64,
}

impl Dist {
    /// Validate `spec` (collecting every [`Issue`], paths prefixed by `path`, e.g.
    /// `"service"` → `"service.cv"`) and, for `empirical`, load the samples file relative
    /// to `base_dir` (an absolute path is used as is).
    pub fn build(spec: &DistSpec, path: &str, base_dir: &Path) -> Result<Dist, BuildError> {
        let issues = spec.validate(path);
        if !issues.is_empty() {
            return Err(BuildError::Invalid(issues));
        }
        // Constructor errors cannot happen after validation; report them as issues anyway.
        let ctor = |field: &str, e: &dyn fmt::Display| {
            BuildError::Invalid(vec![Issue::new(field_path(path, field), e.to_string())])
        };
        let dist = match spec {
            DistSpec::Deterministic { value } => Dist {
                kind: Kind::Fixed(value.to_sim()),
                mean_s: value.secs(),
                cv: 0.0,
            },
            DistSpec::Exponential { mean } => Dist {
                kind: Kind::Exponential {
                    mean_s: mean.secs(),
                },
                mean_s: mean.secs(),
                cv: 1.0,
            },
            DistSpec::Lognormal { mean, cv } => {
                let sigma2 = (cv * cv).ln_1p();
                let mu = mean.secs().ln() - sigma2 / 2.0;
                let d = LogNormal::new(mu, sigma2.sqrt()).map_err(|e| ctor("cv", &e))?;
                Dist {
                    kind: Kind::Lognormal(d),
                    mean_s: mean.secs(),
                    cv: *cv,
                }
            }
            DistSpec::Gamma { mean, cv } => {
                let cv2 = cv * cv;
                let d = Gamma::new(1.0 / cv2, mean.secs() * cv2).map_err(|e| ctor("cv", &e))?;
                Dist {
                    kind: Kind::Gamma(d),
                    mean_s: mean.secs(),
                    cv: *cv,
                }
            }
            DistSpec::Uniform { min, max } => {
                let (a, b) = (min.secs(), max.secs());
                let mean_s = (a + b) / 2.0;
                let sd = (b - a) / 12f64.sqrt();
                Dist {
                    kind: Kind::Uniform {
                        min_s: a,
                        width_s: b - a,
                    },
                    mean_s,
                    cv: if mean_s > 0.0 { sd / mean_s } else { 0.0 },
                }
            }
            DistSpec::Empirical { path: file, column } => {
                let secs = empirical::load_samples(&base_dir.join(file), column.as_deref())?;
                Dist::from_sample_secs(&secs)
            }
        };
        Ok(dist)
    }

    /// Bootstrap distribution over `secs` (non-empty, validated by the loader).
    fn from_sample_secs(secs: &[f64]) -> Dist {
        let ticks: Arc<[SimDuration]> = secs
            .iter()
            .map(|&s| SimDuration::from_secs_f64(s))
            .collect();
        // Moments of exactly what is sampled (the rounded values), population form.
        let n = ticks.len().max(1) as f64;
        let mean_s = ticks.iter().map(|t| t.as_secs_f64()).sum::<f64>() / n;
        let var = ticks
            .iter()
            .map(|t| (t.as_secs_f64() - mean_s).powi(2))
            .sum::<f64>()
            / n;
        Dist {
            kind: Kind::Empirical(Samples(ticks)),
            mean_s,
            cv: if mean_s > 0.0 {
                var.sqrt() / mean_s
            } else {
                0.0
            },
        }
    }

    /// One duration, rounded to the nearest microsecond. Hot path: no allocation. The two
    /// commonest kinds are inlined at the call; the others are one call away.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> SimDuration {
        match &self.kind {
            Kind::Fixed(d) => *d,
            Kind::Exponential { mean_s } => {
                let e: f64 = Exp1.sample(rng);
                SimDuration::from_secs_f64(mean_s * e)
            }
            _ => self.sample_other(rng),
        }
    }

    /// [`Dist::sample`] for the kinds other than fixed and exponential.
    #[inline(never)]
    fn sample_other(&self, rng: &mut SimRng) -> SimDuration {
        match &self.kind {
            Kind::Fixed(_) | Kind::Exponential { .. } => self.sample(rng),
            Kind::Lognormal(d) => SimDuration::from_secs_f64(d.sample(rng)),
            Kind::Gamma(d) => SimDuration::from_secs_f64(d.sample(rng)),
            Kind::Uniform { min_s, width_s } => {
                let u: f64 = rng.random();
                SimDuration::from_secs_f64(min_s + width_s * u)
            }
            Kind::Empirical(Samples(s)) => {
                let i = rng.random_range(0..s.len());
                s[i]
            }
        }
    }

    /// The mean, in seconds (for empirical: the mean of the file's values as sampled).
    pub fn mean_secs(&self) -> f64 {
        self.mean_s
    }

    /// The coefficient of variation (standard deviation ÷ mean), dimensionless; 0 for
    /// deterministic and for a distribution whose mean is 0.
    pub fn cv(&self) -> f64 {
        self.cv
    }
}

#[cfg(test)]
pub(crate) mod tests;
