//! `scalesim compare` (and the charts and report of `scalesim run`) through the binary:
//! variants from the file and the command line, common random numbers, the comparison
//! files and their deltas, chart files in SVG and PNG, and a self-contained report.html.
//! This module holds the test scenario and the helpers the parts share.

mod files_and_report;
mod mistakes;
mod variants;

use scalesim::report::html::escape;
use scalesim::scenario::variants::variant_scenarios;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{arg, run_fails, run_success, stderr, stdout};

/// A small scale-to-zero endpoint with three `[[variants]]`.
const SCENARIO: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/compare.toml"
));

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
