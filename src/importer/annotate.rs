//! Comments in a generated TOML file: `# from <file>: <JSON path>` above each value, so
//! that every value of an imported scenario says where it came from (or that it is a
//! default, and why). Uses `toml_edit`, which keeps the document as written.

use toml_edit::{DocumentMut, Item, Table};

/// One segment of a dotted path: a key and, for arrays of tables, an index.
fn segments(path: &str) -> Vec<(String, Option<usize>)> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once('[') {
            Some((k, rest)) => (
                k.to_string(),
                rest.trim_end_matches(']').parse::<usize>().ok(),
            ),
            None => (s.to_string(), None),
        })
        .collect()
}

/// `# line` for each line of `comment`, wrapped at about 96 columns.
fn comment_lines(comment: &str) -> String {
    let mut out = String::new();
    for para in comment.lines() {
        let mut line = String::from("#");
        for word in para.split_whitespace() {
            if line.len() + 1 + word.len() > 96 && line.len() > 1 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn set_table_prefix(t: &mut Table, text: &str) {
    let old = t
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    let lead = if old.trim().is_empty() {
        "\n"
    } else {
        old.as_str()
    };
    t.decor_mut().set_prefix(format!("{lead}{text}"));
}

/// Put `comment` above the value or table at dotted `path` (`endpoint.instance_type`,
/// `policy.target_tracking[0]`). Returns false when the path is not in the document.
pub fn annotate(doc: &mut DocumentMut, path: &str, comment: &str) -> bool {
    let segs = segments(path);
    let text = comment_lines(comment);
    let Some(((last_key, last_index), parents)) = segs.split_last() else {
        return false;
    };
    let mut table: &mut Table = doc.as_table_mut();
    for (key, index) in parents {
        let Some(item) = table.get_mut(key) else {
            return false;
        };
        table = match (item, index) {
            (Item::Table(t), None) => t,
            (Item::ArrayOfTables(a), Some(i)) => match a.get_mut(*i) {
                Some(t) => t,
                None => return false,
            },
            _ => return false,
        };
    }
    let is_table = matches!(
        (table.get(last_key), last_index),
        (Some(Item::Table(_)), None) | (Some(Item::ArrayOfTables(_)), Some(_))
    );
    if is_table {
        let sub = match (table.get_mut(last_key), last_index) {
            (Some(Item::Table(t)), None) => t,
            (Some(Item::ArrayOfTables(a)), Some(i)) => match a.get_mut(*i) {
                Some(t) => t,
                None => return false,
            },
            _ => return false,
        };
        if sub.is_implicit() {
            // No header is printed: comment its first entry instead.
            let first = sub.iter().next().map(|(k, _)| k.to_string());
            return match first {
                Some(k) => {
                    let child = format!("{path}.{k}");
                    annotate(doc, &child, comment)
                }
                None => false,
            };
        }
        set_table_prefix(sub, &text);
        return true;
    }
    match table.key_mut(last_key) {
        Some(mut k) => {
            k.leaf_decor_mut().set_prefix(text);
            true
        }
        None => false,
    }
}

/// The document with a block of comment lines at its top.
pub fn with_header(doc: &DocumentMut, header: &str) -> String {
    format!("{}\n{}", comment_lines(header), doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_land_above_values_and_tables() {
        let mut doc: DocumentMut = "name = \"x\"\n\n[endpoint]\ninstance_type = \"ml.g5.xlarge\"\n\n[[arrivals]]\nkind = \"trace\"\n\n[endpoint.cold_start.provisioning]\nkind = \"deterministic\"\nvalue = \"5m\"\n"
            .parse()
            .unwrap();
        assert!(annotate(
            &mut doc,
            "name",
            "from describe-endpoint.json: EndpointName"
        ));
        assert!(annotate(&mut doc, "endpoint.instance_type", "from config"));
        assert!(annotate(&mut doc, "arrivals[0]", "the trace"));
        assert!(annotate(&mut doc, "endpoint.cold_start", "fitted"));
        assert!(!annotate(&mut doc, "endpoint.missing", "nothing"));
        let text = doc.to_string();
        assert!(
            text.contains("# from describe-endpoint.json: EndpointName\nname = \"x\""),
            "{text}"
        );
        assert!(text.contains("# from config\ninstance_type"), "{text}");
        assert!(text.contains("# the trace\n[[arrivals]]"), "{text}");
        assert!(
            text.contains("# fitted\n[endpoint.cold_start.provisioning]"),
            "{text}"
        );
        let back: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(back["name"].as_str(), Some("x"));
    }
}
