//! The one issue collector every validator writes to, and its path builder.
//!
//! A validator walks the raw input and, for each value that is not allowed, pushes an
//! [`Issue`] at the field's path, built step by step:
//! `issues.at("policy").index("target_tracking", 0).field("target_value").push("…")` gives
//! `policy.target_tracking[0].target_value: …`. The collector also keeps the first file
//! error met (a trace or samples file that cannot be read) and the warnings, so that one
//! `&mut Issues` is all a section's validation needs. [`Issues::finish`] turns what was
//! collected into the section's [`BuildError`].

use super::{duration_range_message, shown_duration, BuildError, InputError, Issue};
use crate::time::Duration;

/// Every issue found so far, the first file error and the warnings.
#[derive(Debug, Default)]
pub struct Issues {
    list: Vec<Issue>,
    input: Option<InputError>,
    warnings: Vec<String>,
}

impl Issues {
    /// An empty collector.
    pub fn new() -> Issues {
        Issues::default()
    }

    /// A path builder rooted at `path` (a section, `policy`, or a dotted path such as
    /// `endpoint.request_ttl`; empty for the root).
    pub fn at(&mut self, path: impl Into<String>) -> At<'_> {
        At {
            issues: self,
            path: path.into(),
        }
    }

    /// Add one issue.
    pub fn push(&mut self, issue: Issue) {
        self.list.push(issue);
    }

    /// Add issues found by another validator (their paths already complete).
    pub fn extend(&mut self, issues: impl IntoIterator<Item = Issue>) {
        self.list.extend(issues);
    }

    /// Add a warning (a value that is allowed but probably not meant).
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    /// Add warnings.
    pub fn warn_all(&mut self, warnings: impl IntoIterator<Item = String>) {
        self.warnings.extend(warnings);
    }

    /// The value of a section that was built, or `None` after taking its issues (or its
    /// file error, when it is the first one).
    pub fn take<T>(&mut self, built: Result<T, BuildError>) -> Option<T> {
        match built {
            Ok(v) => Some(v),
            Err(BuildError::Invalid(issues)) => {
                self.list.extend(issues);
                None
            }
            Err(BuildError::Input(e)) => {
                self.input.get_or_insert(e);
                None
            }
        }
    }

    /// Whether nothing is wrong (no issue, no file error).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.input.is_none()
    }

    /// How many issues were collected so far (to tell whether a step added any).
    pub fn issue_count(&self) -> usize {
        self.list.len()
    }

    /// The warnings collected so far.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The warnings, or what is wrong: the first file error if any, else every issue.
    pub fn finish(self) -> Result<Vec<String>, BuildError> {
        if let Some(e) = self.input {
            return Err(BuildError::Input(e));
        }
        if !self.list.is_empty() {
            return Err(BuildError::Invalid(self.list));
        }
        Ok(self.warnings)
    }

    /// The issues alone (for validators that read no file), dropping the warnings.
    pub fn into_issues(self) -> Vec<Issue> {
        self.list
    }

    /// The issues `validate` writes under a path builder rooted at `path` (for the unit
    /// tests of one validator).
    #[cfg(test)]
    pub(crate) fn collected_at(path: &str, validate: impl FnOnce(&mut At)) -> Vec<Issue> {
        let mut issues = Issues::new();
        validate(&mut issues.at(path));
        issues.into_issues()
    }
}

/// A field path being built, and the collector its issues go to.
#[derive(Debug)]
pub struct At<'a> {
    issues: &'a mut Issues,
    path: String,
}

