//! No input panics: every truncation of a fixture and arbitrary JSON of the AWS shapes are
//! an error or a record, never a panic.

use super::*;

/// Every fixture file of `dir`, with its bytes.
fn fixture_files(dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(fixture(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    out.sort();
    assert!(out.len() > 10, "fixtures of {dir} missing");
    out
}

fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Recorded, InputError> {
    let input = Input {
        path: path.to_path_buf(),
        explicit: true,
        bytes: bytes.to_vec(),
    };
    load_inputs(vec![input], path, &LoadOptions::default(), Vec::new())
}

#[test]
fn every_truncation_of_a_fixture_is_an_error_not_a_panic() {
    for (path, bytes) in fixture_files("v2") {
        assert!(load_bytes(&path, &bytes).is_ok(), "{}", path.display());
        let lines = path.extension().is_some_and(|e| e == "jsonl");
        let end = bytes
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        for cut in 0..=end {
            let r = load_bytes(&path, &bytes[..cut]);
            // A JSON document cut short is never valid; JSON lines cut at a line end are.
            if !lines {
                assert!(r.is_err(), "{} cut at {cut} loaded", path.display());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic(file in 0usize..17, at in 0usize..20_000, byte in any::<u8>(), n in 1usize..4) {
        let files = fixture_files("v1");
        let (path, bytes) = &files[file % files.len()];
        let mut bytes = bytes.clone();
        for k in 0..n {
            let i = (at + k * 7919) % bytes.len();
            bytes[i] = byte.wrapping_add(k as u8);
        }
        let _ = load_bytes(path, &bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        let text = v.to_string();
        let _ = load_bytes(Path::new("x.json"), text.as_bytes());
        for key in ["ScalingActivities", "MetricDataResults", "MetricAlarms", "AlarmHistoryItems", "Datapoints", "MetricDataQueries", "ScalingPolicies"] {
            let wrapped = serde_json::json!({ key: v.clone(), "Label": "ModelLatency" }).to_string();
            let _ = load_bytes(Path::new("x.json"), wrapped.as_bytes());
        }
    }
}

/// Arbitrary JSON made of the names and values of the AWS shapes.
fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let key = prop::sample::select(vec![
        "Id",
        "Label",
        "Timestamps",
        "Values",
        "StatusCode",
        "MetricStat",
        "Metric",
        "MetricName",
        "Period",
        "Stat",
        "Timestamp",
        "Average",
        "ExtendedStatistics",
        "AlarmName",
        "HistoryData",
        "HistoryItemType",
        "ActivityId",
        "ResourceId",
        "StartTime",
        "Dimensions",
        "Name",
        "Value",
        "receivedTime",
        "eventTime",
        "invocationStatus",
        "Type",
        "Message",
        "Body",
    ]);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "2024-08-14T06:00:00Z",
            "1723614756.102",
            "StateUpdate",
            "PartialData",
            "Complete",
            "p99",
            "Average",
            "endpoint/my-async-ep/variant/AllTraffic",
            "Notification",
            "{",
            "{\"oldState\":{\"stateValue\":\"OK\"}}",
            "m1",
            "",
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| {
                serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}
