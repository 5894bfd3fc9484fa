//! Ctrl-C during a sweep stops cleanly, keeps every finished run, and `--resume` then gives
//! exactly the files of an uninterrupted sweep.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{root, scalesim};

const SWEEP: &str = r#"
base = "BASE"
replications = 1
set = { "horizon" = "12h" }
[grid]
"policy.target_tracking[0].target_value" = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
"capacity.max" = [20, 40]
"#;

fn sweep_file(dir: &Path) -> std::path::PathBuf {
    let base = root().join("scenarios/bench-week-10rps.toml");
    let text = SWEEP.replace("BASE", &base.display().to_string().replace('\\', "/"));
    let file = dir.join("sweep-interrupt.toml");
    std::fs::write(&file, text).unwrap();
    file
}

fn sweep(file: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = scalesim();
    c.args([
        "sweep",
        file.to_str().unwrap(),
        "--jobs",
        "1",
        "--quiet",
        "--no-charts",
        "--out",
    ])
    .arg(out)
    .args(extra)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    c
}

#[test]
fn ctrl_c_keeps_finished_runs_and_resume_completes_identically() {
    let tmp = tempfile::tempdir().unwrap();
    let file = sweep_file(tmp.path());
    let (full, cut) = (tmp.path().join("full"), tmp.path().join("cut"));
    let status = sweep(&file, &full, &[]).status().unwrap();
    assert!(status.success());

    let child = sweep(&file, &cut, &[]).spawn().unwrap();
    let jsonl = cut.join("points.jsonl");
    // Interrupt once at least one run is written (the sweep has 16 runs on one thread).
    for _ in 0..200 {
        let lines = std::fs::read_to_string(&jsonl)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if lines >= 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kept = std::fs::read_to_string(&jsonl).unwrap();
    // The signal comes right after the first of 16 runs is written, so the sweep cannot
    // have finished: it must report the interruption.
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    let n = kept.lines().count();
    assert!((1..16).contains(&n), "{n} runs kept");
    assert!(kept.ends_with('\n'), "only whole lines are kept");
    assert!(
        !cut.join("sweep.csv").exists(),
        "no final file from a partial sweep"
    );

    let status = sweep(&file, &cut, &["--resume"]).status().unwrap();
    assert!(status.success());
    for f in ["sweep.csv", "pareto.csv", "points.jsonl"] {
        assert_eq!(
            std::fs::read(full.join(f)).unwrap(),
            std::fs::read(cut.join(f)).unwrap(),
            "{f} differs after resume"
        );
    }
}
