//! Unit tests of the distributions: specs, validation, sampling and their moments.

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
    let e =
        toml::from_str::<W>(r#"d = { kind = "exponential", mean = "2s", cv = 1.0 }"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `cv`"), "{e}");
    let e = toml::from_str::<W>(r#"d = { kind = "weibull", mean = "2s" }"#).unwrap_err();
    assert!(e.to_string().contains("weibull"), "{e}");
    let e = toml::from_str::<W>(r#"d = { kind = "exponential", mean = 2 }"#).unwrap_err();
    assert!(e.to_string().contains("\"2s\""), "{e}");
}
