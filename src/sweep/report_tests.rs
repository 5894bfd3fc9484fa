//! Unit tests of the sweep's report.html: the frontier chart's data and the page without
//! an SLO.

use super::*;
use crate::sweep::slo::{recommend, Slo};
use crate::sweep::stats::MeanCi;

/// A three-point sweep over `capacity.min`, loaded from a temporary folder.
fn sweep() -> (tempfile::TempDir, Sweep) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("base.toml"), crate::sweep::tests::BASE).expect("base");
    let file = dir.path().join("s.toml");
    std::fs::write(
        &file,
        "base = \"base.toml\"\nreplications = 3\n[grid]\n\"capacity.min\" = [0, 1, 2]\n",
    )
    .expect("sweep");
    let s = crate::sweep::load(&file).expect("valid sweep");
    (dir, s)
}

fn figure(mean: f64, half: f64) -> MeanCi {
    MeanCi {
        n: 3,
        mean: Some(mean),
        lo: Some(mean - half),
        hi: Some(mean + half),
        measurement_error: 0.0,
    }
}

/// Point stats with the given cost and p99 (None: nothing completed), 90 of 100 done.
fn stats(point: usize, cost: f64, p99: Option<f64>) -> PointStats {
    let mut metrics = vec![MeanCi::default(); Metric::ALL.len()];
    metrics[Metric::CostUsd.position()] = figure(cost, 1.0);
    if let Some(p) = p99 {
        metrics[Metric::P99Latency.position()] = figure(p, 5.0);
        metrics[Metric::P99LatencyAll.position()] = figure(p, 5.0);
    }
    metrics[Metric::Arrived.position()] = figure(100.0, 0.0);
    metrics[Metric::Completed.position()] = figure(90.0, 0.0);
    PointStats {
        point,
        replications: 3,
        metrics,
    }
}

#[test]
fn frontier_chart_sorts_by_latency_marks_the_slo_and_leaves_out_points_without_latency() {
    let (_dir, sweep) = sweep();
    let all = vec![
        stats(0, 10.0, Some(100.0)),
        stats(1, 20.0, Some(50.0)),
        stats(2, 30.0, None),
    ];
    let slo: Slo = "p99<=60s".parse().expect("slo");
    let rec = recommend(&slo, &all);
    assert_eq!(rec.chosen, Some(1));
    let report = SweepReport {
        sweep: &sweep,
        stats: &all,
        frontier: &[0, 1],
        recommendation: Some(&rec),
        aws_written: false,
        charts: &[],
    };
    let set = frontier_charts(&report);
    let chart = &set.charts[0];
    let table = &chart.tables[0];
    assert_eq!(table.x.0, vec![50.0, 100.0], "by latency, point 2 left out");
    assert_eq!(
        chart.series_labels(),
        [
            "points (mean, 95% CI)",
            "Pareto frontier",
            "recommended for p99<=60s"
        ]
    );
    let err = table.series[0].err.as_ref().expect("whiskers");
    assert_eq!((err.x_lo.0[0], err.x_hi.0[0]), (45.0, 55.0));
    assert_eq!((err.y_lo.0[1], err.y_hi.0[1]), (9.0, 11.0));
    assert_eq!(table.series[0].y.0, vec![20.0, 10.0]);
    let best = &table.series[2].y.0;
    assert_eq!(best[0], 20.0);
    assert!(best[1].is_nan(), "only the recommended point");
    assert!(table.series[0].labels[0].starts_with("point 1 (capacity.min=1)"));
    assert!(table.series[0].labels[0].ends_with("90.0% completed"));
    assert_eq!(chart.marks.len(), 1);
    assert_eq!(chart.marks[0].value, 60.0);
    assert!(chart
        .hint
        .contains("1 point(s) without a completed request"));

    let (header, rows) = table_rows(&report);
    assert_eq!(header.last().map(String::as_str), Some("SLO"));
    let slo_col: Vec<&str> = rows.iter().map(|r| r[r.len() - 1].as_str()).collect();
    assert_eq!(slo_col, ["missed", "recommended", "missed"]);
    assert_eq!(rows[2][4], "n/a", "no latency for point 2");
    let html = sweep_page(&report).expect("page");
    assert!(html.contains("Recommended: point 1 (capacity.min=1)"));
    assert!(html.contains("data-chart=\"frontier\""));
}

#[test]
fn without_an_slo_the_page_says_how_to_get_a_recommendation() {
    let (_dir, sweep) = sweep();
    let all = vec![
        stats(0, 10.0, Some(100.0)),
        stats(1, 20.0, Some(50.0)),
        stats(2, 30.0, Some(40.0)),
    ];
    let report = SweepReport {
        sweep: &sweep,
        stats: &all,
        frontier: &[0, 1, 2],
        recommendation: None,
        aws_written: false,
        charts: &[],
    };
    let set = frontier_charts(&report);
    assert_eq!(
        set.charts[0].series_labels().len(),
        2,
        "no recommended series"
    );
    assert!(set.charts[0].marks.is_empty());
    let html = sweep_page(&report).expect("page");
    assert!(html.contains("No SLO was given"));
    assert!(!table_rows(&report).0.iter().any(|h| h == "SLO"));
}
