//! Samples files for `kind = "empirical"` distributions.
//!
//! Owns the file format and its error messages. A samples file is CSV or plain text
//! holding durations as plain numbers of seconds (`0.25`, `12`, `1.5e-3`), one per line:
//!
//! * with `column = "name"`, the first line is a header and the named column is used
//!   (other columns are ignored);
//! * without `column`, every line holds one value; a first line that is not a number is
//!   taken as a header (its name is used in error messages), but only if it has a single
//!   field — a file with several columns needs `column`.
//!
//! Fields are separated by commas, may be double-quoted and are trimmed; blank lines are
//! skipped and a UTF-8 byte-order mark is ignored. Line numbers count every line.
//! Values must be finite and >= 0. Errors are [`InputError::Row`] naming the 1-based line,
//! the column (when known) and the bad value.

use super::MAX_DURATION_SECS;
use crate::error::InputError;
use crate::time::parse_duration_secs;
use std::path::Path;

/// Read every sample (in seconds) from `file`; see the module docs for the format.
/// The result is never empty.
pub fn load_samples(file: &Path, column: Option<&str>) -> Result<Vec<f64>, InputError> {
    let bytes = std::fs::read(file).map_err(|source| InputError::Read {
        file: file.to_path_buf(),
        source,
    })?;
    let data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);

    let row_err = |row: u64, field: Option<&str>, message: String| InputError::Row {
        file: file.to_path_buf(),
        row,
        field: field.map(str::to_string),
        message,
    };
    let one_per_line = |n: usize| {
        format!("found {n} values on one line; a samples file without `column` holds one number per line")
    };

    // (index of the value field, its name) once known.
    let mut selected: Option<(usize, Option<String>)> = None;
    // (line, text) of the header; the text only when it was guessed (no `column`).
    let mut header_line: Option<(u64, Option<String>)> = None;
    let mut last_nonblank = 0u64;
    let mut samples = Vec::new();

    for (i, raw) in data.split(|&b| b == b'\n').enumerate() {
        let line = i as u64 + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let text = std::str::from_utf8(raw)
            .map_err(|_| row_err(line, None, "the line is not valid UTF-8 text".to_string()))?;
        let fields = split_fields(text).map_err(|m| row_err(line, None, m))?;
        if fields.iter().all(String::is_empty) {
            continue; // blank line
        }
        last_nonblank = line;

        if selected.is_none() {
            // First non-blank line: decide which field holds the values.
            match column {
                Some(wanted) => {
                    let Some(i) = fields.iter().position(|h| h == wanted) else {
                        let available: Vec<String> =
                            fields.iter().map(|h| format!("{h:?}")).collect();
                        return Err(row_err(
                            line,
                            Some(wanted),
                            format!(
                                "no column named {wanted:?} in the header; available columns: {}",
                                available.join(", ")
                            ),
                        ));
                    };
                    selected = Some((i, Some(wanted.to_string())));
                    header_line = Some((line, None));
                    continue;
                }
                None if fields.len() > 1 => {
                    let message = if fields.iter().all(|f| f.parse::<f64>().is_ok()) {
                        one_per_line(fields.len())
                    } else {
                        let names: Vec<String> = fields.iter().map(|h| format!("{h:?}")).collect();
                        format!(
                            "the file has {} columns ({}); set `column` to the one holding seconds",
                            fields.len(),
                            names.join(", ")
                        )
                    };
                    return Err(row_err(line, None, message));
                }
                None => {
                    let first = fields.first().cloned().unwrap_or_default();
                    if first.parse::<f64>().is_err() {
                        selected = Some((0, Some(first.clone())));
                        header_line = Some((line, Some(first)));
                        continue;
                    }
                    selected = Some((0, None)); // no header: this line is a value
                }
            }
        }
        let Some((index, name)) = &selected else {
            continue; // unreachable: set above
        };
        if column.is_none() && fields.len() > 1 {
            return Err(row_err(line, name.as_deref(), one_per_line(fields.len())));
        }
        let value = fields.get(*index).map(String::as_str);
        samples.push(parse_value(value, line, name.as_deref(), &row_err)?);
    }

    if samples.is_empty() {
        let message = match header_line {
            Some((h, None)) => {
                format!("no samples after the header on line {h}; expected one number of seconds per line")
            }
            Some((h, Some(text))) => format!(
                "no samples after line {h}, which was taken as a header because {text:?} is not a number; \
                 expected one number of seconds per line"
            ),
            None => "the file has no samples; expected one number of seconds per line".to_string(),
        };
        return Err(row_err(last_nonblank + 1, column, message));
    }
    Ok(samples)
}

/// Split one CSV line into trimmed fields. Fields may be double-quoted (`"a,b"`, with
/// `""` for a literal quote); a quoted field cannot span lines.
fn split_fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut in_quotes = false;
    while let Some(c) = chars.next() {
        match (in_quotes, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => in_quotes = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field).trim().to_string()),
            (false, c) => field.push(c),
        }
    }
    if in_quotes {
        return Err("a quoted field is not closed on this line".to_string());
    }
    fields.push(field.trim().to_string());
    Ok(fields)
}

