//! Mistakes exit with code 2 and say what is allowed; the shipped sweep is valid.

use super::*;

#[test]
fn mistakes_exit_2_and_say_what_is_allowed() {
    let (dir, file) = setup();
    let out = dir.path().join("out");
    for (args, expect) in [
        (vec!["--slo", "p95<=1m"], "p50, p90, p99"),
        (vec!["--slo", "p99<=15"], "unit"),
        (vec!["--shard", "2/2"], "0 to 1"),
        (vec!["--shard-count", "3"], "--shard I/3"),
    ] {
        let mut a = vec!["sweep", arg(&file), "--out", arg(&out)];
        a.extend(args.iter().copied());
        let o = scalesim_env(&a, &[]);
        expect_exit(&o, 2, &format!("{args:?}"));
        let err = stderr(&o);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    let o = scalesim_env(
        &["sweep", arg(&file)],
        &[("AWS_BATCH_JOB_ARRAY_INDEX", "1")],
    );
    expect_exit(&o, 2, "a batch array index without --shard-count");
    assert!(stderr(&o).contains("--shard-count"), "{}", stderr(&o));
    std::fs::write(&file, SWEEP.replace("[0, 1]", "[0, 9]")).expect("edit");
    let o = scalesim_env(&["sweep", arg(&file), "--out", arg(&out)], &[]);
    expect_exit(&o, 2, "a point that does not load");
    let err = stderr(&o);
    assert!(
        err.contains("point 1 (") && err.contains("capacity.min=9"),
        "{err}"
    );
}

#[test]
fn the_shipped_sweep_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep-target-tracking.toml");
    let s = scalesim::sweep::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.grid.len(), 2, "a two-parameter grid has heatmaps");
    assert!(s.replications > 1);
}
