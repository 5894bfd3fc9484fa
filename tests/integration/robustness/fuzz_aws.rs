//! The AWS CLI JSON importer on the fixtures of `tests/fixtures/aws` with mutated bytes or
//! with leaves replaced by odd JSON values: it returns an import or an error, never panics.

use super::{config, edits, mutate};
use crate::common::root;
use proptest::prelude::*;
use scalesim::aws::import::{import, AwsCliJsonSpec};
use std::path::Path;

const AWS_FILES: &[&str] = &[
    "01-register-scalable-target.json",
    "02-put-scaling-policy-backlog-tt.json",
    "03-put-scaling-policy-scale-from-zero.json",
    "04-put-metric-alarm-has-backlog-without-capacity.json",
    "05-put-scheduled-action-weekday-warm.json",
    "06-put-scheduled-action-weekday-cold.json",
];

fn aws_fixture(i: usize) -> String {
    let p = root().join("tests/fixtures/aws").join(AWS_FILES[i]);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn aws_spec() -> AwsCliJsonSpec {
    AwsCliJsonSpec {
        register_scalable_target: AWS_FILES[0].into(),
        put_scaling_policy: vec![AWS_FILES[1].into(), AWS_FILES[2].into()],
        put_metric_alarm: vec![AWS_FILES[3].into()],
        put_scheduled_action: vec![AWS_FILES[4].into(), AWS_FILES[5].into()],
        cooldown_clock: Default::default(),
    }
}

/// JSON values to put in place of a leaf of a fixture.
const JSON_VALUES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "-1e308",
    "4294967296",
    "18446744073709551616",
    "0.5",
    "null",
    "true",
    "\"\"",
    "\"cron(0 25 * * ? *)\"",
    "\"cron(* * * * * *)\"",
    "\"at(9999-12-31T23:59:59)\"",
    "\"at(2024-02-30T00:00:00)\"",
    "\"rate(0 minutes)\"",
    "\"rate(-1 hours)\"",
    "\"cron(0 8 ? * MON-FRI *)\"",
    "\"endpoint//variant/\"",
    "[]",
    "{}",
    "[{}]",
];

/// Replace the `n`-th leaf (in document order) of `v` by `new`.
fn replace_leaf(v: &mut serde_json::Value, n: &mut usize, new: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => m.values_mut().any(|x| replace_leaf(x, n, new)),
        serde_json::Value::Array(a) => a.iter_mut().any(|x| replace_leaf(x, n, new)),
        leaf => {
            if *n == 0 {
                *leaf = new.clone();
                true
            } else {
                *n -= 1;
                false
            }
        }
    }
}

fn count_leaves(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => m.values().map(count_leaves).sum(),
        serde_json::Value::Array(a) => a.iter().map(count_leaves).sum(),
        _ => 1,
    }
}

fn leaf_edit() -> impl Strategy<Value = (usize, prop::sample::Index, &'static str)> {
    (
        0usize..AWS_FILES.len(),
        any::<prop::sample::Index>(),
        prop::sample::select(JSON_VALUES),
    )
}

fn write_aws(dir: &Path, files: &[String]) {
    for (name, text) in AWS_FILES.iter().zip(files) {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }
}

proptest! {
    #![proptest_config(config(200, 0xa75))]

    #[test]
    fn aws_import_survives_byte_mutations(which in 0usize..AWS_FILES.len(), e in edits(6)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut files: Vec<String> = (0..AWS_FILES.len()).map(aws_fixture).collect();
        files[which] = mutate(&files[which], &e);
        write_aws(dir.path(), &files);
        let _ = import(&aws_spec(), dir.path());
    }

    #[test]
    fn aws_import_survives_value_mutations(changes in prop::collection::vec(leaf_edit(), 1..4)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut docs: Vec<serde_json::Value> = (0..AWS_FILES.len())
            .map(|i| serde_json::from_str(&aws_fixture(i)).expect("fixture is JSON"))
            .collect();
        for (file, at, value) in &changes {
            let new: serde_json::Value = serde_json::from_str(value).expect("value is JSON");
            let leaves = count_leaves(&docs[*file]).max(1);
            let mut n = at.index(leaves);
            replace_leaf(&mut docs[*file], &mut n, &new);
        }
        let files: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
        write_aws(dir.path(), &files);
        let _ = import(&aws_spec(), dir.path());
    }
}
