//! Unit tests of the `trace` arrival kind: timestamp formats, epoch origin and speed-up,
//! unsorted and empty traces, bad rows and missing columns, spec issues, and per-row
//! service times from [`super::ServiceColumns`].

use super::*;
use crate::error::InputError;
use crate::workload::csvfile::test_util::{dir_with, row_error};
use crate::workload::{ArrivalModel, ArrivalSpec};
use std::path::Path;

fn spec(file: &str, column: &str, format: Option<&str>) -> TraceSpec {
    TraceSpec {
        path: file.into(),
        time_column: column.into(),
        time_format: format.map_or_else(default_time_format, str::to_string),
        origin: None,
        speedup: None,
    }
}

fn load(
    dir: &Path,
    spec: &TraceSpec,
    cols: Option<&ServiceColumns>,
) -> Result<(Vec<super::super::Arrival>, Vec<String>), BuildError> {
    let ctx = LoadContext {
        base_dir: dir,
        service_columns: cols,
    };
    let (model, warnings) = ArrivalModel::build(&ArrivalSpec::Trace(spec.clone()), "a", &ctx)?;
    let mut rng = crate::rng::stream_rng(0, crate::rng::Stream::Arrivals, 0);
    let mut s = model.stream();
    let arrivals = std::iter::from_fn(|| s.next_arrival(&mut rng)).collect();
    Ok((arrivals, warnings))
}

fn times(dir: &Path, spec: &TraceSpec) -> Vec<u64> {
    let (arrivals, _) = load(dir, spec, None).unwrap();
    arrivals.iter().map(|a| a.time.0).collect()
}

#[test]
fn default_format_with_seven_fraction_digits() {
    let d = dir_with(
        "t.csv",
        "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03.9799600,4808\n\
         2023-11-16 18:17:04.0319600,3180\n2023-11-16 18:17:05,1\n",
    );
    assert_eq!(
        times(d.path(), &spec("t.csv", "TIMESTAMP", None)),
        [0, 52_000, 1_020_040]
    );
}

#[test]
fn epoch_formats_origin_and_speedup() {
    let d = dir_with("e.csv", "t\n1700000010.5\n1700000012\n");
    let mut s = spec("e.csv", "t", Some("epoch_s"));
    assert_eq!(times(d.path(), &s), [0, 1_500_000]);
    let ctx = LoadContext {
        base_dir: d.path(),
        service_columns: None,
    };
    let (m, _) = ArrivalModel::build(&ArrivalSpec::Trace(s.clone()), "a", &ctx).unwrap();
    assert_eq!(
        (m.mean_rate_per_s(), m.last_time()),
        (2.0 / 1.5, Some(SimTime(1_500_000)))
    );
    s.origin = Some("1700000000".into());
    assert_eq!(times(d.path(), &s), [10_500_000, 12_000_000]);
    s.speedup = Some(2.0);
    assert_eq!(times(d.path(), &s), [5_250_000, 6_000_000]);
    s.origin = Some("1700000011".into());
    let (row, field, message) = row_error(load(d.path(), &s, None).unwrap_err());
    assert_eq!((row, field.as_deref()), (2, Some("t")));
    assert!(message.contains("before the origin"), "{message}");

    let d = dir_with("m.csv", "ms\n1700000000250\n1700000001000\n");
    assert_eq!(
        times(d.path(), &spec("m.csv", "ms", Some("epoch_ms"))),
        [0, 750_000]
    );
    let d = dir_with("o.csv", "at\n2.5\n7\n");
    assert_eq!(
        times(d.path(), &spec("o.csv", "at", Some("offset_s"))),
        [2_500_000, 7_000_000]
    );
}

#[test]
fn unsorted_rows_are_sorted_with_a_warning() {
    let d = dir_with("u.csv", "t,n\n5,a\n3,b\n9,c\n3,d\n");
    let s = spec("u.csv", "t", Some("offset_s"));
    let cols = ServiceColumns {
        base_s: 0.0,
        per_unit_s: vec![],
    };
    let (arrivals, warnings) = load(d.path(), &s, Some(&cols)).unwrap();
    let t: Vec<u64> = arrivals.iter().map(|a| a.time.0 / 1_000_000).collect();
    assert_eq!(t, [3, 3, 5, 9]);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("2 row(s)") && warnings[0].contains("line 3"),
        "{warnings:?}"
    );
}