/// Parse one value of seconds, or say what is wrong with it.
fn parse_value(
    text: Option<&str>,
    line: u64,
    field: Option<&str>,
    row_err: &dyn Fn(u64, Option<&str>, String) -> InputError,
) -> Result<f64, InputError> {
    const ALLOWED: &str = "each value must be a finite number of seconds >= 0";
    let message = match text {
        None | Some("") => format!("missing value; {ALLOWED}"),
        Some(t) => match t.parse::<f64>() {
            Ok(v) if v.is_nan() => format!("value {t:?} is not a number; {ALLOWED}"),
            Ok(v) if v.is_infinite() => format!("value {t:?} is infinite; {ALLOWED}"),
            Ok(v) if v < 0.0 => format!("value {t:?} is negative; {ALLOWED}"),
            Ok(v) if v > MAX_DURATION_SECS => format!("value {t:?} is too large; {ALLOWED}"),
            Ok(v) => return Ok(v),
            Err(_) => match parse_duration_secs(t) {
                Ok(s) => format!("value {t:?} has a unit; write plain seconds instead, e.g. {s}"),
                Err(_) => format!("value {t:?} is not a number; {ALLOWED}, e.g. 1.25"),
            },
        },
    };
    Err(row_err(line, field, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(content: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(content.as_bytes()).unwrap();
        f
    }

    fn row_error(e: InputError) -> (u64, Option<String>, String) {
        match e {
            InputError::Row {
                row,
                field,
                message,
                ..
            } => (row, field, message),
            other => panic!("expected a row error, got {other:?}"),
        }
    }

    #[test]
    fn plain_list() {
        let f = file("0.5\n1\n\n  2.5  \r\n1e-3\n");
        assert_eq!(
            load_samples(f.path(), None).unwrap(),
            [0.5, 1.0, 2.5, 0.001]
        );
    }

    #[test]
    fn single_column_header_is_detected() {
        let f = file("\u{feff}latency_s\n0.5\n1.5\n");
        assert_eq!(load_samples(f.path(), None).unwrap(), [0.5, 1.5]);
        let f = file("latency_s\n0.5\nfast\n");
        let (row, field, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!((row, field.as_deref()), (3, Some("latency_s")));
        assert!(message.contains("\"fast\" is not a number"), "{message}");
    }

    #[test]
    fn line_numbers_count_blank_lines() {
        let f = file("0.5\r\n\r\n\r\nabc\r\n");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 4);
        assert!(message.contains("\"abc\""), "{message}");
    }

    #[test]
    fn quoted_fields() {
        let f = file("\"name, with comma\",\"lat\"\"s\"\n\"x,y\", \"0.5\" \n");
        assert_eq!(load_samples(f.path(), Some("lat\"s")).unwrap(), [0.5]);
        let f = file("a,b\n\"1,0.5\n");
        let (row, _, message) = row_error(load_samples(f.path(), Some("b")).unwrap_err());
        assert_eq!(row, 2);
        assert!(message.contains("not closed"), "{message}");
    }

    #[test]
    fn header_and_column() {
        let f = file("id,latency_s,tokens\n1,0.25,100\n2,0.75,300\n");
        assert_eq!(
            load_samples(f.path(), Some("latency_s")).unwrap(),
            [0.25, 0.75]
        );
    }

    #[test]
    fn unknown_column_lists_available() {
        let f = file("id,latency_s,tokens\n1,0.25,100\n");
        let e = load_samples(f.path(), Some("latency")).unwrap_err();
        let text = e.to_string();
        let (row, field, message) = row_error(e);
        assert_eq!((row, field.as_deref()), (1, Some("latency")));
        assert!(
            message.contains(r#"available columns: "id", "latency_s", "tokens""#),
            "{message}"
        );
        assert!(text.contains("row 1"), "{text}");
    }

    #[test]
    fn several_columns_without_column_is_an_error() {
        let f = file("id,latency_s\n1,0.25\n");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 1);
        assert!(
            message.contains("set `column`") && message.contains("\"latency_s\""),
            "{message}"
        );
        let f = file("0.5\n0.25,0.5\n");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 2);
        assert!(message.contains("one number per line"), "{message}");
    }

    #[test]
    fn bad_rows_name_line_and_value() {
        let f = file("0.5\n1.0\n-2\n");
        let (row, field, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!((row, field), (3, None));
        assert!(message.contains("\"-2\" is negative"), "{message}");

        let f = file("a,b\n1,0.5\n2,NaN\n");
        let e = load_samples(f.path(), Some("b")).unwrap_err();
        assert!(
            e.to_string()
                .contains("row 3, field \"b\": value \"NaN\" is not a number"),
            "{e}"
        );

        let f = file("1.0\n2s\n");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 2);
        assert!(
            message.contains("has a unit") && message.contains("e.g. 2"),
            "{message}"
        );

        let f = file("a,b\n1,0.5\n2\n");
        let (row, field, message) = row_error(load_samples(f.path(), Some("b")).unwrap_err());
        assert_eq!((row, field.as_deref()), (3, Some("b")));
        assert!(message.contains("missing value"), "{message}");

        let f = file("0.5\ninf\n");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 2);
        assert!(message.contains("infinite"), "{message}");
    }

    #[test]
    fn empty_files_are_errors() {
        let f = file("");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 1);
        assert!(message.contains("no samples"), "{message}");
        let f = file("latency_s\n\n");
        let (_, _, message) = row_error(load_samples(f.path(), Some("latency_s")).unwrap_err());
        assert!(
            message.contains("no samples after the header on line 1"),
            "{message}"
        );
        let f = file("\n12 ms\n");
        let (row, _, message) = row_error(load_samples(f.path(), None).unwrap_err());
        assert_eq!(row, 3);
        assert!(
            message.contains("after line 2, which was taken as a header because \"12 ms\""),
            "{message}"
        );
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = load_samples(&dir.path().join("nope.csv"), None).unwrap_err();
        assert!(matches!(e, InputError::Read { .. }), "{e:?}");
        assert!(e.to_string().contains("nope.csv: cannot read file"), "{e}");
    }
}
