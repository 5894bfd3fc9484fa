//! Reading JSON with the path of every value, for messages that point at the field.
//!
//! Owns the JSON paths (`ScalingActivities[3].StartTime`), the typed getters that turn a
//! wrong or missing member into an [`Issue`] at its path ([`Obj`]), the conversion of
//! serde_json's syntax errors into [`InputError::Syntax`]; the timestamps of every AWS CLI
//! output (made [`UtcMicros`]) are read in `timestamp` and re-exported here. Nothing here
//! panics on any input.

use super::UtcMicros;
use crate::error::{InputError, Issue};
use serde_json::{Map, Value};
use std::path::Path;

pub use super::timestamp::{format_utc, normalise_times, parse_time_str, parse_time_value};
/// `path.key` (just `key` at the top level).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[i]`.
pub fn at(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// The kind of a JSON value, with its article, for messages (`a string`, `a list`).
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `s` quoted for a message, shortened to 60 characters.
pub fn shown(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

/// `s` quoted in full, for names and ids in messages.
pub fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// serde_json's message without its own " at line L column C" suffix (the error carries
/// the position already).
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// A syntax error of `file` from serde_json, with its line and column.
pub fn syntax_error(file: &Path, e: &serde_json::Error) -> InputError {
    let mut message = strip_position(&e.to_string());
    if message.starts_with("trailing characters") {
        message.push_str(
            " after the end of the JSON document (several outputs in one file? \
             save each page of a command in its own file)",
        );
    }
    InputError::Syntax {
        file: file.to_path_buf(),
        line: e.line().max(1),
        column: e.column().max(1),
        message,
    }
}

/// A JSON object being read, with its path; its getters push an [`Issue`] at the
/// member's path for a value of the wrong type (and, for `req_*`, a missing one). `null`
/// counts as absent.
#[derive(Debug, Clone)]
pub struct Obj<'a> {
    /// The members.
    pub map: &'a Map<String, Value>,
    /// JSON path of the object (empty at the top of a file).
    pub path: String,
}

impl<'a> Obj<'a> {
    /// `v` as an object at `path`, or an issue saying it is not one.
    pub fn of(v: &'a Value, path: impl Into<String>, issues: &mut Vec<Issue>) -> Option<Obj<'a>> {
        let path = path.into();
        match v {
            Value::Object(map) => Some(Obj { map, path }),
            other => {
                issues.push(Issue::new(
                    path,
                    format!("expected an object, found {}", type_name(other)),
                ));
                None
            }
        }
    }

    /// The path of member `key`.
    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Member `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Whether member `key` is present and not null.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn wrong(&self, key: &str, expected: &str, found: &Value, issues: &mut Vec<Issue>) {
        issues.push(Issue::new(
            self.path_of(key),
            format!("expected {expected}, found {}", type_name(found)),
        ));
    }

    fn missing(&self, key: &str, expected: &str, issues: &mut Vec<Issue>) {
        issues.push(Issue::new(
            self.path_of(key),
            format!("missing: the AWS CLI always prints this member ({expected})"),
        ));
    }

    /// Optional string member.
    pub fn str(&self, key: &str, issues: &mut Vec<Issue>) -> Option<&'a str> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            other => {
                self.wrong(key, "a string", other, issues);
                None
            }
        }
    }

    /// Required string member.
    pub fn req_str(&self, key: &str, issues: &mut Vec<Issue>) -> Option<&'a str> {
        if !self.has(key) {
            self.missing(key, "a string", issues);
            return None;
        }
        self.str(key, issues)
    }

    /// Optional whole number from 0 to 4294967295.
    pub fn u32(&self, key: &str, issues: &mut Vec<Issue>) -> Option<u32> {
        let v = self.get(key)?;
        match to_u32(v) {
            Ok(n) => Some(n),
            Err(message) => {
                issues.push(Issue::new(self.path_of(key), message));
                None
            }
        }
    }

    /// Optional number.
    pub fn f64(&self, key: &str, issues: &mut Vec<Issue>) -> Option<f64> {
        match self.get(key)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.wrong(key, "a number", other, issues);
                None
            }
        }
    }

    /// Optional `true`/`false`.
    pub fn bool(&self, key: &str, issues: &mut Vec<Issue>) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong(key, "true or false", other, issues);
                None
            }
        }
    }

    /// Optional timestamp (see [`parse_time_value`]).
    pub fn time(&self, key: &str, issues: &mut Vec<Issue>) -> Option<UtcMicros> {
        let v = self.get(key)?;
        match parse_time_value(v) {
            Ok(t) => Some(t),
            Err(message) => {
                issues.push(Issue::new(self.path_of(key), message));
                None
            }
        }
    }

    /// Required timestamp.
    pub fn req_time(&self, key: &str, issues: &mut Vec<Issue>) -> Option<UtcMicros> {
        if !self.has(key) {
            self.missing(key, "a timestamp", issues);
            return None;
        }
        self.time(key, issues)
    }

    /// Optional list: its elements with their paths (empty when absent).
    pub fn list(&self, key: &str, issues: &mut Vec<Issue>) -> Vec<(String, &'a Value)> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let base = self.path_of(key);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (at(&base, i), v))
                    .collect()
            }
            Some(other) => {
                self.wrong(key, "a list", other, issues);
                Vec::new()
            }
        }
    }

    /// Required list.
    pub fn req_list(&self, key: &str, issues: &mut Vec<Issue>) -> Vec<(String, &'a Value)> {
        if !self.has(key) {
            self.missing(key, "a list", issues);
            return Vec::new();
        }
        self.list(key, issues)
    }

    /// Optional object member.
    pub fn obj(&self, key: &str, issues: &mut Vec<Issue>) -> Option<Obj<'a>> {
        let v = self.get(key)?;
        Obj::of(v, self.path_of(key), issues)
    }

    /// Optional list of strings.
    pub fn strings(&self, key: &str, issues: &mut Vec<Issue>) -> Vec<String> {
        let mut out = Vec::new();
        for (path, v) in self.list(key, issues) {
            match v {
                Value::String(s) => out.push(s.clone()),
                other => issues.push(Issue::new(
                    path,
                    format!("expected a string, found {}", type_name(other)),
                )),
            }
        }
        out
    }

    /// Optional `[{"Name": ..., "Value": ...}]` list, as (name, value).
    pub fn dimensions(&self, key: &str, issues: &mut Vec<Issue>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, v) in self.list(key, issues) {
            let Some(d) = Obj::of(v, path, issues) else {
                continue;
            };
            if let (Some(n), Some(v)) = (d.req_str("Name", issues), d.req_str("Value", issues)) {
                out.push((n.to_string(), v.to_string()));
            }
        }
        out
    }
}

/// A JSON number as a whole number from 0 to 4294967295 (`5.0` is accepted).
pub fn to_u32(v: &Value) -> Result<u32, String> {
    let range = "expected a whole number from 0 to 4294967295";
    let Value::Number(n) = v else {
        return Err(format!("{range}, found {}", type_name(v)));
    };
    if let Some(u) = n.as_u64() {
        return u32::try_from(u).map_err(|_| format!("{range}, found {u}"));
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f) => {
            // In range and whole: the conversion is exact.
            Ok(f as u32)
        }
        _ => Err(format!("{range}, found {n}")),
    }
}
