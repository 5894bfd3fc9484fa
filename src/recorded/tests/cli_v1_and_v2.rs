//! The same record exported by AWS CLI v1 and v2 reads the same.

use super::*;

/// `r` without the places things were read (file names differ between the folders).
fn content(r: &Recorded) -> String {
    let mut r = r.clone();
    let blank = |o: &mut Origin| {
        o.file = PathBuf::new();
    };
    r.files.iter_mut().for_each(|f| {
        f.0 = PathBuf::from(f.0.file_name().unwrap());
    });
    if let Some(e) = r.endpoint.as_mut() {
        blank(&mut e.origin);
    }
    r.endpoint_configs
        .iter_mut()
        .for_each(|c| blank(&mut c.origin));
    for list in [
        &mut r.scalable_targets,
        &mut r.scaling_policies,
        &mut r.scheduled_actions,
    ] {
        list.iter_mut().for_each(|i| blank(&mut i.origin));
    }
    r.alarms.iter_mut().for_each(|a| blank(&mut a.origin));
    r.alarm_history
        .iter_mut()
        .for_each(|h| blank(&mut h.origin));
    r.activities.iter_mut().for_each(|a| blank(&mut a.origin));
    r.metrics
        .iter_mut()
        .for_each(|s| s.origins.iter_mut().for_each(blank));
    format!("{r:#?}")
}

#[test]
fn cli_v1_and_v2_exports_read_the_same() {
    let v1 = load_ok(&["v1"]);
    let v2 = load_ok(&["v2"]);
    // The files differ (epoch numbers and Z against +08:00 / -05:00 offsets)...
    let raw1 =
        std::fs::read_to_string(fixture("v1/describe-scaling-activities-page2.json")).unwrap();
    let raw2 =
        std::fs::read_to_string(fixture("v2/describe-scaling-activities-page2.json")).unwrap();
    assert!(raw1.contains("1723614756.102"));
    assert!(raw2.contains("2024-08-14T00:52:36.102000-05:00"));
    let m2 = std::fs::read_to_string(fixture("v2/metric-data-page1.json")).unwrap();
    assert!(m2.contains("+08:00"));
    // ... what they say does not.
    let (a, b) = (content(&v1), content(&v2));
    if a != b {
        let diff = a
            .lines()
            .zip(b.lines())
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("v1: {x}\nv2: {y}"));
        panic!("v1 and v2 differ:\n{}", diff.unwrap_or_default());
    }
}
