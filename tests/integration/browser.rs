//! The reports in a real browser: `run`, `compare` and `sweep` write `report.html` from
//! shipped scenarios into a temporary folder, headless Chromium opens each, and the test
//! checks that the page's script ran without an error, drew every chart with the series the
//! runs hold, fetched nothing from outside the page, passed its own zoom / pan / hover /
//! variant-switch self-test (`#selftest`), and that a screenshot is not blank and shows the
//! charts' colours. Screenshots are kept in `target/tmp/browser-screenshots/` to look at.
//!
//! Needs Chromium: `apt-get install chromium` (Debian), or set `SCALESIM_CHROMIUM` to its
//! path. Without it the test fails; it never skips.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{arg, run_ok};

/// Longest a single Chromium invocation may take.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);
/// The window the screenshots are taken in.
const WINDOW: (u32, u32) = (1400, 1800);
/// The variants' first colour (`scalesim::report::interactive::PALETTE[0]`), which every
/// page's charts paint.
const FIRST_COLOUR: [u8; 3] = [0x1f, 0x77, 0xb4];

/// The Chromium binary: `SCALESIM_CHROMIUM`, else `chromium` or `chromium-browser` on the
/// PATH (Debian installs /usr/bin/chromium). Panics with what to do when there is none.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("SCALESIM_CHROMIUM") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "SCALESIM_CHROMIUM={} is not a file: point it at a Chromium binary, or unset it \
             and `apt-get install chromium`",
            p.display()
        );
        return p;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "Chromium not found: the browser test needs it. Install it with `apt-get install \
         chromium` (Debian/Ubuntu), or set SCALESIM_CHROMIUM to the path of a Chromium binary"
    );
}

/// Run Chromium headless on `page` (with `#fragment` if given) and `extra` flags, with a new
/// empty profile; returns its stdout. Fails after [`BROWSER_TIMEOUT`].
fn browse(page: &Path, fragment: &str, extra: &[String]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let url = format!("file://{}{fragment}", page.display());
    // Output goes to files: a pipe nobody reads while waiting would fill up and stall it.
    let (stdout, stderr) = (profile.path().join("stdout"), profile.path().join("stderr"));
    let file = |p: &Path| std::fs::File::create(p).expect("chromium output file");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(file(&stdout))
        .stderr(file(&stderr))
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let status = loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => break status,
            None if start.elapsed() > BROWSER_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "chromium took over {BROWSER_TIMEOUT:?} on {url}: {}",
                    read(&stderr)
                );
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    assert!(
        status.success(),
        "chromium failed on {url}: {}",
        read(&stderr)
    );
    read(&stdout)
}

/// The attributes of the first element whose start tag begins with `start` in `dom` (as
/// Chromium serialises it: every value double-quoted, quotes inside escaped).
fn attributes_at(dom: &str, at: usize) -> BTreeMap<String, String> {
    let mut attrs = BTreeMap::new();
    let rest = &dom[at..];
    let mut i = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let bytes = rest.as_bytes();
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let name_end = rest[i..]
            .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
            .map_or(rest.len(), |k| i + k);
        let name = rest[i..name_end].to_string();
        i = name_end;
        if rest[i..].starts_with("=\"") {
            let value_end = rest[i + 2..].find('"').map_or(rest.len(), |k| i + 2 + k);
            attrs.insert(name, unescape(&rest[i + 2..value_end]));
            i = value_end + 1;
        } else {
            attrs.insert(name, String::new());
        }
    }
    attrs
}

fn unescape(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// What the page's script recorded: the section's attributes, and each chart's by id.
struct Rendered {
    section: BTreeMap<String, String>,
    charts: BTreeMap<String, BTreeMap<String, String>>,
}

impl Rendered {
    fn parse(dom: &str) -> Rendered {
        let at = dom
            .find("<section id=\"interactive\"")
            .unwrap_or_else(|| panic!("no interactive section in the rendered page:\n{dom:.2000}"));
        let section = attributes_at(dom, at);
        let charts = dom
            .match_indices("<figure class=\"ichart\"")
            .map(|(i, _)| attributes_at(dom, i))
            .map(|a| (a.get("data-chart").cloned().unwrap_or_default(), a))
            .collect();
        Rendered { section, charts }
    }

    /// The labels and value counts of chart `id`'s series, after it was drawn.
    fn series(&self, id: &str) -> Vec<(String, usize)> {
        let c = self
            .charts
            .get(id)
            .unwrap_or_else(|| panic!("chart {id} missing: {:?}", self.charts.keys()));
        assert!(
            c.get("data-drawn")
                .and_then(|d| d.parse::<u32>().ok())
                .is_some_and(|d| d >= 1),
            "chart {id} never drawn: {c:?}"
        );
        let labels = c.get("data-series").expect("data-series");
        let points = c.get("data-points").expect("data-points");
        labels
            .split(" | ")
            .map(String::from)
            .zip(points.split(" | ").map(|p| p.parse().expect("count")))
            .collect()
    }
}

/// Render `page` twice: the DOM after its self-test, and a screenshot (kept as
/// `target/tmp/browser-screenshots/<name>.png`). Checks what every report shares.
fn render(page: &Path, name: &str, selftest: &[&str]) -> Rendered {
    let dom = browse(page, "#selftest", &["--dump-dom".to_string()]);
    let r = Rendered::parse(&dom);
    assert_eq!(
        r.section.get("data-report-status").map(String::as_str),
        Some("ok"),
        "{name}: the script did not finish cleanly: {:?}",
        r.section
    );
    assert!(
        !r.section.contains_key("data-script-errors"),
        "{name}: {:?}",
        r.section
    );
    assert_eq!(
        r.section.get("data-resources").map(String::as_str),
        Some("0"),
        "{name}: fetched something from outside the page"
    );
    let outcome = r.section.get("data-selftest").cloned().unwrap_or_default();
    let passed: Vec<&str> = outcome.split_whitespace().collect();
    let expected: Vec<String> = selftest.iter().map(|t| format!("{t}:ok")).collect();
    assert_eq!(passed, expected, "{name}: self-test");

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let png = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&png);
    browse(
        page,
        "",
        &[
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
            format!("--screenshot={}", png.display()),
        ],
    );
    assert_not_blank(&png, name);
    r
}

