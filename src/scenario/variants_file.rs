//! The `[[variants]]` of a scenario file as [`VariantDef`]s: each `set` entry becomes a
//! `KEY=VALUE` assignment located at its key's line and column, and an unquoted dotted key
//! (`capacity.min = 1`, which TOML reads as a whole `capacity` table) is refused with the
//! quoted form to write instead. A child of `variants.rs`.

use super::{Assignment, VariantDef};
use crate::error::InputError;
use crate::scenario::locate::line_col;
use crate::scenario::Scenario;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The file's `[[variants]]` as assignments, located in `text`.
pub(super) fn file_variants(
    text: &str,
    file: &Path,
    base: &Scenario,
) -> Result<Vec<VariantDef>, InputError> {
    let spanned = DeTable::parse(text).ok();
    let de_items: Vec<&DeTable> = spanned
        .as_ref()
        .and_then(|root| de_get(root.get_ref(), "variants"))
        .map(|(_, v)| match v.get_ref() {
            DeValue::Array(items) => items.iter().filter_map(|i| de_table(i)).collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let mut defs = Vec::new();
    for (i, v) in base.raw.variants.iter().enumerate() {
        let de_set = de_items
            .get(i)
            .and_then(|t| de_get(t, "set"))
            .and_then(|(_, v)| de_table(v));
        let mut assignments = Vec::new();
        for (key, value) in &v.set {
            let entry = de_set.and_then(|d| de_get(d, key));
            let line_col = entry.map(|(k, _)| line_col(text, k.span().start));
            if let (toml::Value::Table(t), Some((_, de_value))) = (value, entry) {
                if is_dotted(de_value, text) {
                    return Err(InputError::Variant {
                        name: v.name.clone(),
                        message: dotted_key_message(file, line_col, key, t),
                    });
                }
            }
            assignments.push(Assignment {
                text: format!("{key}={value}"),
                key: key.clone(),
                line_col,
            });
        }
        defs.push(VariantDef {
            name: v.name.clone(),
            description: v.description.clone(),
            assignments,
        });
    }
    Ok(defs)
}

type DeEntry<'a, 'i> = (
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
);

fn de_get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<DeEntry<'a, 'i>> {
    t.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

fn de_table<'a, 'i>(v: &'a Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

/// A table made by an unquoted dotted key (`capacity.min = 1`) rather than written inline
/// (`{ ... }`) or as a `[variants.set.x]` sub-table: the parser gives it the key's span.
fn is_dotted(value: &Spanned<DeValue>, text: &str) -> bool {
    text.get(value.span().start..)
        .is_some_and(|s| !(s.starts_with('{') || s.starts_with('[')))
}

/// Why an unquoted dotted key in `set` is refused, with the quoted form to write instead.
fn dotted_key_message(
    file: &Path,
    line_col: Option<(usize, usize)>,
    key: &str,
    table: &toml::Table,
) -> String {
    let mut leaves = Vec::new();
    leaf_paths(key, table, &mut leaves);
    let at = line_col.map_or(String::new(), |(l, c)| format!(":{l}:{c}"));
    format!(
        "{}{at}: in `set`, the unquoted dotted key {key}.… is TOML for {key} = {{ … }}, which \
         would replace the whole {key} table. Quote the path to set single fields: {}",
        file.display(),
        leaves.join(", ")
    )
}

fn leaf_paths(prefix: &str, table: &toml::Table, out: &mut Vec<String>) {
    for (k, v) in table {
        let path = format!("{prefix}.{k}");
        match v {
            toml::Value::Table(t) => leaf_paths(&path, t, out),
            v => out.push(format!("{path:?} = {v}")),
        }
    }
}
