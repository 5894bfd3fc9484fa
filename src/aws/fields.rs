//! Small shared helpers for validating AWS request fields (crate-private).
//!
//! Owns the field-path joining convention used by every AWS validator in [`crate::aws`]
//! (paths use the AWS PascalCase names, e.g.
//! `StepScalingPolicyConfiguration.StepAdjustments[1].MetricIntervalLowerBound`) and the
//! length / enum / integer-range checks shared by `cli_json`, `cli_alarm` and `step`.
//! Lengths are counted in Unicode scalar values, which is what the AWS `min`/`max`
//! string constraints of docs/aws-semantics.md §5 count for the ASCII names used in practice.

use crate::error::Issue;

/// `prefix.field`, or just `field` when the prefix is empty.
pub(crate) fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// `prefix[index]`.
pub(crate) fn index(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

/// Push an issue unless `min <= len(value) <= max`.
pub(crate) fn check_len(issues: &mut Vec<Issue>, path: &str, value: &str, min: usize, max: usize) {
    let n = value.chars().count();
    if n < min || n > max {
        let what = if min == 0 {
            format!("at most {max} characters")
        } else {
            format!("between {min} and {max} characters")
        };
        issues.push(Issue::new(path, format!("must be {what} long (got {n})")));
    }
}

/// [`check_len`] for an optional field.
pub(crate) fn check_opt_len(
    issues: &mut Vec<Issue>,
    path: &str,
    value: Option<&String>,
    min: usize,
    max: usize,
) {
    if let Some(v) = value {
        check_len(issues, path, v, min, max);
    }
}

/// Push an issue unless `value` is one of `allowed`.
pub(crate) fn check_one_of(issues: &mut Vec<Issue>, path: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        issues.push(Issue::new(
            path,
            format!(
                "{value:?} is not a valid value; expected one of: {}",
                allowed.join(", ")
            ),
        ));
    }
}

/// Push an issue when a required (on create) field is absent.
pub(crate) fn require<T>(issues: &mut Vec<Issue>, path: &str, value: &Option<T>, why: &str) {
    if value.is_none() {
        issues.push(Issue::new(path, format!("is required {why}")));
    }
}

/// Push an issue when `value < min`.
pub(crate) fn check_min_i64(issues: &mut Vec<Issue>, path: &str, value: i64, min: i64) {
    if value < min {
        issues.push(Issue::new(
            path,
            format!("must be at least {min} (got {value})"),
        ));
    }
}

/// Push an issue when a double is NaN or infinite.
pub(crate) fn check_finite(issues: &mut Vec<Issue>, path: &str, value: f64) {
    if !value.is_finite() {
        issues.push(Issue::new(
            path,
            format!("must be a finite number (got {value})"),
        ));
    }
}

/// A metric-data-query `Id`: starts with a lowercase letter, then letters, digits or `_`.
pub(crate) fn check_query_id(issues: &mut Vec<Issue>, path: &str, id: &str) {
    check_len(issues, path, id, 1, 255);
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !(id.is_empty() || first_ok && rest_ok) {
        issues.push(Issue::new(
            path,
            format!(
                "{id:?} is not a valid Id: it must start with a lowercase letter and contain only letters, digits and underscores"
            ),
        ));
    }
}

/// Push every problem with a `Period` value (docs/aws-semantics.md §5.5: 10, 20, 30 or k·60).
pub(crate) fn check_period(v: &mut Vec<Issue>, path: &str, period: i32) {
    if !(period == 10 || period == 20 || period == 30 || (period >= 60 && period % 60 == 0)) {
        v.push(Issue::new(
            path,
            format!("must be 10, 20, 30 or a multiple of 60 seconds (got {period})"),
        ));
    }
}

/// Metric math: exactly one query of a non-empty list returns data (`ReturnData` omitted
/// counts as true), for both alarms and target tracking (docs/aws-semantics.md §5.3, §5.5).
pub(crate) fn check_one_returning(
    issues: &mut Vec<Issue>,
    path: &str,
    return_data: impl Iterator<Item = Option<bool>>,
) {
    let (mut queries, mut returning) = (0usize, 0usize);
    for r in return_data {
        queries += 1;
        returning += usize::from(r != Some(false));
    }
    if queries > 0 && returning != 1 {
        issues.push(Issue::new(
            path,
            format!("exactly one query must have ReturnData true (omitted counts as true); {returning} do"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths() {
        assert_eq!(join("", "A"), "A");
        assert_eq!(join("A", "B"), "A.B");
        assert_eq!(index("A.B", 2), "A.B[2]");
    }

    #[test]
    fn checks_lengths_and_ids() {
        let mut v = Vec::new();
        check_len(&mut v, "X", "", 1, 3);
        check_len(&mut v, "X", "abcd", 1, 3);
        check_len(&mut v, "X", "abc", 1, 3);
        assert_eq!(v.len(), 2);
        assert!(v[0].message.contains("between 1 and 3"));
        let mut v = Vec::new();
        check_query_id(&mut v, "Id", "m1");
        check_query_id(&mut v, "Id", "M1");
        check_query_id(&mut v, "Id", "m-1");
        assert_eq!(v.len(), 2);
    }
}
