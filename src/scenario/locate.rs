//! Finding where a field path sits in a TOML file, to put a line and column on an issue.
//!
//! Validation names fields by dotted path (`arrivals[1].rate_per_s`); this module parses
//! the original text with spans and walks the path. A path that is not in the file (a
//! default value, or a value set with `--set`) gets no location.

use toml::de::{DeTable, DeValue};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Split `a.b[2].c` (or `a.b.2.c`) into segments.
pub fn split_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            let key = &rest[..open];
            if !key.is_empty() {
                out.push(Segment::Key(key.to_string()));
            }
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let close = stripped.find(']').unwrap_or(stripped.len());
                match stripped[..close].parse() {
                    Ok(i) => out.push(Segment::Index(i)),
                    Err(_) => out.push(Segment::Key(stripped[..close].to_string())),
                }
                rest = stripped.get(close + 1..).unwrap_or("");
            }
        } else if let Ok(i) = rest.parse::<usize>() {
            out.push(Segment::Index(i));
        } else if !rest.is_empty() {
            out.push(Segment::Key(rest.to_string()));
        }
    }
    out
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, col)
}

/// Where the deepest existing part of `path` is written in `text`, as (line, column).
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let root = DeTable::parse(text).ok()?;
    let mut span: Option<std::ops::Range<usize>> = None;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut array: Option<&[toml::Spanned<DeValue>]> = None;
    for seg in split_path(path) {
        let value = match (&seg, table, array) {
            (Segment::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                .map(|(key, v)| (key.span(), v)),
            (Segment::Index(i), _, Some(a)) => a.get(*i).map(|v| (v.span(), v)),
            _ => None,
        };
        let Some((key_span, v)) = value else {
            break;
        };
        span = Some(key_span);
        table = None;
        array = None;
        match v.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a),
            _ => {}
        }
    }
    span.map(|s| line_col(text, s.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name = \"x\"\n\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = -1.0\n\n[[arrivals]]\nkind = \"burst\"\n\n[endpoint]\nrequest_ttl = \"1s\"\n";

    #[test]
    fn finds_nested_keys_and_array_items() {
        assert_eq!(locate(DOC, "arrivals[0].rate_per_s"), Some((5, 1)));
        assert_eq!(locate(DOC, "arrivals.1.kind"), Some((8, 1)));
        assert_eq!(locate(DOC, "endpoint.request_ttl"), Some((11, 1)));
        assert_eq!(locate(DOC, "name"), Some((1, 1)));
    }

    #[test]
    fn missing_leaf_falls_back_to_parent() {
        assert_eq!(locate(DOC, "endpoint.cold_start"), locate(DOC, "endpoint"));
        assert_eq!(locate(DOC, "policy.kind"), None);
    }

    #[test]
    fn splits_both_path_styles() {
        assert_eq!(split_path("a.b[2].c"), split_path("a.b.2.c"));
        assert_eq!(
            split_path("x[0][1]"),
            vec![
                Segment::Key("x".into()),
                Segment::Index(0),
                Segment::Index(1)
            ]
        );
    }
}
