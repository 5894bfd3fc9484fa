//! The trace, counts and empirical-sample readers on random and mostly valid CSV files (odd
//! cells, byte-order marks, CRLF, missing final newline): they load or refuse the file and
//! never panic, and the arrivals they give never go back in time.

use super::config;
use crate::common::run_seed;
use proptest::prelude::*;
use scalesim::rng::{stream_rng, Stream};
use scalesim::scenario::from_text;
use scalesim::time::Duration;
use scalesim::workload::{ArrivalModel, ArrivalSpec, CountsSpec, LoadContext, Spread, TraceSpec};
use std::path::Path;

const CELLS: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "1.5",
    "  3 ",
    "1e308",
    "-1e308",
    "1e-300",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967296",
    "1700000000",
    "1700000000000",
    "2024-01-01 00:00:00",
    "2024-01-01 00:00:00.123456",
    "2024-02-30 00:00:00",
    "9999-12-31 23:59:59",
    "0000-01-01 00:00:00",
    "-262144-01-01 00:00:00",
    "+262143-12-31 23:59:59",
    "2024-01-01T00:00:00Z",
    "\"quoted, with comma\"",
    "\"unterminated",
    "a,b",
    "\u{feff}",
    "é",
];

const FORMATS: &[&str] = &[
    "epoch_s",
    "epoch_ms",
    "epoch_us",
    "offset_s",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%s",
    "%Y",
    "",
    "%",
    "%Q",
];

#[derive(Debug, Clone)]
struct Csv {
    bom: bool,
    crlf: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    trailing_newline: bool,
}

fn csv_strategy() -> impl Strategy<Value = Csv> {
    let name = prop_oneof![
        4 => prop::sample::select(vec!["t", "n", "x", "", "T"]).prop_map(str::to_string),
        1 => "[a-zA-Z \"]{0,4}",
    ];
    let cell = prop_oneof![
        4 => prop::sample::select(CELLS).prop_map(str::to_string),
        1 => "[0-9.eE+-]{0,22}",
        1 => ".{0,8}",
    ];
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(name, 0..4),
        prop::collection::vec(prop::collection::vec(cell, 0..4), 0..12),
        any::<bool>(),
    )
        .prop_map(|(bom, crlf, header, rows, trailing_newline)| Csv {
            bom,
            crlf,
            header,
            rows,
            trailing_newline,
        })
}

/// A time cell in `format` for `k` seconds after 2024-01-01 (or as an offset).
fn time_cell(format: &str, k: u64) -> String {
    let (d, r) = (k / 86_400, k % 86_400);
    let (h, m, sec) = (r / 3600, (r / 60) % 60, r % 60);
    match format {
        "epoch_s" => format!("{}", 1_704_067_200 + k),
        "epoch_ms" => format!("{}", (1_704_067_200 + k) * 1000),
        "epoch_us" => format!("{}", (1_704_067_200 + k) * 1_000_000),
        "offset_s" => format!("{}.25", k),
        "%Y-%m-%dT%H:%M:%SZ" => format!("2024-01-{:02}T{h:02}:{m:02}:{sec:02}Z", 1 + d % 28),
        _ => format!("2024-01-{:02} {h:02}:{m:02}:{sec:02}", 1 + d % 28),
    }
}

