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

    /// One duration, rounded to the nearest microsecond. Hot path: no allocation.
    pub fn sample(&self, rng: &mut SimRng) -> SimDuration {
        match &self.kind {
            Kind::Fixed(d) => *d,
            Kind::Exponential { mean_s } => {
                let e: f64 = Exp1.sample(rng);
                SimDuration::from_secs_f64(mean_s * e)
            }
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
pub(crate) mod tests {
    use super::*;
    use crate::rng::{stream_rng, Stream};

    pub(crate) fn secs(s: f64) -> Duration {
        Duration::from_secs(s)
    }

    fn build(spec: DistSpec) -> Dist {
        Dist::build(&spec, "service", Path::new(".")).unwrap()
    }

    fn draws(d: &Dist, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = stream_rng(seed, Stream::Service, 0);
        (0..n).map(|_| d.sample(&mut rng).as_secs_f64()).collect()
    }

    fn mean_sd(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
        (m, v.sqrt())
    }

    /// Sample mean within 4 standard errors (σ/√n) of the true mean.
    fn assert_mean(x: &[f64], mean: f64, sd: f64) {
        let (m, _) = mean_sd(x);
        let tol = 4.0 * sd / (x.len() as f64).sqrt();
        assert!(
            (m - mean).abs() < tol,
            "sample mean {m} vs {mean} (tol {tol})"
        );
    }

    /// Sample CV within 4 standard errors of `cv`, for a distribution with the given
    /// kurtosis β = μ₄/σ⁴. Delta method: Var(s)/σ² ≈ (β−1)/(4n) and Var(x̄)/μ² = cv²/n;
    /// bounding |Δcv/cv| by the sum of the two relative errors (ignoring their
    /// correlation, which only makes the bound looser) gives
    /// SE(ĉv)/cv ≤ √((β−1)/(4n)) + cv/√n.
    fn assert_cv(x: &[f64], cv: f64, kurtosis: f64) {
        let n = x.len() as f64;
        let (m, s) = mean_sd(x);
        let rel_se = ((kurtosis - 1.0) / (4.0 * n)).sqrt() + cv / n.sqrt();
        let tol = 4.0 * rel_se * cv;
        assert!(
            (s / m - cv).abs() < tol,
            "sample cv {} vs {cv} (tol {tol})",
            s / m
        );
    }

    /// Kolmogorov–Smirnov statistic of `x` against the CDF `f`.
    fn ks(mut x: Vec<f64>, f: impl Fn(f64) -> f64) -> f64 {
        x.sort_by(f64::total_cmp);
        let n = x.len() as f64;
        x.iter()
            .enumerate()
            .map(|(i, &v)| {
                let c = f(v);
                (c - i as f64 / n).max((i + 1) as f64 / n - c)
            })
            .fold(0.0, f64::max)
    }

    const N: usize = 200_000;
    const N_KS: usize = 100_000;

    #[test]
    fn deterministic_is_exact_and_draws_nothing() {
        let d = build(DistSpec::Deterministic { value: secs(2.5) });
        let mut rng = stream_rng(1, Stream::Service, 0);
        let mut untouched = rng.clone();
        for _ in 0..100 {
            assert_eq!(d.sample(&mut rng), SimDuration(2_500_000));
        }
        assert_eq!(rng.random::<u64>(), untouched.random::<u64>());
        assert_eq!((d.mean_secs(), d.cv()), (2.5, 0.0));
        let zero = build(DistSpec::Deterministic { value: secs(0.0) });
        assert_eq!(zero.sample(&mut rng), SimDuration::ZERO);
    }

    #[test]
    fn exponential_mean() {
        let d = build(DistSpec::Exponential { mean: secs(2.0) });
        assert_eq!((d.mean_secs(), d.cv()), (2.0, 1.0));
        assert_mean(&draws(&d, N, 11), 2.0, 2.0);
    }

    #[test]
    fn lognormal_mean_and_cv() {
        for (mean, cv) in [(2.0, 0.5), (0.3, 1.5)] {
            let d = build(DistSpec::Lognormal {
                mean: secs(mean),
                cv,
            });
            assert_eq!((d.mean_secs(), d.cv()), (mean, cv));
            let x = draws(&d, N, 12);
            assert_mean(&x, mean, cv * mean);
            // Lognormal kurtosis with w = e^{σ²} = 1 + cv²: β = w⁴ + 2w³ + 3w² − 3.
            let w = 1.0 + cv * cv;
            if cv <= 0.5 {
                // For large cv the fourth moment is so heavy-tailed that the delta-method
                // SE is itself unreliable at n = 2e5; the mean check above still applies.
                assert_cv(&x, cv, w.powi(4) + 2.0 * w.powi(3) + 3.0 * w * w - 3.0);
            }
        }
    }

    #[test]
    fn gamma_mean_and_cv() {
        for (mean, cv) in [(2.0, 0.5), (10.0, 2.0), (1.0, 0.1)] {
            let d = build(DistSpec::Gamma {
                mean: secs(mean),
                cv,
            });
            assert_eq!((d.mean_secs(), d.cv()), (mean, cv));
            let x = draws(&d, N, 13);
            assert_mean(&x, mean, cv * mean);
            // Gamma with shape k = 1/cv²: excess kurtosis 6/k, so β = 3 + 6cv².
            assert_cv(&x, cv, 3.0 + 6.0 * cv * cv);
        }
    }

    #[test]
    fn uniform_mean_and_range() {
        let d = build(DistSpec::Uniform {
            min: secs(1.0),
            max: secs(3.0),
        });
        assert_eq!(d.mean_secs(), 2.0);
        assert!((d.cv() - (2.0 / 12f64.sqrt()) / 2.0).abs() < 1e-12);
        let x = draws(&d, N, 14);
        assert!(x.iter().all(|&v| (1.0..=3.0).contains(&v)));
        assert_mean(&x, 2.0, 2.0 / 12f64.sqrt());
        let point = build(DistSpec::Uniform {
            min: secs(4.0),
            max: secs(4.0),
        });
        assert!(draws(&point, 100, 1).iter().all(|&v| v == 4.0));
    }

    #[test]
    fn ks_exponential() {
        let mean = 3.0;
        let d = build(DistSpec::Exponential { mean: secs(mean) });
        let stat = ks(draws(&d, N_KS, 21), |x| 1.0 - (-x / mean).exp());
        let crit = 1.95 / (N_KS as f64).sqrt();
        assert!(
            stat < crit,
            "KS D = {stat}, critical {crit} at alpha = 0.001"
        );
    }

    #[test]
    fn ks_uniform() {
        let d = build(DistSpec::Uniform {
            min: secs(1.0),
            max: secs(3.0),
        });
        let stat = ks(draws(&d, N_KS, 22), |x| ((x - 1.0) / 2.0).clamp(0.0, 1.0));
        let crit = 1.95 / (N_KS as f64).sqrt();
        assert!(
            stat < crit,
            "KS D = {stat}, critical {crit} at alpha = 0.001"
        );
    }

    fn issues(spec: DistSpec) -> Vec<Issue> {
        match Dist::build(&spec, "service", Path::new(".")) {
            Err(BuildError::Invalid(i)) => i,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn nan_cv_is_rejected_with_what_is_allowed() {
        let i = issues(DistSpec::Lognormal {
            mean: secs(1.0),
            cv: f64::NAN,
        });
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].path, "service.cv");
        assert!(i[0].message.contains("NaN"), "{}", i[0].message);
        assert!(
            i[0].message.contains("finite number > 0"),
            "{}",
            i[0].message
        );
    }

    #[test]
    fn negative_mean_is_rejected() {
        let i = issues(DistSpec::Exponential { mean: secs(-1.0) });
        assert_eq!(i[0].path, "service.mean");
        assert!(i[0].message.contains("negative"), "{}", i[0].message);
        assert!(i[0].message.contains("> 0"), "{}", i[0].message);
        let i = issues(DistSpec::Gamma {
            mean: secs(0.0),
            cv: 1.0,
        });
        assert_eq!(i[0].path, "service.mean");
        assert!(i[0].message.contains("zero"), "{}", i[0].message);
    }

    #[test]
    fn min_greater_than_max_is_rejected() {
        let i = issues(DistSpec::Uniform {
            min: secs(5.0),
            max: secs(3.0),
        });
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].path, "service.min");
        assert!(
            i[0].message.contains("min (5s) is greater than max (3s)"),
            "{}",
            i[0].message
        );
    }

    #[test]
    fn zero_cv_suggests_deterministic() {
        let i = issues(DistSpec::Gamma {
            mean: secs(90.0),
            cv: 0.0,
        });
        assert_eq!(i[0].path, "service.cv");
        assert!(
            i[0].message
                .contains("kind = \"deterministic\", value = \"1m30s\""),
            "{}",
            i[0].message
        );
    }

    #[test]
    fn every_issue_is_collected() {
        let i = issues(DistSpec::Lognormal {
            mean: secs(f64::INFINITY),
            cv: -1.0,
        });
        let paths: Vec<&str> = i.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["service.mean", "service.cv"]);
        assert!(i[0].message.contains("infinite"));
        let i = issues(DistSpec::Deterministic {
            value: secs(f64::NAN),
        });
        assert_eq!(i[0].path, "service.value");
        assert!(i[0].message.contains("NaN") && i[0].message.contains(">= 0"));
        let text = BuildError::Invalid(i).to_string();
        assert!(
            text.starts_with("1 problem(s):\n  - service.value: is NaN"),
            "{text}"
        );
    }

    #[test]
    fn empty_prefix_gives_bare_field() {
        let spec = DistSpec::Exponential { mean: secs(0.0) };
        assert_eq!(spec.validate("")[0].path, "mean");
    }

    #[test]
    fn empirical_resampling_matches_file_moments() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let values: Vec<f64> = (1..=100).map(|i| 0.1 * i as f64).collect();
        let mut f = std::fs::File::create(dir.path().join("lat.csv")).unwrap();
        writeln!(f, "id,latency_s").unwrap();
        for (i, v) in values.iter().enumerate() {
            writeln!(f, "{i},{v}").unwrap();
        }
        drop(f);
        let spec = DistSpec::Empirical {
            path: "lat.csv".into(),
            column: Some("latency_s".into()),
        };
        // Relative to base_dir.
        let d = Dist::build(&spec, "service", dir.path()).unwrap();
        let (m, _) = mean_sd(&values);
        let sd = (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64).sqrt();
        assert!((d.mean_secs() - m).abs() < 1e-9, "{} vs {m}", d.mean_secs());
        assert!((d.cv() - sd / m).abs() < 1e-9);
        let x = draws(&d, N, 15);
        assert!(x
            .iter()
            .all(|v| values.iter().any(|w| (v - w).abs() < 1e-6)));
        assert_mean(&x, m, sd);
        let clone = d.clone();
        assert_eq!(format!("{clone:?}").matches("Samples(n = 100)").count(), 1);

        let missing = DistSpec::Empirical {
            path: "nope.csv".into(),
            column: None,
        };
        let e = Dist::build(&missing, "service", dir.path()).unwrap_err();
        assert!(
            matches!(e, BuildError::Input(crate::error::InputError::Read { .. })),
            "{e:?}"
        );
    }

    #[test]
    fn toml_forms_round_trip() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct W {
            d: DistSpec,
        }
        let forms = [
            (
                r#"d = { kind = "deterministic", value = "2s" }"#,
                DistSpec::Deterministic { value: secs(2.0) },
            ),
            (
                r#"d = { kind = "exponential", mean = "250ms" }"#,
                DistSpec::Exponential { mean: secs(0.25) },
            ),
            (
                r#"d = { kind = "lognormal", mean = "2s", cv = 0.5 }"#,
                DistSpec::Lognormal {
                    mean: secs(2.0),
                    cv: 0.5,
                },
            ),
            (
                r#"d = { kind = "gamma", mean = "1m", cv = 1 }"#,
                DistSpec::Gamma {
                    mean: secs(60.0),
                    cv: 1.0,
                },
            ),
            (
                r#"d = { kind = "uniform", min = "1s", max = "3s" }"#,
                DistSpec::Uniform {
                    min: secs(1.0),
                    max: secs(3.0),
                },
            ),
            (
                r#"d = { kind = "empirical", path = "s.csv" }"#,
                DistSpec::Empirical {
                    path: "s.csv".into(),
                    column: None,
                },
            ),
            (
                r#"d = { kind = "empirical", path = "s.csv", column = "latency" }"#,
                DistSpec::Empirical {
                    path: "s.csv".into(),
                    column: Some("latency".into()),
                },
            ),
        ];
        for (text, want) in forms {
            let w: W = toml::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(w.d, want, "{text}");
            let back: W = toml::from_str(&toml::to_string(&w).unwrap()).unwrap();
            assert_eq!(back, w);
        }
    }

    #[test]
    fn toml_unknown_field_and_kind_are_named() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct W {
            d: DistSpec,
        }
        let e = toml::from_str::<W>(r#"d = { kind = "exponential", mean = "2s", cv = 1.0 }"#)
            .unwrap_err();
        assert!(e.to_string().contains("unknown field `cv`"), "{e}");
        let e = toml::from_str::<W>(r#"d = { kind = "weibull", mean = "2s" }"#).unwrap_err();
        assert!(e.to_string().contains("weibull"), "{e}");
        let e = toml::from_str::<W>(r#"d = { kind = "exponential", mean = 2 }"#).unwrap_err();
        assert!(e.to_string().contains("\"2s\""), "{e}");
    }
}
