//! The latency CDF, cost-vs-p99 and hourly charts for one and three runs.

use super::*;

#[test]
fn latency_cdf_for_one_and_three_curves() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let curves: Vec<LatencyCurve> = NAMES
            .iter()
            .take(n)
            .zip([1_000, 10_000, 100_000])
            .map(|(name, scale)| latency(name, scale))
            .collect();
        for format in FORMATS {
            let path = dir.path().join(format!("cdf-{n}.{}", format.extension()));
            latency_cdf(&curves, &path, format).expect("cdf");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert!(svg.contains(&escaped(name)), "legend {name}");
            }
            assert_eq!(svg.matches(&text("latency (s)")).count(), 2);
            assert!(svg.contains("fraction of requests ≤ x"));
            assert!(svg.contains("share of requests slower than x"));
            // Each variant's percentiles in the legend strip; guide lines in the tail.
            assert_eq!(svg.matches(" · p99.9 ").count(), n);
            for guide in ["p50", "p99", "p99.9"] {
                assert_eq!(svg.matches(&text(guide)).count(), 1, "{guide}");
            }
            for rgb in ["#1F77B4", "#FF7F0E", "#2CA02C"].iter().take(n) {
                assert_eq!(polylines_in(&svg, rgb), 3, "body, tail and legend in {rgb}");
            }
            // 5000 requests: the tail goes down to 10⁻⁴.
            assert!(svg.contains(&text("0.001")));
        }
    }
}

#[test]
fn cost_vs_p99_for_one_and_three_points() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let points: Vec<CostPoint> = NAMES
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, name)| CostPoint {
                name: name.to_string(),
                cost_usd: 3.0 + 10.0 * i as f64,
                p99_s: 600.0 / (1.0 + i as f64),
                lost_share: Some(if i == 1 { 0.23 } else { 0.0 }),
            })
            .collect();
        for format in FORMATS {
            let path = dir
                .path()
                .join(format!("scatter-{n}.{}", format.extension()));
            cost_vs_p99(&points, &path, format).expect("scatter");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert!(svg.contains(&escaped(name)), "label {name}");
            }
            assert!(svg.contains("p99 latency (s)") && svg.contains("cost (USD)"));
            // A losing variant: a red ring and its loss in the label.
            let losing = n > 1;
            assert_eq!(svg.matches("<circle").count(), n + usize::from(losing));
            assert_eq!(
                svg.matches(r##"stroke="#D62728""##).count(),
                usize::from(losing)
            );
            assert_eq!(svg.contains("p99 5m00s, 23 % lost)"), losing);
        }
    }
}

#[test]
fn hourly_chart_for_one_and_three_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let runs = runs(n, 600);
        let refs: Vec<&RunSeries> = runs.iter().collect();
        for format in FORMATS {
            let path = dir
                .path()
                .join(format!("hourly-{n}.{}", format.extension()));
            hourly_chart(&refs, &path, format).expect("hourly");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert_eq!(svg.matches(&escaped(name)).count(), 2, "legend {name}");
            }
            for label in ["cost (USD/h)", "requests (per h)"] {
                assert!(svg.contains(label), "{label}");
            }
            assert_eq!(svg.matches("time (h)").count(), 2);
            // Two panels, each run once in the plot and once in the legend.
            for rgb in ["#1F77B4", "#FF7F0E", "#2CA02C"].iter().take(n) {
                assert_eq!(polylines_in(&svg, rgb), 4, "lines in {rgb}");
            }
        }
    }
}