/// A mostly valid file: header with `t` and `n`, rows of times in `format` and counts, with
/// now and then one cell replaced by something odd. Also fits `empirical` (column `t` or `n`).
fn structured_csv() -> impl Strategy<Value = (Csv, &'static str)> {
    let row = (
        0u64..200_000,
        prop_oneof![9 => 0u64..50, 1 => Just(u64::MAX)],
        prop_oneof![
            15 => Just(None),
            1 => (0usize..3, prop::sample::select(CELLS)).prop_map(Some),
        ],
    );
    (
        prop::sample::select(&FORMATS[..7]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(row, 1..40),
        any::<bool>(),
    )
        .prop_map(|(format, bom, crlf, extra, rows, trailing_newline)| {
            let mut header = vec!["t".to_string(), "n".to_string()];
            if extra {
                header.insert(1, "x".into());
            }
            let rows = rows
                .into_iter()
                .map(|(k, n, odd)| {
                    let mut r = vec![time_cell(format, k), n.to_string()];
                    if extra {
                        r.insert(1, "tokens".into());
                    }
                    if let Some((i, cell)) = odd {
                        let i = i % r.len();
                        r[i] = cell.to_string();
                    }
                    r
                })
                .collect();
            let csv = Csv {
                bom,
                crlf,
                header,
                rows,
                trailing_newline,
            };
            (csv, format)
        })
}

/// A random or a structured file, with its time format.
fn any_csv() -> impl Strategy<Value = (Csv, &'static str)> {
    prop_oneof![
        (csv_strategy(), prop::sample::select(FORMATS)),
        structured_csv(),
    ]
}

fn render_csv(c: &Csv) -> String {
    let eol = if c.crlf { "\r\n" } else { "\n" };
    let mut lines = vec![c.header.join(",")];
    lines.extend(c.rows.iter().map(|r| r.join(",")));
    let mut s = if c.bom {
        "\u{feff}".to_string()
    } else {
        String::new()
    };
    s += &lines.join(eol);
    if c.trailing_newline {
        s += eol;
    }
    s
}

/// Build `spec` and draw a bounded number of arrivals from it.
fn build_and_stream(spec: &ArrivalSpec, dir: &Path) {
    let ctx = LoadContext {
        base_dir: dir,
        service_columns: None,
    };
    let built = ArrivalModel::build(spec, "arrivals[0]", &ctx);
    if let Ok((model, _warnings)) = built {
        let _ = model.mean_rate_per_s();
        let _ = model.last_time();
        let mut rng = stream_rng(1, Stream::Arrivals, 0);
        let mut stream = model.stream();
        let mut last = None;
        for _ in 0..2000 {
            let Some(a) = stream.next_arrival(&mut rng) else {
                break;
            };
            assert!(last.is_none_or(|l| a.time >= l), "arrival times decrease");
            last = Some(a.time);
        }
    }
}

fn opt_cell() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        8 => Just(None),
        1 => prop::sample::select(CELLS).prop_map(|c| Some(c.to_string())),
    ]
}

fn trace_spec(format: &str, origin: Option<String>, speedup: Option<f64>) -> ArrivalSpec {
    ArrivalSpec::Trace(TraceSpec {
        path: "f.csv".into(),
        time_column: "t".into(),
        time_format: format.into(),
        origin,
        speedup,
    })
}

proptest! {
    #![proptest_config(config(200, 0x7ace))]

    #[test]
    fn trace_reader_survives_random_csv(
        (csv, format) in any_csv(),
        origin in opt_cell(),
        speedup in prop_oneof![
            6 => Just(None),
            2 => prop::sample::select(vec![1.0, 3.5, 1e-3, 1e6]).prop_map(Some),
            1 => prop::sample::select(vec![0.0, -1.0, 1e-300, 1e300, f64::NAN, f64::INFINITY]).prop_map(Some),
        ],
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f.csv"), render_csv(&csv)).expect("write");
        build_and_stream(&trace_spec(format, origin, speedup), dir.path());
    }

    #[test]
    fn counts_reader_survives_random_csv(
        (csv, format) in any_csv(),
        origin in opt_cell(),
        interval in prop_oneof![
            6 => prop::sample::select(vec![60.0, 1.0, 3600.0, 0.5, 1e-6]),
            1 => prop::sample::select(vec![0.0, -1.0, 1e-9, 1e12, 1e300, f64::NAN]),
        ],
        poisson in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f.csv"), render_csv(&csv)).expect("write");
        let spec = ArrivalSpec::Counts(CountsSpec {
            path: "f.csv".into(),
            time_column: "t".into(),
            count_column: "n".into(),
            time_format: format.into(),
            interval: Duration::from_secs(interval),
            spread: if poisson { Spread::Poisson } else { Spread::Uniform },
            origin,
        });
        build_and_stream(&spec, dir.path());
    }

    #[test]
    fn empirical_samples_survive_random_files(
        (mut csv, _format) in any_csv(),
        column in prop::option::of(prop::sample::select(vec!["t", "n", "", "missing"])),
        single in any::<bool>(),
    ) {
        if single {
            // One value per line (the format without `column`): keep the last column.
            csv.header.truncate(csv.header.len().min(1));
            for r in &mut csv.rows {
                if let Some(last) = r.pop() {
                    *r = vec![last];
                }
            }
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f.csv"), render_csv(&csv)).expect("write");
        let column = column.map_or(String::new(), |c| format!("column = \"{c}\"\n"));
        let text = format!(
            "horizon = \"10m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.2\n\
             [service]\nkind = \"empirical\"\npath = \"f.csv\"\n{column}\
             [endpoint]\ninvocation_timeout = \"1h\"\n[endpoint.cold_start]\n\
             [capacity]\nmin = 1\nmax = 1\n"
        );
        if let Ok(sc) = from_text(&text, Path::new("fuzz.toml"), dir.path(), &[]) {
            // Whatever the samples, a short run completes and conserves requests.
            let _ = run_seed(&sc, 1);
        }
    }
}
