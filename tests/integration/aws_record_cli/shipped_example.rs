//! The shipped example `scenarios/aws-export-example/`: it is what its source scenario
//! records, and import, calibrate and backtest print what its README shows.

use super::*;

const EXAMPLE: &str = "scenarios/aws-export-example";

#[test]
fn the_shipped_example_is_what_its_source_scenario_records() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rec");
    // The command in the source scenario's header and the example's README.
    let source =
        std::fs::read_to_string(root().join("scenarios/aws-export-example-source.toml")).unwrap();
    let command: String = source
        .lines()
        .skip_while(|l| !l.starts_with("#   scalesim record-aws"))
        .take_while(|l| l.starts_with('#') && !l.trim_end().eq("#"))
        .map(|l| {
            l.trim_start_matches('#')
                .trim()
                .trim_end_matches('\\')
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut args: Vec<String> = command
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect();
    let at = args.iter().position(|a| a == "--out").unwrap();
    args[at + 1] = out.to_str().unwrap().to_string();
    args.push("--quiet".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&refs);
    assert!(o.status.success(), "{command}: {}", stderr(&o));
    let shipped = root().join(EXAMPLE);
    let mut names: Vec<String> = std::fs::read_dir(&shipped)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 8, "{names:?}");
    for name in &names {
        let a = std::fs::read(shipped.join(name)).unwrap();
        let b = std::fs::read(out.join(name)).unwrap_or_else(|_| panic!("{name} not written"));
        assert!(
            a == b,
            "{EXAMPLE}/{name} differs from what `{command}` writes; rerun it"
        );
    }
}

/// The output lines the README shows after `$ <command start>` (up to the end of its code
/// block), without those that name output paths or elide with `…`.
fn readme_output(command_start: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("$ {command_start}")))
        .unwrap_or_else(|| panic!("the README shows no `$ {command_start}`"));
    lines[at + 1..]
        .iter()
        .skip_while(|l| l.starts_with("    "))
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| !l.contains("output/") && !l.contains('…'))
        .map(|l| l.to_string())
        .collect()
}

fn assert_shows(readme: &[String], out: &str, what: &str) {
    assert!(!readme.is_empty(), "{what}: nothing to compare");
    for line in readme {
        assert!(
            out.contains(line.as_str()),
            "README's {what} shows {line:?}, the command prints:\n{out}"
        );
    }
}

#[test]
fn the_walk_through_import_calibrate_backtest_as_the_readme_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let imp = tmp.path().join("imp");
    let o = import(&[EXAMPLE], &imp);
    assert_success(&o);
    assert_shows(
        &readme_output("scalesim import-aws"),
        &stdout(&o),
        "import-aws",
    );
    let scenario = imp.join("scenario.toml");
    let o = run(&[
        "calibrate",
        scenario.to_str().unwrap(),
        "--against",
        EXAMPLE,
        "--out",
        tmp.path().join("cal").to_str().unwrap(),
    ]);
    assert_success(&o);
    assert_shows(
        &readme_output("scalesim calibrate"),
        &stdout(&o),
        "calibrate",
    );
    let cal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("cal/calibration.json")).unwrap())
            .unwrap();
    let best = |key: &str| {
        cal["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .map(|p| {
                (
                    p["best"].as_str().unwrap().to_string(),
                    p["settled"].as_bool().unwrap(),
                )
            })
            .unwrap()
    };
    // The hidden settings of scenarios/aws-export-example-source.toml.
    assert_eq!(best("metrics.sample_interval").0, "\"1m\"");
    assert_eq!(best("metrics.metric_delay"), ("\"2m\"".into(), true));
    assert_eq!(
        best("policy.tt_current_capacity"),
        ("\"desired\"".into(), true)
    );
    assert_eq!(best("policy.cooldown_clock"), ("\"request\"".into(), true));
    assert_eq!(best("policy.refuse_while_updating"), ("false".into(), true));
    let calibrated = imp.join("scenario-calibrated.toml");
    let ctext = std::fs::read_to_string(&calibrated).unwrap();
    assert!(
        ctext.contains("# calibrated by scalesim calibrate (was \"1m\")"),
        "{ctext}"
    );
    let backtest = |s: &Path| {
        let out = tmp.path().join(s.file_stem().unwrap());
        let o = run(&[
            "backtest",
            s.to_str().unwrap(),
            "--against",
            EXAMPLE,
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_success(&o);
        let j: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("backtest.json")).unwrap()).unwrap();
        (j["figures"].clone(), stdout(&o))
    };
    let (before, text) = backtest(&scenario);
    assert_shows(
        &readme_output("scalesim backtest output/bursty-async-ep-import/scenario.toml"),
        &text,
        "backtest",
    );
    let (after, text) = backtest(&calibrated);
    assert_shows(
        &readme_output("scalesim backtest output/bursty-async-ep-import/scenario-calibrated.toml"),
        &text,
        "calibrated backtest",
    );
    assert!(after["score"].as_f64().unwrap() < 0.5 * before["score"].as_f64().unwrap());
    assert!(
        after["events_matched_share"].as_f64().unwrap() > 0.95,
        "{after}"
    );
    // Step 5: compare policies on the calibrated traffic.
    let o = run(&[
        "compare",
        calibrated.to_str().unwrap(),
        "--variant",
        "as-is:capacity.min=0",
        "--variant",
        "one-warm:capacity.min=1,capacity.initial=1",
        "--variant",
        "target-3:policy.target_tracking[0].target_value=3.0",
        "--no-charts",
        "--out",
        tmp.path().join("cmp").to_str().unwrap(),
    ]);
    assert_success(&o);
    let shown: Vec<String> = readme_output("scalesim compare output/bursty-async-ep-import")
        .into_iter()
        .map(|l| l.trim_end_matches(" …").trim_end().to_string())
        .collect();
    let text = stdout(&o);
    for line in shown.iter().skip(1) {
        // Each variant's row starts as the README shows it.
        assert!(
            text.lines().any(|l| l.starts_with(line.as_str())),
            "{line:?} in\n{text}"
        );
    }
}
