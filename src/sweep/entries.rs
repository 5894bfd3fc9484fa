//! Field-path entries of a sweep file: flattening `set` and `[grid]` tables into
//! `KEY=VALUE` assignments in written order (with spans), point labels, and the cells of the
//! parameter columns.

use crate::scenario::locate::{split_path, Segment};
use crate::scenario::Scenario;
use toml::de::{DeTable, DeValue};
use toml::Value;

/// A field path and its value, with where its key is written (for ordering).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// Dotted field path.
    pub key: String,
    /// The value.
    pub value: Value,
    /// Byte offset of its key in the file (`usize::MAX` if unknown).
    pub pos: usize,
}

pub(super) fn sub<'a, 'i>(t: Option<&'a DeTable<'i>>, key: &str) -> Option<&'a DeTable<'i>> {
    t?.iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .and_then(|(_, v)| match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        })
}

/// The `set` table of each `[[points]]` item, with spans.
pub(super) fn points_de<'a, 'i>(root: Option<&'a DeTable<'i>>) -> Vec<Option<&'a DeTable<'i>>> {
    let items = root.and_then(|r| {
        r.iter()
            .find(|(k, _)| k.get_ref().as_ref() == "points")
            .map(|(_, v)| v.get_ref())
    });
    match items {
        Some(DeValue::Array(items)) => items
            .iter()
            .map(|i| match i.get_ref() {
                DeValue::Table(t) => sub(Some(t), "set"),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Flatten `table` into field-path entries sorted by where they are written. Tables made by
/// dotted keys or headers are walked into; an inline table is one value, unless `grid`
/// (grid leaves are lists, so every table there is a path).
pub(super) fn entries(
    table: &toml::Table,
    de: Option<&DeTable>,
    text: &str,
    grid: bool,
) -> Vec<Entry> {
    let mut out = Vec::new();
    flatten("", table, de, text, grid, &mut out);
    out.sort_by_key(|e| e.pos);
    out
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    de: Option<&DeTable>,
    text: &str,
    grid: bool,
    out: &mut Vec<Entry>,
) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let entry = de.and_then(|d| d.iter().find(|(dk, _)| dk.get_ref().as_ref() == k));
        let pos = entry.map_or(usize::MAX, |(dk, _)| dk.span().start);
        let inline = entry.is_none_or(|(_, dv)| {
            text.get(dv.span().start..)
                .is_none_or(|s| s.starts_with('{'))
        });
        match v {
            Value::Table(t) if grid || !inline => {
                let de_sub = entry.and_then(|(_, dv)| match dv.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                });
                let start = out.len();
                flatten(&key, t, de_sub, text, grid, out);
                for e in &mut out[start..] {
                    e.pos = e.pos.max(pos);
                }
            }
            _ => out.push(Entry {
                key,
                value: v.clone(),
                pos,
            }),
        }
    }
}

/// `KEY=VALUE` as `--set` takes it.
pub(super) fn assignment(e: &Entry) -> String {
    format!("{}={}", e.key, e.value)
}

/// A value as a CSV cell or label: strings bare, everything else as TOML.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn label(own: &[Entry], short: bool) -> String {
    if own.is_empty() {
        return "base".into();
    }
    own.iter()
        .map(|e| {
            let key = if short { short_key(&e.key) } else { &e.key };
            format!("{key}={}", value_text(&e.value))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn label_short(own: &[Entry]) -> String {
    label(own, true)
}

/// The last named segment of a path (`policy.target_tracking[0].target_value` →
/// `target_value`).
pub fn short_key(key: &str) -> &str {
    let tail = key.rsplit('.').next().unwrap_or(key);
    match tail.find('[') {
        Some(0) | None => tail,
        Some(i) => &tail[..i],
    }
}

/// Grid keys, then keys first set by explicit points, each once.
pub(super) fn param_columns(grid: &[(String, Vec<Value>)], explicit: &[Vec<Entry>]) -> Vec<String> {
    let mut cols: Vec<String> = grid.iter().map(|(k, _)| k.clone()).collect();
    for e in explicit.iter().flatten() {
        if !cols.contains(&e.key) {
            cols.push(e.key.clone());
        }
    }
    cols
}

/// The point's value for each column: as set by the point, else the single value its
/// normalised scenario (defaults filled in) has there, else empty (tables and lists the
/// point does not set are left out: they would fill the cell with the whole table).
pub(super) fn cells(params: &[String], own: &[Entry], sc: &Scenario) -> Vec<String> {
    let doc = Value::try_from(&sc.raw).ok();
    params
        .iter()
        .map(|p| match own.iter().rev().find(|e| &e.key == p) {
            Some(e) => value_text(&e.value),
            None => doc
                .as_ref()
                .and_then(|d| lookup(d, p))
                .filter(|v| !matches!(v, Value::Table(_) | Value::Array(_)))
                .map(value_text)
                .unwrap_or_default(),
        })
        .collect()
}

fn lookup<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    split_path(path)
        .iter()
        .try_fold(doc, |v, seg| match (seg, v) {
            (Segment::Key(k), Value::Table(t)) => t.get(k),
            (Segment::Index(i), Value::Array(a)) => a.get(*i),
            _ => None,
        })
}