#[test]
fn empty_trace_is_an_error() {
    let d = dir_with("h.csv", "TIMESTAMP,ContextTokens\n");
    let (row, _, message) =
        row_error(load(d.path(), &spec("h.csv", "TIMESTAMP", None), None).unwrap_err());
    assert_eq!(row, 1);
    assert!(message.contains("no data rows"), "{message}");
    let d = dir_with("z.csv", "");
    assert!(load(d.path(), &spec("z.csv", "TIMESTAMP", None), None).is_err());
}

#[test]
fn bad_row_names_line_and_field() {
    let d = dir_with(
        "b.csv",
        "TIMESTAMP,x\n2023-11-16 18:17:03.1,1\n\n2023-13-16 18:17:04,2\n",
    );
    let (row, field, message) =
        row_error(load(d.path(), &spec("b.csv", "TIMESTAMP", None), None).unwrap_err());
    assert_eq!(row, 4, "blank line 3 still counts");
    assert_eq!(field.as_deref(), Some("TIMESTAMP"));
    assert!(
        message.starts_with("not a time in format \"%Y-%m-%d %H:%M:%S%.f\": \"2023-13-16"),
        "{message}"
    );
}

#[test]
fn missing_column_lists_columns() {
    let d = dir_with("c.csv", "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03,1\n");
    let (row, field, message) =
        row_error(load(d.path(), &spec("c.csv", "time", None), None).unwrap_err());
    assert_eq!((row, field.as_deref()), (1, Some("time")));
    assert!(
        message.contains("\"TIMESTAMP\", \"ContextTokens\""),
        "{message}"
    );
    let e = load(d.path(), &spec("nope.csv", "t", None), None).unwrap_err();
    assert!(
        matches!(e, BuildError::Input(InputError::Read { .. })),
        "{e:?}"
    );
}

#[test]
fn spec_issues_are_collected() {
    let mut s = spec("", "", Some("%Q"));
    s.speedup = Some(0.0);
    let Err(BuildError::Invalid(issues)) = load(Path::new("."), &s, None) else {
        panic!("expected issues")
    };
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        ["a.path", "a.time_column", "a.time_format", "a.speedup"]
    );
    let mut s = spec("x.csv", "t", Some("offset_s"));
    s.origin = Some("0".into());
    assert!(matches!(
        load(Path::new("."), &s, None),
        Err(BuildError::Invalid(_))
    ));
}

#[test]
fn service_columns_give_exact_per_row_service() {
    let d = dir_with("s.csv", "t,ctx,gen\n0,1000,10\n1,0,0\n2,2500,4\n");
    let s = spec("s.csv", "t", Some("offset_s"));
    let cols = ServiceColumns {
        base_s: 0.25,
        per_unit_s: vec![("ctx".into(), 0.0001), ("gen".into(), 0.02)],
    };
    let (arrivals, _) = load(d.path(), &s, Some(&cols)).unwrap();
    let services: Vec<Option<u64>> = arrivals.iter().map(|a| a.service.map(|d| d.0)).collect();
    assert_eq!(services, [Some(550_000), Some(250_000), Some(580_000)]);

    let d = dir_with("s.csv", "t,ctx,gen\n0,1000,10\n1,lots,0\n");
    let (row, field, _) = row_error(load(d.path(), &s, Some(&cols)).unwrap_err());
    assert_eq!((row, field.as_deref()), (3, Some("ctx")));
    let neg = ServiceColumns {
        base_s: -1.0,
        per_unit_s: vec![("gen".into(), 0.01)],
    };
    let (row, field, message) = row_error(load(d.path(), &s, Some(&neg)).unwrap_err());
    assert_eq!((row, field), (2, None));
    assert!(message.contains(">= 0"), "{message}");
    let missing = ServiceColumns {
        base_s: 0.0,
        per_unit_s: vec![("tokens".into(), 1.0)],
    };
    let (row, field, _) = row_error(load(d.path(), &s, Some(&missing)).unwrap_err());
    assert_eq!((row, field.as_deref()), (1, Some("tokens")));
}
