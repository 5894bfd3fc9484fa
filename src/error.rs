//! Errors for user input and for the run.
//!
//! Owns the error types every loader returns. An [`Issue`] is one problem found while
//! validating, named by its field path (`endpoint.request_ttl`); validators collect every
//! issue they find in an [`Issues`] collector (with its path builder [`At`]) rather than
//! stopping at the first. A section that cannot be built returns a [`BuildError`] (its
//! issues, or a file it names that cannot be read); the scenario loader turns that into the
//! one loading error, [`InputError`], which adds the file and, where known, the
//! line/column (TOML, JSON) or the row (CSV). All of these are user mistakes: the CLI
//! prints them and exits with code 2.

mod issues;

pub use issues::{At, Issues};

use std::fmt;
use std::path::PathBuf;

/// One validation problem, named by the dotted path of the field it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Dotted field path, e.g. `arrivals[0].rate_per_s` or `endpoint.request_ttl`.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// Line and column (1-based) in the source file, when the loader could find them.
    pub line_col: Option<(usize, usize)>,
}

impl Issue {
    /// A new issue at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            message: message.into(),
            line_col: None,
        }
    }
}

/// Why `d` is not in `[min_s, max_s]` seconds, or `None` when it is.
pub(crate) fn duration_range_message(
    d: crate::time::Duration,
    min_s: f64,
    max_s: f64,
) -> Option<String> {
    use crate::time::Duration;
    let s = d.secs();
    if s.is_finite() && s >= min_s && s <= max_s {
        return None;
    }
    Some(format!(
        "{} is out of range: allowed {} to {}",
        shown_duration(d),
        Duration::from_secs(min_s),
        Duration::from_secs(max_s)
    ))
}

/// A duration for a message (a negative or non-finite one would not format as a duration).
pub(crate) fn shown_duration(d: crate::time::Duration) -> String {
    let s = d.secs();
    if s.is_finite() && s >= 0.0 {
        d.to_string()
    } else {
        format!("{s} seconds")
    }
}

/// Why a section of the input (a distribution, an arrival source, the whole scenario before
/// the loader adds its file) could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Some values are not allowed; every problem found is listed, each with its field path.
    #[error("{} problem(s):\n{}", .0.len(), list_issues(.0))]
    Invalid(Vec<Issue>),
    /// A file named by the section could not be read or has a bad row.
    #[error(transparent)]
    Input(#[from] InputError),
}

impl BuildError {
    /// The loading error for `file`: its issues as [`InputError::Invalid`], or the file error.
    pub fn in_file(self, file: &std::path::Path) -> InputError {
        match self {
            BuildError::Invalid(issues) => InputError::Invalid {
                file: file.to_path_buf(),
                issues,
            },
            BuildError::Input(e) => e,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, col)) = self.line_col {
            write!(f, "line {line}, column {col}: ")?;
        }
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A problem with an input file, with enough location to fix it.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{}: cannot read file: {source}", file.display())]
    Read {
        /// The file.
        file: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The file is not well-formed (TOML/JSON syntax, unknown field, wrong type).
    #[error("{}{}: {message}", file.display(), location(*line, *column))]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line (0 when the problem is in values given with `--set`, which have no
        /// place in the file).
        line: usize,
        /// 1-based column (0 with line 0).
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The file parsed but some values are not allowed; every issue found is listed.
    #[error("{}: {} problem(s):\n{}", file.display(), issues.len(), list_issues(issues))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every issue found.
        issues: Vec<Issue>,
    },
    /// A data file (trace, samples) has a bad row.
    #[error("{}: row {row}{}: {message}", file.display(), field.as_ref().map(|f| format!(", field {f:?}")).unwrap_or_default())]
    Row {
        /// The file.
        file: PathBuf,
        /// 1-based line number in the file (the header is line 1).
        row: u64,
        /// The column name, when the problem is in one field.
        field: Option<String>,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A command-line override (`--set KEY=VALUE`) is malformed.
    #[error("--set {assignment:?}: {message}")]
    Override {
        /// The override as typed.
        assignment: String,
        /// What is wrong.
        message: String,
    },
    /// A problem in one variant of `scalesim compare` (its overrides, or the scenario they
    /// give), or in the list of variants as a whole.
    #[error("{}", variant_message(name, message))]
    Variant {
        /// The variant's name (empty when the problem is not in one variant).
        name: String,
        /// What is wrong, with the file and field when known.
        message: String,
    },
}

fn variant_message(name: &str, message: &str) -> String {
    if name.is_empty() {
        message.to_string()
    } else {
        format!("variant {name:?}: {message}")
    }
}

fn location(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}:{column}")
    }
}

fn list_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  - {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_lists_every_issue_with_location() {
        let mut a = Issue::new("endpoint.request_ttl", "must be at least 60s");
        a.line_col = Some((12, 15));
        let e = InputError::Invalid {
            file: "s.toml".into(),
            issues: vec![a, Issue::new("capacity.min", "must be <= capacity.max (3)")],
        };
        let text = e.to_string();
        assert!(text.contains("s.toml: 2 problem(s)"));
        assert!(text.contains("line 12, column 15: endpoint.request_ttl: must be at least 60s"));
        assert!(text.contains("capacity.min: must be <= capacity.max (3)"));
    }

    #[test]
    fn row_error_names_field() {
        let e = InputError::Row {
            file: "t.csv".into(),
            row: 7,
            field: Some("TIMESTAMP".into()),
            message: "not a time".into(),
        };
        assert_eq!(
            e.to_string(),
            "t.csv: row 7, field \"TIMESTAMP\": not a time"
        );
    }
}
