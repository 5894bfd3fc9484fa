//! Where each request of an import comes from and how it is read: a [`RequestSource`] is
//! a `--cli-input-json` file or one object of a `describe-*` output; [`load`] parses it
//! (syntax errors with line and column, a bad object as an issue at its JSON path) and
//! [`invalid`] reports a request's issues against its file, under its prefix. A child of
//! `import.rs`.

use super::parse_json;
use crate::error::{InputError, Issue};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// One request to import: a `--cli-input-json` file, or one object of a `describe-*`
/// output (`describe-scaling-policies.json`, `ScalingPolicies[2]`) read as the request it
/// describes.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSource {
    /// How messages name it: the file name as written, or `file: ScalingPolicies[2]`.
    pub name: String,
    /// The file that holds it; errors are reported against it.
    pub file: PathBuf,
    /// JSON path of the request within the file (empty for a whole file); the paths of its
    /// issues are prefixed with it.
    pub prefix: String,
    /// The request.
    pub body: RequestBody,
}

/// The JSON of a [`RequestSource`].
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    /// The whole of [`RequestSource::file`], read when it is imported (so that a bad
    /// earlier file is reported before a later one is missing).
    File,
    /// A whole file's text (syntax errors carry line and column).
    Text(String),
    /// An object already parsed.
    Value(serde_json::Value),
}

/// One input: its name as written, the file, the JSON path prefix, and the issues found.
pub(super) struct Src {
    pub(super) name: String,
    pub(super) path: PathBuf,
    pub(super) prefix: String,
    pub(super) issues: Vec<Issue>,
}

/// The request file `name`, relative to `base_dir`.
pub(super) fn file_source(base_dir: &Path, name: &str) -> RequestSource {
    RequestSource {
        name: name.to_string(),
        file: base_dir.join(name),
        prefix: String::new(),
        body: RequestBody::File,
    }
}

/// Parse `req` as a `T`.
pub(super) fn load<T: DeserializeOwned>(req: &RequestSource) -> Result<(Src, T), InputError> {
    let src = || Src {
        name: req.name.clone(),
        path: req.file.clone(),
        prefix: req.prefix.clone(),
        issues: Vec::new(),
    };
    let read;
    let text = match &req.body {
        RequestBody::File => {
            read = std::fs::read_to_string(&req.file).map_err(|source| InputError::Read {
                file: req.file.clone(),
                source,
            })?;
            Ok(read.as_str())
        }
        RequestBody::Text(text) => Ok(text.as_str()),
        RequestBody::Value(v) => Err(v),
    };
    match text {
        Ok(text) => match parse_json::<T>(text) {
            Ok(t) => Ok((src(), t)),
            Err(issue) => {
                let (line, column) = issue.line_col.unwrap_or((1, 1));
                // serde_json appends " at line L column C", which the error carries already.
                let message = match issue.message.rfind(" at line ") {
                    Some(i) => issue.message[..i].to_string(),
                    None => issue.message,
                };
                Err(InputError::Syntax {
                    file: req.file.clone(),
                    line,
                    column,
                    message,
                })
            }
        },
        Err(v) => match T::deserialize(v) {
            Ok(t) => Ok((src(), t)),
            Err(e) => {
                let mut s = src();
                s.issues.push(Issue::new("", e.to_string()));
                Err(invalid(s))
            }
        },
    }
}

/// The issues of `src` as the loading error of its file, their paths under its prefix.
pub(super) fn invalid(src: Src) -> InputError {
    let prefix = src.prefix;
    let issues = src
        .issues
        .into_iter()
        .map(|mut i| {
            i.path = match (prefix.is_empty(), i.path.is_empty()) {
                (true, _) => i.path,
                (false, true) => prefix.clone(),
                (false, false) => format!("{prefix}.{}", i.path),
            };
            i
        })
        .collect();
    InputError::Invalid {
        file: src.path,
        issues,
    }
}
