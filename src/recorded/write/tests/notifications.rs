//! Async-inference notifications are the finished requests in order, and need the request
//! records.

use super::*;

#[test]
fn notifications_are_the_finished_requests_in_order() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &with_notifications());
    let text = std::fs::read_to_string(w.path("notifications.jsonl")).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let requests = trace.requests.as_ref().unwrap();
    let count = |o: Outcome| requests.iter().filter(|r| r.outcome == o).count();
    assert_eq!(
        lines.len(),
        count(Outcome::Completed) + count(Outcome::Failed)
    );
    let failed: Vec<&Value> = lines
        .iter()
        .filter(|n| n["invocationStatus"] == "Failed")
        .collect();
    assert_eq!(failed.len(), count(Outcome::Failed));
    assert!(!failed.is_empty());
    for f in failed {
        assert!(s(f, "failureReason").starts_with("ClientError: "));
        assert!(f.get("responseParameters").is_none());
    }
    let times: Vec<&str> = lines.iter().map(|n| s(n, "eventTime")).collect();
    assert!(
        times.windows(2).all(|p| p[0] <= p[1]),
        "in order of completion"
    );
    let n = &lines[0];
    assert_eq!(n["eventSource"], "aws:sagemaker");
    assert_eq!(n["eventName"], "InferenceResult");
    assert_eq!(n["eventVersion"], "1.0");
    assert_eq!(n["awsRegion"], "us-east-1");
    assert_eq!(n["requestParameters"]["endpointName"], "my-endpoint");
    assert!(s(n, "receivedTime") <= s(n, "eventTime"));
    let done = lines
        .iter()
        .find(|n| n["invocationStatus"] == "Completed")
        .unwrap();
    let out = s(&done["responseParameters"], "outputLocation");
    assert!(out.starts_with("s3://") && out.ends_with(&format!("{}.out", s(done, "inferenceId"))));
}

#[test]
fn notifications_need_the_requests() {
    let sc = scenario(SCENARIO, &["horizon=\"30m\""]);
    let sim = Simulation::new(&sc.sim, 1, sc.build_policy());
    let mut trace = RunTrace::new(sim.alarm_names(), false);
    sim.run(&mut trace);
    let dir = tempfile::tempdir().unwrap();
    let rec = SimulatedRecord {
        scenario: &sc,
        start: START,
        trace: &trace,
    };
    let e = write_record(dir.path(), &rec, &with_notifications()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("notifications"), "{e}");
}
