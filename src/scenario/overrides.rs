//! `--set KEY=VALUE` overrides applied to a parsed scenario document before validation.
//!
//! KEY is a dotted field path (`endpoint.max_concurrent_invocations_per_instance`,
//! `arrivals[0].rate_per_s` or `arrivals.0.rate_per_s`); missing tables are created.
//! VALUE is read as a TOML value (`4`, `1.5`, `true`, `"10m"`, `{ kind = "exponential",
//! mean = "2s" }`); anything that is not valid TOML is taken as a string, so `--set
//! horizon=2h` works without quotes. Unknown field names are caught by validation.

use super::locate::{split_path, Segment};
use crate::error::InputError;
use toml::{Table, Value};

/// Apply one `KEY=VALUE` assignment to `doc`.
pub fn apply(doc: &mut Table, assignment: &str) -> Result<(), InputError> {
    let fail = |message: String| InputError::Override {
        assignment: assignment.to_string(),
        message,
    };
    let (key, raw) = assignment
        .split_once('=')
        .ok_or_else(|| fail("expected KEY=VALUE, e.g. endpoint.request_ttl=1h".into()))?;
    let path = split_path(key.trim());
    let Some((last, parents)) = path.split_last() else {
        return Err(fail("the key is empty".into()));
    };
    let value = parse_value(raw.trim());
    let mut root = Value::Table(std::mem::take(doc));
    let result = set_in(&mut root, parents, last, value).map_err(fail);
    if let Value::Table(t) = root {
        *doc = t;
    }
    result
}

fn set_in(
    root: &mut Value,
    parents: &[Segment],
    last: &Segment,
    value: Value,
) -> Result<(), String> {
    let mut cursor = root;
    for seg in parents {
        cursor = step(cursor, seg, true)?;
    }
    match (last, cursor) {
        (Segment::Key(k), Value::Table(t)) => {
            t.insert(k.clone(), value);
            Ok(())
        }
        (Segment::Index(i), Value::Array(a)) => {
            let len = a.len();
            let slot = a
                .get_mut(*i)
                .ok_or_else(|| format!("index {i} is out of range: the list has {len} item(s)"))?;
            *slot = value;
            Ok(())
        }
        (Segment::Index(i), _) => Err(format!("[{i}]: this field is not a list")),
        (Segment::Key(k), _) => Err(format!("cannot set {k:?}: its parent is not a table")),
    }
}

fn step<'v>(v: &'v mut Value, seg: &Segment, create: bool) -> Result<&'v mut Value, String> {
    match (seg, v) {
        (Segment::Key(k), Value::Table(t)) => {
            if !t.contains_key(k) && create {
                t.insert(k.clone(), Value::Table(Table::new()));
            }
            t.get_mut(k).ok_or_else(|| format!("no field {k:?}"))
        }
        (Segment::Index(i), Value::Array(a)) => {
            let len = a.len();
            a.get_mut(*i)
                .ok_or_else(|| format!("index {i} is out of range: the list has {len} item(s)"))
        }
        (Segment::Index(i), _) => Err(format!("[{i}]: this field is not a list")),
        (Segment::Key(k), _) => Err(format!("{k:?}: the parent is not a table")),
    }
}

fn parse_value(raw: &str) -> Value {
    match format!("v = {raw}").parse::<Table>() {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or_else(|| Value::String(raw.to_string())),
        Err(_) => Value::String(raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        "horizon = \"1h\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\n"
            .parse()
            .unwrap()
    }

    #[test]
    fn sets_nested_and_indexed_fields() {
        let mut d = doc();
        apply(&mut d, "arrivals[0].rate_per_s=2.5").unwrap();
        apply(&mut d, "endpoint.max_concurrent_invocations_per_instance=4").unwrap();
        apply(&mut d, "horizon=2h").unwrap();
        assert_eq!(d["arrivals"][0]["rate_per_s"].as_float(), Some(2.5));
        assert_eq!(
            d["endpoint"]["max_concurrent_invocations_per_instance"].as_integer(),
            Some(4)
        );
        assert_eq!(
            d["horizon"].as_str(),
            Some("2h"),
            "bare text becomes a string"
        );
    }

    #[test]
    fn errors_name_the_problem_and_keep_the_document() {
        let mut d = doc();
        let e = apply(&mut d, "arrivals[3].rate_per_s=1").unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
        assert!(apply(&mut d, "no_equals_sign").is_err());
        assert!(
            d.contains_key("arrivals"),
            "document restored after an error"
        );
    }
}
