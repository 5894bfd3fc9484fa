//! Nothing to draw and an unwritable destination are errors, degenerate data draws without
//! panicking, and the chart formats' names and extensions.

use super::*;

#[test]
fn nothing_to_draw_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.svg");
    let svg = ChartFormat::Svg;
    assert!(matches!(
        timeline(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(matches!(
        hourly_chart(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(matches!(
        latency_cdf(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(matches!(
        cost_vs_p99(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(!path.exists());
}

#[test]
fn degenerate_data_draws_without_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = RunSeries::new("empty");
    let zeros = {
        let mut s = run("zeros", 0, 0);
        for m in 0..30 {
            s.time_s.push(f64::from(m) * 60.0);
            for v in [
                &mut s.backlog,
                &mut s.desired,
                &mut s.pending,
                &mut s.in_service,
                &mut s.arrivals,
                &mut s.cost_usd,
            ] {
                v.push(0.0);
            }
        }
        s
    };
    let single = run("single", 1, 0);
    let curves = [
        LatencyCurve {
            name: "no requests".into(),
            points: Vec::new(),
            count: 0,
            p50_s: 0.0,
            p99_s: 0.0,
            p999_s: 0.0,
        },
        LatencyCurve {
            name: "zero latency".into(),
            points: vec![(0.0, 0.5), (1e-6, 1.0)],
            count: 2,
            p50_s: 0.0,
            p99_s: 1e-6,
            p999_s: 1e-6,
        },
        LatencyCurve {
            name: "one value".into(),
            points: vec![(2.0, 1.0)],
            count: 1,
            p50_s: 2.0,
            p99_s: f64::NAN,
            p999_s: f64::INFINITY,
        },
    ];
    let points = [
        CostPoint {
            name: "zero".into(),
            cost_usd: 0.0,
            p99_s: 0.0,
            lost_share: Some(f64::NAN),
        },
        CostPoint {
            name: "nan".into(),
            cost_usd: f64::NAN,
            p99_s: f64::INFINITY,
            lost_share: Some(f64::NAN),
        },
        CostPoint {
            name: "negative".into(),
            cost_usd: -1.0,
            p99_s: -2.0,
            lost_share: Some(f64::NAN),
        },
    ];
    for format in FORMATS {
        let ext = format.extension();
        for (i, set) in [
            vec![&empty],
            vec![&zeros],
            vec![&single],
            vec![&empty, &single],
        ]
        .iter()
        .enumerate()
        {
            let path = dir.path().join(format!("timeline-{i}.{ext}"));
            timeline(set, &path, format).expect("degenerate timeline draws");
            check_file(&path, format);
            let path = dir.path().join(format!("hourly-{i}.{ext}"));
            hourly_chart(set, &path, format).expect("degenerate hourly draws");
            check_file(&path, format);
        }
        for k in 0..curves.len() {
            let path = dir.path().join(format!("cdf-{k}.{ext}"));
            latency_cdf(&curves[k..=k], &path, format).expect("degenerate cdf draws");
            check_file(&path, format);
        }
        let path = dir.path().join(format!("cdf-all.{ext}"));
        latency_cdf(&curves, &path, format).expect("degenerate cdfs draw");
        let path = dir.path().join(format!("scatter.{ext}"));
        cost_vs_p99(&points, &path, format).expect("degenerate scatter draws");
        check_file(&path, format);
    }
}

#[test]
fn unwritable_destination_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run("r", 10, 0);
    for format in FORMATS {
        let path = dir
            .path()
            .join("missing")
            .join(format!("t.{}", format.extension()));
        assert!(timeline(&[&r], &path, format).is_err());
    }
}

#[test]
fn format_names_and_extensions() {
    use clap::ValueEnum;
    assert_eq!(ChartFormat::default(), ChartFormat::Svg);
    assert_eq!(ChartFormat::Svg.extension(), "svg");
    assert_eq!(ChartFormat::Png.extension(), "png");
    assert_eq!(ChartFormat::from_str("png", true), Ok(ChartFormat::Png));
    assert_eq!(
        serde_json::to_string(&ChartFormat::Png).ok().as_deref(),
        Some("\"png\"")
    );
    let back: Result<ChartFormat, _> = serde_json::from_str("\"svg\"");
    assert_eq!(back.ok(), Some(ChartFormat::Svg));
}
