//! Variants of a scenario for `scalesim compare`: named sets of field overrides, each giving
//! a whole scenario that runs on the same arrivals as the others.
//!
//! Variants come from the scenario file or from the command line, never both (command-line
//! variants replace the file's):
//!
//! ```toml
//! [[variants]]
//! name = "min-one"                       # letters, digits, - and _
//! description = "one warm instance"      # optional, shown in the report
//! set = { "capacity.min" = 1, "capacity.initial" = 1, "policy" = { kind = "fixed" } }
//! ```
//!
//! ```text
//! --variant 'min-one:capacity.min=1,capacity.initial=1,policy={ kind = "fixed" }'
//! ```
//!
//! Each `set` entry is exactly a `--set` assignment: the key is a dotted field path (quoted,
//! since it holds dots), the value a TOML value that replaces the field; a table value
//! (`"policy" = { kind = "fixed" }`, or a `[variants.set.policy]` sub-table, which is how
//! `scalesim validate` prints it) replaces the whole table, like
//! `--set policy={ kind = "fixed" }`. An unquoted dotted key (`capacity.min = 1`) is an
//! error: TOML reads it as `capacity = { min = 1 }`, which would silently replace the
//! whole `[capacity]`; the message gives the quoted form. A variant scenario is the base
//! document, then the command line's `--set`, then the variant's assignments, loaded and
//! validated by the normal loader; errors name the variant (and, for a file variant, the
//! line of the offending `set` entry). The file's `[[variants]]` are read in
//! `variants_file.rs`.

use super::locate::split_path;
use super::{overrides, Scenario};
use crate::error::InputError;
use std::path::Path;

#[path = "variants_file.rs"]
mod file;
use file::file_variants;

/// One variant, loaded and ready to run.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its name: output folder, row and chart label.
    pub name: String,
    /// Free text from the file (none for command-line variants).
    pub description: Option<String>,
    /// Its own overrides as `KEY=VALUE`, applied after the command line's `--set`.
    pub overrides: Vec<String>,
    /// The scenario it gives (its `variants` list emptied).
    pub scenario: Scenario,
}

/// A scenario and the variants to compare; the first variant is the baseline.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The scenario as written, with the command line's `--set` applied.
    pub base: Scenario,
    /// The variants, in order; at least one.
    pub variants: Vec<Variant>,
}

/// Longest variant name accepted.
const MAX_NAME_LEN: usize = 64;

/// One `KEY=VALUE` assignment of a variant, with where it was written.
#[derive(Debug, Clone, PartialEq)]
struct Assignment {
    /// The dotted path.
    key: String,
    /// `KEY=VALUE`, as given to [`overrides::apply`].
    text: String,
    /// Line and column of the key in the scenario file (file variants only).
    line_col: Option<(usize, usize)>,
}

/// A variant before loading.
#[derive(Debug, Clone, PartialEq)]
struct VariantDef {
    name: String,
    description: Option<String>,
    assignments: Vec<Assignment>,
}

/// Load the scenario at `path` and its variants: `cli_variants` (`NAME:KEY=VALUE,...`)
/// when given, else the file's `[[variants]]`. `cli_overrides` (`--set`) apply to every
/// variant, before its own overrides.
pub fn variant_scenarios(
    path: &Path,
    cli_overrides: &[String],
    cli_variants: &[String],
) -> Result<Comparison, InputError> {
    let text = std::fs::read_to_string(path).map_err(|source| InputError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    from_text(&text, path, base_dir, cli_overrides, cli_variants)
}

/// [`variant_scenarios`] on scenario `text`, as if read from `file`, resolving data paths
/// from `base_dir`.
pub fn from_text(
    text: &str,
    file: &Path,
    base_dir: &Path,
    cli_overrides: &[String],
    cli_variants: &[String],
) -> Result<Comparison, InputError> {
    let base = super::from_text(text, file, base_dir, cli_overrides)?;
    let defs = if cli_variants.is_empty() {
        file_variants(text, file, &base)?
    } else {
        cli_variants
            .iter()
            .map(|v| parse_cli_variant(v))
            .collect::<Result<Vec<_>, _>>()?
    };
    if defs.is_empty() {
        return Err(InputError::Variant {
            name: String::new(),
            message: no_variants_message(file),
        });
    }
    check_names(&defs)?;
    let variants = defs
        .into_iter()
        .map(|def| load_variant(text, file, base_dir, cli_overrides, &base, def))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Comparison { base, variants })
}

fn no_variants_message(file: &Path) -> String {
    format!(
        "{}: no variants to compare. Add [[variants]] blocks to the scenario, e.g.\n\n  \
         [[variants]]\n  name = \"min-one\"\n  set = {{ \"capacity.min\" = 1, \"capacity.initial\" = 1 }}\n\n\
         or give them on the command line: --variant NAME:KEY=VALUE,KEY=VALUE (repeatable). \
         The first variant is the baseline.",
        file.display()
    )
}

