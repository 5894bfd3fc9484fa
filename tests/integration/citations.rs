//! The repository explains itself: every citation of the AWS rules points at a section that
//! exists in `docs/aws-semantics.md` (or `docs/aws-inputs.md`), nothing cites a document the
//! repository does not hold, and the paths the docs name exist.
//!
//! Scanned: every text file under `src/`, `tests/`, `benches/`, `docs/`, `scenarios/`, and
//! `README.md`, except this file.
//! Checked on each line (the failure lists `file:line` and what to do):
//! * a section `§X` (or both ends of `§X–Y`) missing from the document it cites. A `§` belongs
//!   to the nearest `aws-semantics.md` / `aws-inputs.md` named before it on the same line;
//!   with none, to `docs/aws-semantics.md` (to `docs/aws-inputs.md` inside that file);
//! * the old citation form, the word "spec" followed by a section number (also across a line
//!   break), "spec section" or "spec's" (a spec of something else, e.g. a workload spec,
//!   is fine);
//! * a path into the shared directory outside the repository;
//! * in `docs/**/*.md`, a backticked `src/...` path that does not exist.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const SEMANTICS: &str = "docs/aws-semantics.md";
const INPUTS: &str = "docs/aws-inputs.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The section numbers of a document: headings `## 1 ...`, `### 1.12 ...`.
fn sections(rel: &str) -> BTreeSet<String> {
    let path = root().join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{rel} must exist: the code cites its sections ({e}); restore or write it")
    });
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start_matches('#');
            if rest.len() == line.len() || !rest.starts_with(' ') {
                return None;
            }
            let (num, _) = section_number(rest.trim_start())?;
            Some(num.to_string())
        })
        .collect()
}

/// A section number `N` or `N.M` at the start of `s`, and the rest.
fn section_number(s: &str) -> Option<(&str, &str)> {
    let int_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if int_end == 0 {
        return None;
    }
    let mut end = int_end;
    let after = &s[int_end..];
    if let Some(frac) = after.strip_prefix('.') {
        let frac_len = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        if frac_len > 0 {
            end = int_end + 1 + frac_len;
        }
    }
    Some((&s[..end], &s[end..]))
}

/// Every text file under the scanned roots, sorted, as (relative path, text).
fn scanned_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let root = root();
    let mut paths = vec![root.join("README.md")];
    for dir in ["src", "tests", "benches", "docs", "scenarios"] {
        walk(&root.join(dir), &mut paths);
    }
    paths.sort();
    // This file names the old forms on purpose.
    paths
        .into_iter()
        .filter(|p| !p.ends_with("tests/integration/citations.rs"))
        .filter_map(|p| {
            let text = String::from_utf8(fs::read(&p).ok()?).ok()?;
            let rel = p
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, text))
        })
        .collect()
}

/// The sections cited on `line`, each with the document it cites.
fn cited_sections(line: &str, default_doc: &'static str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut doc = default_doc;
    let mut rest = line;
    loop {
        let next_sect = rest.find('§');
        let next_doc = [("aws-semantics.md", SEMANTICS), ("aws-inputs.md", INPUTS)]
            .iter()
            .filter_map(|&(name, d)| rest.find(name).map(|i| (i, name.len(), d)))
            .min();
        match (next_sect, next_doc) {
            (_, Some((i, len, d))) if next_sect.is_none_or(|s| i < s) => {
                doc = d;
                rest = &rest[i + len..];
            }
            (Some(s), _) => {
                rest = &rest[s + '§'.len_utf8()..];
                let Some((first, after)) = section_number(rest) else {
                    continue;
                };
                out.push((doc, first.to_string()));
                let after_dash = after.strip_prefix('–').or_else(|| after.strip_prefix('-'));
                if let Some((second, _)) = after_dash.and_then(section_number) {
                    out.push((doc, second.to_string()));
                }
            }
            _ => return out,
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Why `text[i..]`, which starts with the word "spec" (any case), is an old-style citation.
fn old_citation(text: &str, i: usize) -> Option<&'static str> {
    let word = "spec";
    if text[..i].chars().next_back().is_some_and(is_ident) {
        return None;
    }
    let after = &text[i + word.len()..];
    if after.starts_with('\'') && after[1..].starts_with('s') {
        return Some("\"spec's\"");
    }
    if after.chars().next().is_some_and(is_ident) {
        return None;
    }
    // Skip spaces and, across a line break, a comment's leading `//`, `//!`, `///` or `*`.
    let trimmed = after.trim_start_matches(|c: char| c.is_whitespace());
    let trimmed = if after[..after.len() - trimmed.len()].contains('\n') {
        trimmed
            .trim_start_matches(['/', '!', '*', '#'])
            .trim_start()
    } else {
        trimmed
    };
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        return Some("a section number after \"spec\"");
    }
    if trimmed.to_ascii_lowercase().starts_with("section") {
        return Some("\"spec section\"");
    }
    None
}

/// Backticked spans of `line` that are paths under `src/`.
fn src_paths(line: &str) -> Vec<&str> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| span.starts_with("src/"))
        .filter(|span| !span.contains(['*', '<', ' ', '{']))
        .map(|span| span.split(':').next().unwrap_or(span))
        .collect()
}

