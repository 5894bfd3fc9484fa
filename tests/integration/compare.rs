//! `scalesim compare` (and the charts and report of `scalesim run`) through the binary:
//! variants from the file and the command line, common random numbers, the comparison
//! files and their deltas, chart files in SVG and PNG, and a self-contained report.html.

use scalesim::report::html::escape;
use scalesim::scenario::variants::variant_scenarios;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{arg, run_fails, run_success, stderr, stdout};

/// A small scale-to-zero endpoint with three `[[variants]]`.
const SCENARIO: &str = include_str!("../fixtures/compare.toml");

const CHARTS: [&str; 4] = ["timeline", "latency_cdf", "cost_vs_p99", "hourly"];
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A temporary folder holding the test scenario (with `text`), and its path.
fn setup(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cmp.toml");
    std::fs::write(&file, text).expect("write scenario");
    (dir, file)
}

/// Run `scalesim args…`, assert it succeeded quietly and return its standard output.
fn ok(args: &[&str]) -> String {
    let o = run_success(args);
    let err = stderr(&o);
    assert!(
        err.lines()
            .all(|l| l.starts_with("note: ")
                || (l.starts_with("warning: ") && l.contains("were lost"))),
        "no progress bar or noise off a terminal: {err}"
    );
    stdout(&o)
}

/// Rows of a CSV file as header → cell maps, and the header.
fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// `(id, arrival_s)` of every request in a run folder's requests.csv, by id.
fn arrivals_by_id(run_dir: &Path) -> Vec<(u64, String)> {
    let (_, rows) = read_csv(&run_dir.join("requests.csv"));
    let mut v: Vec<(u64, String)> = rows
        .iter()
        .map(|r| (r["id"].parse().expect("id"), r["arrival_s"].clone()))
        .collect();
    v.sort();
    v
}

fn num(row: &BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

/// report.html loads nothing from outside itself: its only scripts are inline (the chart
/// data, uPlot and ours), and nothing in it fetches.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "href='http",
        "<link",
        "<script src",
        "@import",
        "url(",
        "<iframe",
        "fetch(",
        "xmlhttprequest",
        "import(",
    ] {
        assert!(!lower.contains(bad), "report.html contains {bad}");
    }
    let scripts: Vec<&str> = lower
        .match_indices("<script")
        .map(|(i, _)| &lower[i..i + lower[i..].find('>').unwrap_or(0) + 1])
        .collect();
    assert_eq!(
        scripts,
        [
            "<script type=\"application/json\" id=\"scalesim-charts\">",
            "<script>",
            "<script>"
        ],
        "the chart data, uPlot and report.js, all inline"
    );
    assert!(lower.contains("<style>"));
}

#[test]
fn file_variants_give_rows_deltas_charts_and_a_self_contained_report() {
    let (dir, file) = setup(SCENARIO);
    let out = dir.path().join("out");
    let stdout = ok(&["compare", arg(&file), "--out", arg(&out)]);
    for name in ["zero", "warm", "fixed", "baseline"] {
        assert!(stdout.contains(name), "{stdout}");
    }

    let (header, rows) = read_csv(&out.join("compare.csv"));
    assert_eq!(
        header,
        scalesim::report::compare::COMPARE_COLUMNS.to_vec(),
        "documented columns"
    );
    let names: Vec<&str> = rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(names, ["zero", "warm", "fixed"]);
    let base = &rows[0];
    for col in [
        "delta_cost_usd",
        "delta_cost_pct",
        "delta_p99_latency_s",
        "delta_p99_latency_pct",
    ] {
        assert_eq!(num(base, col), 0.0, "baseline {col}");
    }
    for r in &rows[1..] {
        let d_cost = num(r, "cost_usd") - num(base, "cost_usd");
        assert!((num(r, "delta_cost_usd") - d_cost).abs() < 1e-9);
        let pct = 100.0 * d_cost / num(base, "cost_usd");
        assert!((num(r, "delta_cost_pct") - pct).abs() < 1e-9);
        let d_p99 = num(r, "p99_latency_s") - num(base, "p99_latency_s");
        assert!((num(r, "delta_p99_latency_s") - d_p99).abs() < 1e-9);
        assert_eq!(r["arrived"], base["arrived"], "same arrivals");
    }
    assert!(
        num(&rows[2], "cost_usd") > num(base, "cost_usd"),
        "two always on cost more"
    );
    assert_eq!(num(&rows[2], "cold_start_waits"), 0.0);

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).expect("json"))
            .expect("valid JSON");
    let list = json.as_array().expect("a list of row objects");
    assert_eq!(list.len(), 3);
    for (obj, row) in list.iter().zip(&rows) {
        assert_eq!(obj["variant"], row["variant"].as_str());
        let cost = obj["cost_usd"].as_f64().expect("cost");
        assert!((cost - num(row, "cost_usd")).abs() <= 1e-12 * cost.abs());
        assert_eq!(obj.as_object().map(|o| o.len()), Some(header.len()));
    }

    for row in &rows {
        let vdir = out.join(&row["variant"]);
        for f in ["summary.json", "timeseries.csv", "activities.csv"] {
            assert!(vdir.join(f).is_file(), "{}/{f}", vdir.display());
        }
        let s: serde_json::Value =
            serde_json::from_slice(&std::fs::read(vdir.join("summary.json")).expect("summary"))
                .expect("summary JSON");
        assert_eq!(s["requests"]["arrived"].to_string(), row["arrived"]);
        let cost = s["cost_usd"].as_f64().expect("cost");
        assert!((cost - num(row, "cost_usd")).abs() <= 1e-12 * cost.abs());
    }

    for c in CHARTS {
        let svg = std::fs::read_to_string(out.join(format!("{c}.svg"))).expect("chart");
        assert!(svg.starts_with("<svg"), "{c}");
        assert!(!out.join(format!("{c}.png")).exists());
    }
    let timeline = std::fs::read_to_string(out.join("timeline.svg")).expect("timeline");
    for name in names {
        assert!(timeline.contains(name), "timeline panel {name}");
    }

    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert_self_contained(&html);
    assert_eq!(html.matches("<svg").count(), 4, "every chart inline");
    assert!(!html.contains("data:image/png"));
    for row in &rows {
        assert!(
            html.contains(&format!("${:.2}", num(row, "cost_usd"))),
            "{row:?}"
        );
    }
    assert!(html.contains(&escape("one <warm> instance & more")));
    assert!(!html.contains("one <warm>"), "text escaped");
    assert!(html.contains(env!("CARGO_PKG_VERSION")));
    let cmp = variant_scenarios(&file, &[], &[]).expect("variants");
    for v in &cmp.variants {
        assert!(
            html.contains(&escape(&v.scenario.to_toml())),
            "TOML of {}",
            v.name
        );
    }
}