/// Parse `NAME:KEY=VALUE,KEY=VALUE` (or `NAME` alone: the scenario unchanged). Values may
/// hold commas inside brackets, braces or quotes: only top-level commas separate.
fn parse_cli_variant(spec: &str) -> Result<VariantDef, InputError> {
    let (name, rest) = spec.split_once(':').unwrap_or((spec, ""));
    let name = name.trim().to_string();
    let fail = |message: String| InputError::Variant {
        name: name.clone(),
        message: format!("--variant {spec:?}: {message}"),
    };
    check_name(&name).map_err(|m| fail(format!("{m}; write NAME:KEY=VALUE,KEY=VALUE")))?;
    let mut assignments = Vec::new();
    for piece in split_top_level(rest, ',') {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let Some((key, _)) = piece.split_once('=') else {
            return Err(fail(format!(
                "{piece:?} is not KEY=VALUE (quote values that contain commas: key=\"a, b\")"
            )));
        };
        assignments.push(Assignment {
            key: key.trim().to_string(),
            text: piece.to_string(),
            line_col: None,
        });
    }
    Ok(VariantDef {
        name,
        description: None,
        assignments,
    })
}

/// Split `s` at every `sep` that is not inside `[...]`, `{...}`, `"..."` (with backslash
/// escapes) or `'...'`. Unbalanced brackets leave the rest in the last piece.
pub fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                c if c == sep && depth == 0 => {
                    pieces.push(&s[start..i]);
                    start = i + c.len_utf8();
                }
                _ => {}
            },
        }
    }
    pieces.push(&s[start..]);
    pieces
}

/// Variant names become folder names: letters, digits, `-` and `_`, at most 64.
fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the variant name is empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!("the name is longer than {MAX_NAME_LEN} characters"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "{c:?} is not allowed in a variant name (letters, digits, - and _ only)"
        ));
    }
    Ok(())
}

fn check_names(defs: &[VariantDef]) -> Result<(), InputError> {
    for (i, d) in defs.iter().enumerate() {
        check_name(&d.name).map_err(|message| InputError::Variant {
            name: d.name.clone(),
            message,
        })?;
        if let Some(first) = defs[..i]
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(&d.name))
        {
            return Err(InputError::Variant {
                name: d.name.clone(),
                message: format!(
                    "the name is already used by variant {:?} (names must differ, ignoring case)",
                    first.name
                ),
            });
        }
    }
    Ok(())
}

fn load_variant(
    text: &str,
    file: &Path,
    base_dir: &Path,
    cli_overrides: &[String],
    base: &Scenario,
    def: VariantDef,
) -> Result<Variant, InputError> {
    let fail = |message: String| InputError::Variant {
        name: def.name.clone(),
        message,
    };
    // Apply the assignments to the parsed document one by one, to say which one is
    // malformed; the scenario is then built from that document (not parsed again).
    let mut doc: toml::Table = toml::from_str(text).unwrap_or_default();
    for o in cli_overrides {
        overrides::apply(&mut doc, o)?;
    }
    let mut all = cli_overrides.to_vec();
    for a in &def.assignments {
        if let Err(e) = overrides::apply(&mut doc, &a.text) {
            let message = match e {
                InputError::Override { message, .. } => message,
                other => other.to_string(),
            };
            return Err(fail(format!("{}: {message}", where_set(file, a))));
        }
        all.push(a.text.clone());
    }
    let mut scenario = super::from_document(doc, text, file, base_dir, &all)
        .map_err(|e| fail(relocate(e, file, &def.assignments)))?;
    scenario.raw.variants.clear();
    if scenario.raw.seed != base.raw.seed {
        return Err(fail(format!(
            "it sets seed = {}, but every variant runs on the same seed (common random numbers); \
             use --seed to change it for all",
            scenario.raw.seed
        )));
    }
    Ok(Variant {
        name: def.name,
        description: def.description,
        overrides: def.assignments.into_iter().map(|a| a.text).collect(),
        scenario,
    })
}

fn where_set(file: &Path, a: &Assignment) -> String {
    match a.line_col {
        Some((line, col)) => format!("{}:{line}:{col}: set {:?}", file.display(), a.key),
        None => format!("{:?}", a.text),
    }
}

/// The message of a variant's load error, with each issue caused by a variant field given
/// the line of its `set` entry, and no misleading `0:0` location on override syntax errors.
fn relocate(e: InputError, file: &Path, assignments: &[Assignment]) -> String {
    match e {
        InputError::Invalid { file, mut issues } => {
            for issue in issues.iter_mut().filter(|i| i.line_col.is_none()) {
                let path = split_path(&issue.path);
                issue.line_col = assignments
                    .iter()
                    .find(|a| path.starts_with(&split_path(&a.key)))
                    .and_then(|a| a.line_col);
            }
            InputError::Invalid { file, issues }.to_string()
        }
        InputError::Syntax {
            line: 0, message, ..
        } => {
            let keys: Vec<&str> = assignments.iter().map(|a| a.key.as_str()).collect();
            format!(
                "{}: {} (after the overrides {})",
                file.display(),
                message
                    .trim_start_matches("after --set: ")
                    .split(" (overrides: ")
                    .next()
                    .unwrap_or_default(),
                keys.join(", ")
            )
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
#[path = "variants_tests.rs"]
mod tests;
