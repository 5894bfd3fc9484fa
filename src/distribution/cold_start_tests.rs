//! Unit tests of the cold-start model: its phases, validation and sampling.

use super::super::tests::secs;
use super::*;
use crate::rng::{stream_rng, Stream};

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct W {
    cold_start: ColdStartSpec,
}

fn parse(text: &str) -> Result<ColdStartSpec, String> {
    toml::from_str::<W>(text)
        .map(|w| w.cold_start)
        .map_err(|e| e.to_string())
}

fn build(spec: &ColdStartSpec) -> ColdStart {
    ColdStart::build(spec, "cold_start", Path::new(".")).unwrap()
}

#[test]
fn default_is_ten_minutes_exactly() {
    let c = build(&ColdStartSpec::default());
    let mut rng = stream_rng(3, Stream::ColdStart, 0);
    for _ in 0..10 {
        assert_eq!(c.sample(&mut rng), SimDuration::from_mins(10));
    }
    assert_eq!(c.mean_secs(), 600.0);
    assert_eq!(
        c.stage_means(),
        [
            ("provisioning", 120.0),
            ("image_pull", 300.0),
            ("model_load", 180.0)
        ]
    );
}

#[test]
fn deterministic_stage_sum_is_exact() {
    let spec = parse(
        r#"[cold_start]
        provisioning = { kind = "deterministic", value = "1m30s" }
        image_pull = { kind = "deterministic", value = "250ms" }
        model_load = { kind = "deterministic", value = "2m" }
        container_start = { kind = "deterministic", value = "12.5s" }
        "#,
    )
    .unwrap();
    let c = build(&spec);
    let mut rng = stream_rng(4, Stream::ColdStart, 0);
    assert_eq!(
        c.sample(&mut rng),
        SimDuration(90_000_000 + 250_000 + 120_000_000 + 12_500_000)
    );
    assert_eq!(c.mean_secs(), 90.0 + 0.25 + 120.0 + 12.5);
}

#[test]
fn image_size_over_bandwidth_is_exact() {
    let spec = parse(
        r#"[cold_start]
        image_pull = { image_size_gb = 15.7, bandwidth_mb_per_s = 50.0 }"#,
    )
    .unwrap();
    assert_eq!(
        spec.image_pull,
        Some(ImagePullSpec::Transfer(ImageTransfer {
            image_size_gb: 15.7,
            bandwidth_mb_per_s: 50.0,
            jitter_cv: None
        }))
    );
    let c = build(&spec);
    let mut rng = stream_rng(5, Stream::ColdStart, 0);
    assert_eq!(c.sample(&mut rng), SimDuration::from_secs(314));
    assert_eq!(c.stage_means(), [("image_pull", 314.0)]);
}

#[test]
fn image_pull_jitter_is_lognormal_around_the_transfer_time() {
    let spec = parse(
        r#"[cold_start]
        image_pull = { image_size_gb = 15.7, bandwidth_mb_per_s = 50.0, jitter_cv = 0.2 }"#,
    )
    .unwrap();
    assert_eq!(
        spec.image_pull.as_ref().map(ImagePullSpec::to_dist_spec),
        Some(DistSpec::Lognormal {
            mean: secs(314.0),
            cv: 0.2
        })
    );
    let c = build(&spec);
    let n = 200_000;
    let mut rng = stream_rng(6, Stream::ColdStart, 0);
    let mean = (0..n)
        .map(|_| c.sample(&mut rng).as_secs_f64())
        .sum::<f64>()
        / n as f64;
    let tol = 4.0 * 0.2 * 314.0 / (n as f64).sqrt();
    assert!((mean - 314.0).abs() < tol, "mean {mean}, tol {tol}");
}

#[test]
fn toml_round_trip_both_image_pull_forms() {
    for text in [
        r#"[cold_start]
        provisioning = { kind = "exponential", mean = "2m" }
        image_pull = { kind = "deterministic", value = "5m" }
        model_load = { kind = "lognormal", mean = "3m", cv = 0.3 }
        container_start = { kind = "uniform", min = "10s", max = "30s" }"#,
        r#"[cold_start]
        image_pull = { image_size_gb = 15.7, bandwidth_mb_per_s = 50.0, jitter_cv = 0.2 }"#,
    ] {
        let w: W = toml::from_str(text).unwrap();
        let back: W = toml::from_str(&toml::to_string(&w).unwrap()).unwrap();
        assert_eq!(back, w);
    }
    let w = W {
        cold_start: ColdStartSpec::default(),
    };
    let back: W = toml::from_str(&toml::to_string(&w).unwrap()).unwrap();
    assert_eq!(back, w);
}

#[test]
fn unknown_fields_are_named() {
    let e = parse(
        r#"[cold_start]
        image_pull = { image_size_gb = 15.7, bandwidth = 50.0 }"#,
    )
    .unwrap_err();
    assert!(e.contains("unknown field `bandwidth`"), "{e}");
    assert!(e.contains("bandwidth_mb_per_s"), "{e}");

    let e = parse(
        r#"[cold_start]
        image_pull = { kind = "deterministic", value = "5m", cv = 0.1 }"#,
    )
    .unwrap_err();
    assert!(e.contains("unknown field `cv`"), "{e}");

    let e = parse(
        r#"[cold_start]
        image_pull = { mean = "5m" }"#,
    )
    .unwrap_err();
    assert!(
        e.contains("needs either `kind`") && e.contains("found `mean`"),
        "{e}"
    );

    let e = parse(
        r#"[cold_start]
        warmup = { kind = "deterministic", value = "5m" }"#,
    )
    .unwrap_err();
    assert!(e.contains("unknown field `warmup`"), "{e}");
}

#[test]
fn every_stage_issue_is_collected() {
    let spec = ColdStartSpec {
        provisioning: Some(DistSpec::Exponential { mean: secs(-1.0) }),
        image_pull: Some(ImagePullSpec::Transfer(ImageTransfer {
            image_size_gb: 15.7,
            bandwidth_mb_per_s: 0.0,
            jitter_cv: Some(f64::NAN),
        })),
        model_load: Some(DistSpec::Gamma {
            mean: secs(60.0),
            cv: 0.0,
        }),
        container_start: None,
    };
    let Err(BuildError::Invalid(issues)) = ColdStart::build(&spec, "cold_start", Path::new("."))
    else {
        panic!("expected issues")
    };
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "cold_start.provisioning.mean",
            "cold_start.image_pull.bandwidth_mb_per_s",
            "cold_start.image_pull.jitter_cv",
            "cold_start.model_load.cv",
        ]
    );
    assert!(issues[1].message.contains("> 0"));
    assert!(issues[3].message.contains("deterministic"));
}

#[test]
fn empty_table_is_no_cold_start() {
    let c = build(&parse("[cold_start]").unwrap());
    let mut rng = stream_rng(7, Stream::ColdStart, 0);
    assert_eq!(c.sample(&mut rng), SimDuration::ZERO);
    assert!(c.stage_means().is_empty());
}
