//! What `compare` and `run` write: rows and deltas, the four charts in SVG and PNG (PNG
//! embedded as data URIs), and a self-contained report, also without charts.

use super::*;

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
