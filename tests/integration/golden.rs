//! Value stability: the results of every shipped scenario are pinned in `tests/golden/`.
//!
//! Each scenario under `scenarios/` is run as a user would run it (`run`, and `compare` when
//! it has variants; `sweep` for a sweep file), with its own seed. The golden file holds the
//! small result files verbatim (summary.json, compare.json/csv, sweep.csv, pareto.csv,
//! recommendation.json) and an FNV-1a digest with the byte count of the large ones
//! (timeseries.csv, activities.csv, requests.csv), so a change to any number anywhere fails
//! this test.
//!
//! An intended change regenerates the goldens in the same commit, and the commit message
//! says why the numbers moved:
//!
//! ```text
//! SCALESIM_UPDATE_GOLDENS=1 cargo test --test integration golden
//! git diff tests/golden/
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::common::{root, run_ok};

/// Files kept verbatim in a golden (small, and their diff shows what moved).
const VERBATIM: &[&str] = &[
    "summary.json",
    "compare.json",
    "compare.csv",
    "sweep.csv",
    "pareto.csv",
    "recommendation.json",
];
/// Files kept as a digest (large).
const DIGESTED: &[&str] = &["timeseries.csv", "activities.csv", "requests.csv"];

const UPDATE_VAR: &str = "SCALESIM_UPDATE_GOLDENS";

/// 64-bit FNV-1a: a stable digest with no dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What a shipped scenario file is, by its top-level keys.
enum Kind {
    Run { has_variants: bool },
    Sweep,
}

fn kind_of(path: &Path) -> Kind {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if doc.contains_key("base") {
        Kind::Sweep
    } else {
        Kind::Run {
            has_variants: doc.contains_key("variants"),
        }
    }
}

/// The golden text of one output folder: verbatim files, then digests, in a fixed order.
fn describe(label: &str, dir: &Path, golden: &mut String) {
    let mut verbatim = BTreeMap::new();
    let mut digests = BTreeMap::new();
    for name in VERBATIM {
        if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
            verbatim.insert(*name, text);
        }
    }
    for name in DIGESTED {
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            digests.insert(*name, (fnv1a(&bytes), bytes.len()));
        }
    }
    assert!(
        !verbatim.is_empty(),
        "{label}: no result file in {}",
        dir.display()
    );
    for (name, text) in verbatim {
        writeln!(golden, "==> {label}/{name}").unwrap();
        golden.push_str(&text);
        if !text.ends_with('\n') {
            golden.push('\n');
        }
    }
    for (name, (digest, len)) in digests {
        writeln!(
            golden,
            "==> {label}/{name} fnv1a64={digest:016x} bytes={len}"
        )
        .unwrap();
    }
}

/// Runs one shipped scenario the ways a user would and returns its golden text.
fn golden_of(scenario: &Path, work: &Path) -> String {
    let rel = scenario.strip_prefix(root()).unwrap();
    let rel = rel.to_str().unwrap();
    let mut golden = String::new();
    match kind_of(scenario) {
        Kind::Sweep => {
            let out = work.join("sweep");
            run_ok(&["sweep", rel, "-q", "--out", out.to_str().unwrap()]);
            describe("sweep", &out, &mut golden);
        }
        Kind::Run { has_variants } => {
            let out = work.join("run");
            let o = out.to_str().unwrap();
            run_ok(&["run", rel, "-q", "--no-charts", "--requests", "--out", o]);
            describe("run", &out, &mut golden);
            if has_variants {
                let out = work.join("compare");
                let o = out.to_str().unwrap();
                run_ok(&["compare", rel, "-q", "--no-charts", "--out", o]);
                describe("compare", &out, &mut golden);
            }
        }
    }
    golden
}

fn shipped_scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_shipped_scenario_matches_its_golden() {
    let update = std::env::var_os(UPDATE_VAR).is_some();
    let golden_dir = root().join("tests/golden");
    let scenarios = shipped_scenarios();
    assert!(scenarios.len() >= 15, "the shipped scenarios are missing");
    let mut failures = Vec::new();
    let mut expected_files = Vec::new();
    for scenario in &scenarios {
        let stem = scenario.file_stem().unwrap().to_str().unwrap().to_string();
        let work = tempfile::tempdir().unwrap();
        let actual = golden_of(scenario, work.path());
        let file = golden_dir.join(format!("{stem}.golden"));
        expected_files.push(file.clone());
        if update {
            std::fs::create_dir_all(&golden_dir).unwrap();
            std::fs::write(&file, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&file) {
            Err(_) => failures.push(format!(
                "{stem}: no golden at {} ({UPDATE_VAR}=1 writes it)",
                file.display()
            )),
            Ok(expected) if expected != actual => {
                let line = expected
                    .lines()
                    .zip(actual.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
                failures.push(format!(
                    "{stem}: differs from its golden from line {} on:\n  golden: {}\n  now:    {}",
                    line + 1,
                    expected.lines().nth(line).unwrap_or("(end)"),
                    actual.lines().nth(line).unwrap_or("(end)")
                ));
            }
            Ok(_) => {}
        }
    }
    // A golden whose scenario is gone is stale.
    for entry in std::fs::read_dir(&golden_dir).unwrap() {
        let path = entry.unwrap().path();
        if !expected_files.contains(&path) {
            failures.push(format!(
                "{}: a golden without a shipped scenario",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} shipped scenarios changed their results. If the change is intended, run \
         `{UPDATE_VAR}=1 cargo test --test integration golden` and say why in the commit message.\n{}",
        failures.len(),
        scenarios.len(),
        failures.join("\n")
    );
}

#[test]
fn the_digest_is_fnv1a() {
    // Published FNV-1a 64 test vectors.
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
}
