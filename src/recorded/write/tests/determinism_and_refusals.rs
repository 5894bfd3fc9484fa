//! Two writes give identical bytes, what the writer refuses or leaves out (other platforms,
//! other policies), and the readers recover what was written.

use super::*;

#[test]
fn two_writes_give_identical_bytes() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let opts = WriteOptions {
        page_size: Some(50),
        notifications: true,
        ..WriteOptions::default()
    };
    let a = write(&sc, &trace, &opts);
    let b = write(&sc, &trace, &opts);
    assert_eq!(a.names(), b.names());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
}

#[test]
fn refuses_a_platform_other_than_an_asynchronous_endpoint() {
    let text = "horizon = \"10m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.5\n\
                [service]\nkind = \"exponential\"\nmean = \"1s\"\n\
                [platform]\nkind = \"keep_alive\"\nkeep_alive = \"600s\"\n";
    let sc = scenario(text, &[]);
    let trace = run(&sc);
    let dir = tempfile::tempdir().unwrap();
    let rec = SimulatedRecord {
        scenario: &sc,
        start: START,
        trace: &trace,
    };
    let e = write_record(&dir.path().join("out"), &rec, &WriteOptions::default()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(
        e.to_string().contains("keep_alive") && e.to_string().contains("sagemaker_async"),
        "{e}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_policy_other_than_application_auto_scaling_leaves_only_the_target() {
    let text = "horizon = \"20m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.5\n\
                [service]\nkind = \"exponential\"\nmean = \"1s\"\n\
                [capacity]\ninitial = 2\nmin = 1\nmax = 3\n";
    let sc = scenario(text, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let names = w.names();
    assert!(names.contains(&"describe-scalable-targets.json".to_string()));
    for absent in [
        "describe-scaling-policies.json",
        "describe-scheduled-actions.json",
        "describe-alarms.json",
        "describe-alarm-history.json",
    ] {
        assert!(!names.contains(&absent.to_string()), "{absent}");
    }
    let t = w.json("describe-scalable-targets.json");
    assert_eq!(list(&t, "ScalableTargets")[0]["MaxCapacity"], 3);
}

#[test]
fn the_readers_recover_what_was_written() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &with_notifications());
    let dir = w.files[0].parent().unwrap();
    let r = crate::recorded::load(dir, &Default::default()).expect("readable");
    assert_eq!(r.endpoint_name.as_deref(), Some("my-endpoint"));
    assert_eq!(r.alarms.len(), 3);
    assert_eq!(r.alarm_history.len(), trace_transitions(&trace).len());
    let listed = trace
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::NotScaled || a.from != a.to)
        .count();
    assert_eq!(r.activities.len(), listed);
    let series = r
        .series("ApproximateBacklogSize", "Average")
        .expect("backlog series");
    assert_eq!(series.points.len(), trace.minutes.len());
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}
