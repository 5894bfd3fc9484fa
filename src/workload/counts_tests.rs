//! Unit tests of the `counts` arrival kind: the uniform and Poisson spreads, bad counts as
//! row errors, overlapping rows and spec issues, date-time rows with an origin.

use super::*;
use crate::error::InputError;
use crate::rng::{stream_rng, Stream};
use crate::workload::csvfile::test_util;
use crate::workload::{ArrivalModel, ArrivalSpec};
use std::path::Path;

fn spec(file: &str, spread: Spread) -> CountsSpec {
    CountsSpec {
        path: file.into(),
        time_column: "minute".into(),
        count_column: "n".into(),
        time_format: "offset_s".into(),
        interval: Duration(60.0),
        spread,
        origin: None,
    }
}

fn build(dir: &Path, spec: &CountsSpec) -> Result<(ArrivalModel, Vec<String>), BuildError> {
    let ctx = LoadContext {
        base_dir: dir,
        service_columns: None,
    };
    ArrivalModel::build(&ArrivalSpec::Counts(spec.clone()), "a", &ctx)
}

fn run(model: &ArrivalModel, seed: u64) -> Vec<SimTime> {
    let mut rng = stream_rng(seed, Stream::Arrivals, 0);
    let mut s = model.stream();
    std::iter::from_fn(|| s.next_arrival(&mut rng).map(|a| a.time)).collect()
}

#[test]
fn uniform_spread_gives_exactly_n_per_interval() {
    // Unsorted on purpose; 120 s has no row (no requests), 180 s has a count of 0.
    let d = test_util::dir_with("c.csv", "minute,n\n60,12.0\n0,5\n180,0\n240,3000\n");
    let (model, warnings) = build(d.path(), &spec("c.csv", Spread::Uniform)).unwrap();
    assert_eq!(warnings.len(), 1);
    // The last interval is [240 s, 300 s): no arrival at 300 s or later.
    assert_eq!(
        model.last_time(),
        Some(SimTime(SimTime::from_secs(300).0 - 1))
    );
    assert!((model.mean_rate_per_s() - 3017.0 / 300.0).abs() < 1e-12);
    let times = run(&model, 1);
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let per = |lo: u64| {
        times
            .iter()
            .filter(|t| (lo * 60..lo * 60 + 60).contains(&(t.0 / 1_000_000)))
            .count()
    };
    assert_eq!(
        [per(0), per(1), per(2), per(3), per(4)],
        [5, 12, 0, 0, 3000]
    );
    // The 3000 positions are uniform on the interval: mean 30 s ± 4σ, σ = 60/√(12·3000).
    let mean = times[17..]
        .iter()
        .map(|t| t.as_secs_f64() - 240.0)
        .sum::<f64>()
        / 3000.0;
    assert!(
        (mean - 30.0).abs() < 4.0 * 60.0 / (12.0f64 * 3000.0).sqrt(),
        "{mean}"
    );
    assert!(times[17..]
        .iter()
        .all(|t| t.0 >= 240_000_000 && t.0 <= 300_000_000));
}

#[test]
fn poisson_spread_has_mean_n() {
    let mut csv = String::from("minute,n\n");
    for k in 0..2000 {
        csv.push_str(&format!("{},50\n", 60 * k));
    }
    let d = test_util::dir_with("c.csv", &csv);
    let (model, _) = build(d.path(), &spec("c.csv", Spread::Poisson)).unwrap();
    let times = run(&model, 2);
    // Total ~ Poisson(2000 × 50): 4σ = 4·√100000.
    let n = times.len() as f64;
    assert!((n - 100_000.0).abs() < 4.0 * 100_000f64.sqrt(), "{n}");
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    // Not exactly 50 per interval.
    let first = times.iter().filter(|t| t.0 < 60_000_000).count();
    let second = times
        .iter()
        .filter(|t| (60_000_000..120_000_000).contains(&t.0))
        .count();
    assert!(first != 50 || second != 50);
}

#[test]
fn bad_counts_are_row_errors() {
    for (bad, line) in [("-3", 3), ("NaN", 3), ("1.5", 3), ("", 3)] {
        let d = test_util::dir_with("c.csv", &format!("minute,n\n0,1\n60,{bad}\n"));
        match build(d.path(), &spec("c.csv", Spread::Uniform)) {
            Err(BuildError::Input(InputError::Row {
                row,
                field,
                message,
                ..
            })) => {
                assert_eq!((row, field.as_deref()), (line, Some("n")), "{bad}");
                assert!(message.contains("non-negative whole number"), "{message}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn overlapping_rows_and_spec_issues() {
    let d = test_util::dir_with("c.csv", "minute,n\n0,1\n30,1\n");
    match build(d.path(), &spec("c.csv", Spread::Uniform)) {
        Err(BuildError::Input(InputError::Row { row: 3, .. })) => {}
        other => panic!("{other:?}"),
    }
    let mut s = spec("c.csv", Spread::Uniform);
    s.interval = Duration(0.0);
    s.count_column = String::new();
    let Err(BuildError::Invalid(issues)) = build(d.path(), &s) else {
        panic!()
    };
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["a.count_column", "a.interval"]);
}

#[test]
fn datetime_rows_with_origin() {
    let d = test_util::dir_with(
        "c.csv",
        "minute,n\n2024-01-01 00:01:00,2\n2024-01-01 00:02:00,1\n",
    );
    let mut s = spec("c.csv", Spread::Uniform);
    s.time_format = "%Y-%m-%d %H:%M:%S".into();
    s.origin = Some("2024-01-01 00:00:00".into());
    let (model, _) = build(d.path(), &s).unwrap();
    let times = run(&model, 3);
    assert_eq!(times.len(), 3);
    assert!(times[0].0 >= 60_000_000 && times[2].0 >= 120_000_000 && times[2].0 <= 180_000_000);
}