#[test]
fn every_citation_points_into_the_repository() {
    let semantics = sections(SEMANTICS);
    let inputs = sections(INPUTS);
    assert!(
        semantics.contains("1.12") && semantics.contains("7.8"),
        "{SEMANTICS} has no numbered headings such as `### 1.12 Several policies at once`"
    );
    let shared = ["..", "/shared"].concat();
    let mut problems = Vec::new();
    for (file, text) in scanned_files() {
        let default_doc = if file == INPUTS { INPUTS } else { SEMANTICS };
        let line_of = |byte: usize| text[..byte].matches('\n').count() + 1;
        for (n, line) in text.lines().enumerate() {
            let at = format!("{file}:{}", n + 1);
            for (doc, section) in cited_sections(line, default_doc) {
                let known = if doc == INPUTS { &inputs } else { &semantics };
                if !known.contains(&section) {
                    problems.push(format!(
                        "{at}: cites §{section}, which {doc} does not have: cite an existing \
                         section or add a heading `### {section} ...` to {doc}"
                    ));
                }
            }
            if line.contains(&shared) {
                problems.push(format!(
                    "{at}: names {shared}, which is outside the repository: point at a file \
                     in the repository instead"
                ));
            }
            if file.starts_with("docs/") && file.ends_with(".md") {
                for p in src_paths(line) {
                    if !root().join(p).exists() {
                        problems.push(format!(
                            "{at}: `{p}` does not exist: correct the path (files may have moved)"
                        ));
                    }
                }
            }
        }
        let lower = text.to_ascii_lowercase();
        for (i, _) in lower.match_indices("spec") {
            if let Some(why) = old_citation(&text, i) {
                problems.push(format!(
                    "{file}:{}: old citation form ({why}): cite `{SEMANTICS} §N.N` instead \
                     (run the citation rewrite script, or edit by hand)",
                    line_of(i)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} citation problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_reads_citations_as_intended() {
    let cited = cited_sections(
        "(docs/aws-semantics.md §2.2–2.6, §6.3; docs/aws-inputs.md §3) §1.8",
        SEMANTICS,
    );
    let want: Vec<(&str, String)> = [
        (SEMANTICS, "2.2"),
        (SEMANTICS, "2.6"),
        (SEMANTICS, "6.3"),
        (INPUTS, "3"),
        (INPUTS, "1.8"),
    ]
    .iter()
    .map(|&(d, s)| (d, s.to_string()))
    .collect();
    assert_eq!(cited, want);
    let old = ["(sp", "ec 1.12)"].concat();
    assert!(old_citation(&old, 1).is_some());
    let across = ["sp", "ec\n//! 6.1"].concat();
    assert!(old_citation(&across, 0).is_some());
    assert!(old_citation("a validated spec (x)", 12).is_none());
    assert!(old_citation("AasSpec 1", 3).is_none());
    assert_eq!(
        src_paths("see `src/aws/spec.rs:12` and `x`"),
        ["src/aws/spec.rs"]
    );
}