impl At<'_> {
    /// The sub-field `name`: `policy` → `policy.name`.
    pub fn field(&mut self, name: &str) -> At<'_> {
        let path = if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        };
        At {
            issues: self.issues,
            path,
        }
    }

    /// Element `i` of the list `name`: `policy` → `policy.name[i]`.
    pub fn index(&mut self, name: &str, i: usize) -> At<'_> {
        let mut at = self.field(name);
        at.path = format!("{}[{i}]", at.path);
        at
    }

    /// The path built so far.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The collector (to pass to a validator of a sub-section).
    pub fn issues(&mut self) -> &mut Issues {
        self.issues
    }

    /// An issue at this path.
    pub fn push(&mut self, message: impl Into<String>) {
        self.issues.push(Issue::new(self.path.clone(), message));
    }

    /// A warning about this path (`path: warning`).
    pub fn warn(&mut self, warning: impl std::fmt::Display) {
        let text = format!("{}: {warning}", self.path);
        self.issues.warn(text);
    }

    /// An issue unless `d` lies in `[min_s, max_s]` seconds; whether it does.
    pub fn duration_in(&mut self, d: Duration, min_s: f64, max_s: f64) -> bool {
        match duration_range_message(d, min_s, max_s) {
            Some(message) => {
                self.push(message);
                false
            }
            None => true,
        }
    }

    /// An issue unless `lo <= v <= hi` (`v is out of range: allowed lo to hi`); whether it is.
    pub fn count_in(&mut self, v: u32, lo: u32, hi: u32) -> bool {
        let ok = (lo..=hi).contains(&v);
        if !ok {
            self.push(format!("{v} is out of range: allowed {lo} to {hi}"));
        }
        ok
    }

    /// An issue unless `d` is a positive duration (at least 1 µs) of at most `max_s`
    /// seconds; whether it is.
    pub fn positive_duration_up_to(&mut self, d: Duration, max_s: f64) -> bool {
        let s = d.secs();
        let ok = s.is_finite() && d.to_sim().0 != 0 && s <= max_s;
        if !ok {
            self.push(format!(
                "{} is out of range: allowed more than 0s, up to {}",
                shown_duration(d),
                Duration::from_secs(max_s)
            ));
        }
        ok
    }

    /// An issue unless `d` is a whole number of seconds from 1 s to `max_s`: the period of a
    /// control loop (HPA sync, KEDA polling, Knative tick); whether it is. Whole seconds keep
    /// the ticks of two such loops (their gcd) at least a second apart.
    pub fn period_in_whole_seconds(&mut self, d: Duration, max_s: f64) -> bool {
        let s = d.secs();
        let ok = s.is_finite() && s >= 1.0 && s <= max_s && s.fract() == 0.0;
        if !ok {
            self.push(format!(
                "{} is not allowed: give a whole number of seconds from 1s to {}",
                shown_duration(d),
                Duration::from_secs(max_s)
            ));
        }
        ok
    }

    /// An issue unless `v` is a finite number with `ok(v)` (`v is not allowed: allowed`,
    /// where `allowed` says what is); whether it is.
    pub fn number_where(&mut self, v: f64, ok: impl Fn(f64) -> bool, allowed: &str) -> bool {
        let fine = v.is_finite() && ok(v);
        if !fine {
            self.push(format!("{v} is not allowed: {allowed}"));
        }
        fine
    }

    /// An issue when `name` is empty or blank; whether it is not.
    pub fn not_empty(&mut self, name: &str) -> bool {
        let ok = !name.trim().is_empty();
        if !ok {
            self.push("must not be empty");
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_built_by_field_and_index() {
        let mut issues = Issues::new();
        issues
            .at("policy")
            .index("target_tracking", 0)
            .field("target_value")
            .push("must be > 0");
        let mut root = issues.at("");
        root.field("horizon").push("must be > 0");
        root.index("arrivals", 2).field("rate_per_s").push("is NaN");
        let list = issues.into_issues();
        let paths: Vec<&str> = list.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "policy.target_tracking[0].target_value",
                "horizon",
                "arrivals[2].rate_per_s"
            ]
        );
    }

    #[test]
    fn finish_prefers_the_file_error_and_keeps_warnings() {
        let mut issues = Issues::new();
        issues.at("a").warn("check this");
        assert_eq!(issues.finish().unwrap(), ["a: check this"]);

        let mut issues = Issues::new();
        issues.at("x").count_in(0, 1, 10);
        let read = InputError::Read {
            file: "t.csv".into(),
            source: std::io::Error::other("gone"),
        };
        assert_eq!(issues.take::<()>(Err(BuildError::Input(read))), None);
        assert!(matches!(
            issues.finish(),
            Err(BuildError::Input(InputError::Read { .. }))
        ));
    }

    #[test]
    fn range_checks_say_what_is_allowed() {
        let mut issues = Issues::new();
        assert!(!issues.at("n").count_in(0, 1, 1000));
        assert!(issues
            .at("d")
            .duration_in(Duration::from_secs(5.0), 1.0, 60.0));
        assert!(!issues
            .at("d")
            .duration_in(Duration::from_secs(0.5), 1.0, 60.0));
        assert!(!issues.at("name").not_empty("  "));
        assert!(!issues
            .at("w")
            .positive_duration_up_to(Duration::from_secs(0.0), 60.0));
        assert!(issues
            .at("w")
            .positive_duration_up_to(Duration::from_secs(60.0), 60.0));
        assert!(!issues
            .at("p")
            .period_in_whole_seconds(Duration::from_secs(1.5), 60.0));
        assert!(issues
            .at("p")
            .period_in_whole_seconds(Duration::from_secs(15.0), 60.0));
        assert!(!issues.at("x").number_where(f64::NAN, |_| true, "a number"));
        assert!(!issues.at("x").number_where(-1.0, |v| v >= 0.0, "0 or more"));
        assert!(issues.at("x").number_where(0.0, |v| v >= 0.0, "0 or more"));
        let text: Vec<String> = issues.into_issues().iter().map(|i| i.to_string()).collect();
        assert_eq!(text[0], "n: 0 is out of range: allowed 1 to 1000");
        assert_eq!(text[1], "d: 0.5s is out of range: allowed 1s to 1m");
        assert_eq!(text[2], "name: must not be empty");
        assert_eq!(
            text[3],
            "w: 0s is out of range: allowed more than 0s, up to 1m"
        );
        assert_eq!(
            text[4],
            "p: 1.5s is not allowed: give a whole number of seconds from 1s to 1m"
        );
        assert_eq!(text[5], "x: NaN is not allowed: a number");
        assert_eq!(text[6], "x: -1 is not allowed: 0 or more");
        assert_eq!(text.len(), 7);
    }
}