/// The screenshot has the window's size, many colours, a fair share of non-white pixels,
/// and the charts' first colour in many pixels.
fn assert_not_blank(png: &Path, name: &str) {
    let file = std::fs::File::open(png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    assert_eq!((info.width, info.height), WINDOW, "{name}: screenshot size");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{name}: colour type {:?}", info.color_type);
    let pixels: Vec<[u8; 3]> = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let total = pixels.len();
    let distinct: std::collections::BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    let non_white = pixels.iter().filter(|p| p.iter().any(|&c| c < 240)).count();
    let near = |p: &[u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(&a, b)| a.abs_diff(b) <= 24);
    let charted = pixels.iter().filter(|p| near(p, FIRST_COLOUR)).count();
    assert!(
        distinct.len() >= 100,
        "{name}: only {} colours",
        distinct.len()
    );
    let share = non_white as f64 / total as f64;
    assert!(
        (0.02..0.9).contains(&share),
        "{name}: non-white share {share}"
    );
    assert!(
        charted >= 300,
        "{name}: {charted} pixels in the charts' colour"
    );
}

fn labels(series: &[(String, usize)]) -> Vec<&str> {
    series.iter().map(|(l, _)| l.as_str()).collect()
}

/// The timeline, tail and cost charts of runs named `names` over `minutes` minutes.
fn assert_run_charts(r: &Rendered, names: &[String], minutes: usize) {
    let backlog = r.series("timeline-backlog");
    assert_eq!(labels(&backlog), names);
    assert!(backlog.iter().all(|(_, n)| *n == minutes), "{backlog:?}");
    let capacity = r.series("timeline-capacity");
    let want: Vec<String> = names
        .iter()
        .flat_map(|n| [format!("{n} desired"), format!("{n} in service")])
        .collect();
    assert_eq!(labels(&capacity), want);
    assert!(capacity.iter().all(|(_, n)| *n == minutes), "{capacity:?}");
    for id in ["latency-tail", "cost-p99"] {
        let s = r.series(id);
        assert_eq!(s.len(), names.len(), "{id}: {s:?}");
        for ((label, n), name) in s.iter().zip(names) {
            assert!(
                label.starts_with(&format!("{name} (")) && label.ends_with("completed)"),
                "{id}: {label}"
            );
            assert!(*n >= 1, "{id}: {label} has no point");
        }
    }
    assert!(r.series("latency-tail").iter().all(|(_, n)| *n >= 20));
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("json")
}

#[test]
fn run_report_renders_with_every_chart_and_no_script_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("run");
    run_ok(&[
        "run",
        "scenarios/async-scale-to-zero.toml",
        "--out",
        arg(&out),
        "--quiet",
    ]);
    let summary = json(&out.join("summary.json"));
    let minutes = (summary["horizon_s"].as_f64().expect("horizon") / 60.0).ceil() as usize;
    let name = summary["scenario"].as_str().expect("name").to_string();
    let r = render(
        &out.join("report.html"),
        "run",
        &["zoom", "sync", "pan", "hover"],
    );
    assert_run_charts(&r, &[name], minutes);
}

#[test]
fn compare_report_renders_one_series_per_variant_that_can_be_switched_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("cmp");
    run_ok(&[
        "compare",
        "scenarios/compare-scale-to-zero.toml",
        "--out",
        arg(&out),
        "--quiet",
    ]);
    let rows = json(&out.join("compare.json"));
    let names: Vec<String> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["variant"].as_str().expect("variant").to_string())
        .collect();
    assert!(names.len() >= 2, "{names:?}");
    let first = json(&out.join(&names[0]).join("summary.json"));
    let minutes = (first["horizon_s"].as_f64().expect("horizon") / 60.0).ceil() as usize;
    let r = render(
        &out.join("report.html"),
        "compare",
        &["zoom", "sync", "pan", "hover", "toggle"],
    );
    assert_run_charts(&r, &names, minutes);
}

#[test]
fn sweep_report_renders_the_frontier_with_its_recommended_point() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("sweep");
    let slo = "p99<=15m,expired_rate<=0.01";
    run_ok(&[
        "sweep",
        "scenarios/sweep-target-tracking.toml",
        "--slo",
        slo,
        "--out",
        arg(&out),
        "--quiet",
    ]);
    let rows = |f: &str| {
        csv::Reader::from_path(out.join(f))
            .expect("csv")
            .records()
            .count()
    };
    let rec = json(&out.join("recommendation.json"));
    assert_eq!(rec["met"], true, "the shipped sweep has a recommendation");
    let r = render(&out.join("report.html"), "sweep", &["hover"]);
    let frontier = r.series("frontier");
    assert_eq!(
        frontier,
        [
            ("points (mean, 95% CI)".to_string(), rows("sweep.csv")),
            ("Pareto frontier".to_string(), rows("pareto.csv")),
            (format!("recommended for {slo}"), 1),
        ]
    );
    assert_eq!(r.charts.len(), 1, "{:?}", r.charts.keys());
    assert_eq!(
        r.charts["frontier"].get("data-marks").map(String::as_str),
        Some("1"),
        "the SLO's p99 limit is drawn"
    );
}