#[test]
fn png_charts_are_embedded_as_data_uris() {
    let (dir, file) = setup(SCENARIO);
    let out = dir.path().join("out");
    ok(&[
        "compare",
        arg(&file),
        "--out",
        arg(&out),
        "--format",
        "png",
        "-q",
    ]);
    for c in CHARTS {
        let bytes = std::fs::read(out.join(format!("{c}.png"))).expect("png chart");
        assert!(bytes.starts_with(PNG_MAGIC), "{c}");
        assert!(!out.join(format!("{c}.svg")).exists());
    }
    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert_eq!(html.matches("data:image/png;base64,").count(), 4);
    assert!(!html.contains("<svg"));
    assert_self_contained(&html);
}

#[test]
fn command_line_variants_replace_the_files_and_keep_bracketed_commas() {
    let (dir, file) = setup(SCENARIO);
    let out = dir.path().join("out");
    let cold = r#"cold:endpoint.cold_start={ provisioning = { kind = "deterministic", value = "30s" }, model_load = { kind = "deterministic", value = "1m" } },capacity.max=3"#;
    let stdout = ok(&[
        "compare",
        arg(&file),
        "--out",
        arg(&out),
        "--variant",
        "plain",
        "--variant",
        cold,
        "--set",
        "horizon=\"3h\"",
    ]);
    assert!(!stdout.contains("warm"), "file variants replaced: {stdout}");
    let (_, rows) = read_csv(&out.join("compare.csv"));
    let names: Vec<&str> = rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(names, ["plain", "cold"]);
    assert_eq!(rows[0]["arrived"], rows[1]["arrived"]);
    assert!(!out.join("warm").exists());
    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(
        html.contains(&escape(r#"value = "30s" }"#)),
        "override shown"
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("cold/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(
        s["horizon_s"],
        3.0 * 3600.0,
        "--set applies to every variant"
    );
}

#[test]
fn every_variant_sees_the_same_requests() {
    let (dir, file) = setup(SCENARIO);
    let out = dir.path().join("out");
    ok(&[
        "compare",
        arg(&file),
        "--out",
        arg(&out),
        "--requests",
        "--no-charts",
        "-q",
        "--seed",
        "11",
    ]);
    let arrivals = |variant: &str| arrivals_by_id(&out.join(variant));
    let zero = arrivals("zero");
    assert!(zero.len() > 100);
    assert_eq!(zero, arrivals("warm"));
    assert_eq!(zero, arrivals("fixed"));
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("warm/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(s["seed"], 11);
}

#[test]
fn no_charts_still_writes_the_report_with_its_table() {
    let (dir, file) = setup(SCENARIO);
    for cmd in ["compare", "run"] {
        let out = dir.path().join(cmd);
        ok(&[cmd, arg(&file), "--out", arg(&out), "--no-charts", "-q"]);
        for c in CHARTS {
            for ext in ["svg", "png"] {
                assert!(!out.join(format!("{c}.{ext}")).exists(), "{cmd}: {c}.{ext}");
            }
        }
        let html = std::fs::read_to_string(out.join("report.html")).expect("report");
        assert!(html.contains("<table"), "{cmd}");
        assert!(
            !html.contains("<svg") && !html.contains("data:image"),
            "{cmd}"
        );
        assert_self_contained(&html);
    }
}

#[test]
fn run_writes_the_four_charts_and_a_report_in_both_formats() {
    let (dir, file) = setup(SCENARIO);
    for format in ["svg", "png"] {
        let out = dir.path().join(format);
        let stdout = ok(&["run", arg(&file), "--out", arg(&out), "--format", format]);
        assert!(stdout.contains("report.html"), "{stdout}");
        for c in CHARTS {
            let bytes = std::fs::read(out.join(format!("{c}.{format}"))).expect("chart");
            match format {
                "png" => assert!(bytes.starts_with(PNG_MAGIC), "{c}"),
                _ => assert!(bytes.starts_with(b"<svg"), "{c}"),
            }
        }
        let html = std::fs::read_to_string(out.join("report.html")).expect("report");
        assert_self_contained(&html);
        let embedded = match format {
            "png" => html.matches("data:image/png;base64,").count(),
            _ => html.matches("<svg").count(),
        };
        assert_eq!(embedded, 4, "{format}");
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
                .expect("json");
        let cost = summary["cost_usd"].as_f64().expect("cost");
        assert!(
            html.contains(&format!("${cost:.2}")),
            "summary table in the report"
        );
        assert!(html.contains(&escape("[capacity]")) && html.contains("horizon = &quot;6h&quot;"));
    }
}

#[test]
fn mistakes_exit_with_code_2_and_say_what_to_do() {
    let (dir, file) = setup(SCENARIO);
    let plain = SCENARIO.split("[[variants]]").next().expect("base part");
    let bare = dir.path().join("bare.toml");
    std::fs::write(&bare, plain).expect("write");
    let out = dir.path().join("out");
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["compare", arg(&bare)],
            &["no variants", "[[variants]]", "--variant NAME:KEY=VALUE"],
        ),
        (
            &[
                "compare",
                arg(&file),
                "--variant",
                "ok",
                "--variant",
                "oops:capacity.minimum=1",
            ],
            &["variant \"oops\"", "minimum"],
        ),
        (
            &["compare", arg(&file), "--variant", "oops:capacity.min=9"],
            &["variant \"oops\"", "capacity.min"],
        ),
        (
            &["compare", arg(&file), "--variant", "a/b:capacity.min=1"],
            &["not allowed in a variant name"],
        ),
        (
            &[
                "compare",
                arg(&file),
                "--variant",
                "dup",
                "--variant",
                "dup",
            ],
            &["already used"],
        ),
    ];
    for (args, needles) in cases {
        let mut args = args.to_vec();
        args.extend(["--out", arg(&out)]);
        let err = run_fails(&args, 2);
        for n in needles {
            assert!(err.contains(n), "{args:?}: {err}");
        }
    }
    assert!(!out.exists(), "nothing written on an input mistake");
}

/// The shipped cross-platform comparison: every platform sees the same requests of the
/// real trace, and each shows its own mechanism (refusals on real-time inference
/// components, one cold start per new keep-alive instance, machines under copies).
#[test]
fn platforms_compare_on_the_same_trace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/compare-platforms.toml"
    );
    ok(&[
        "compare",
        file,
        "--out",
        arg(&out),
        "--requests",
        "--no-charts",
        "-q",
    ]);
    let (_, rows) = read_csv(&out.join("compare.csv"));
    let names: Vec<&str> = rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(
        names,
        [
            "sagemaker-async",
            "sagemaker-realtime",
            "keda",
            "knative",
            "keep-alive"
        ]
    );
    let ids = |variant: &str| arrivals_by_id(&out.join(variant));
    let base = ids("sagemaker-async");
    assert_eq!(base.len(), 8819, "the whole trace, each request once");
    for name in &names[1..] {
        assert_eq!(base, ids(name), "{name} sees other requests");
    }
    let summary = |variant: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join(variant).join("summary.json")).unwrap())
            .unwrap()
    };
    let rt = summary("sagemaker-realtime");
    assert_eq!(rt["platform"], "sagemaker_realtime");
    assert!(
        rt["no_capacity_failures"].as_u64().unwrap() > 0,
        "refused at 0 copies"
    );
    let ka = summary("keep-alive");
    assert_eq!(ka["platform"], "keep_alive");
    assert!(ka["cold_starts"].as_u64().unwrap() >= 1);
    for (name, platform) in [("keda", "kubernetes"), ("knative", "kubernetes")] {
        assert_eq!(summary(name)["platform"], platform);
    }
    for r in &rows {
        assert_eq!(num(r, "arrived"), 8819.0);
    }
}
