//! CSV access shared by the `trace` and `counts` sources.
//!
//! Owns opening a data file relative to the scenario folder, checking the fields every
//! file source has, finding columns by name, turning `csv` errors into [`InputError`]s with
//! exact 1-based file lines (header = line 1), and noticing rows out of time order.

use super::timefmt::TimeFormat;
use crate::error::{InputError, Issue};
use csv::StringRecord;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Check the fields every file source has. Returns the time format and the explicit
/// origin (microseconds on the format's axis), or `None` after pushing issues.
pub(crate) fn check_file_fields(
    file_path: &str,
    time_column: &str,
    time_format: &str,
    origin: Option<&str>,
    path: &str,
    issues: &mut Vec<Issue>,
) -> Option<(TimeFormat, Option<i64>)> {
    let before = issues.len();
    if file_path.trim().is_empty() {
        issues.push(Issue::new(
            format!("{path}.path"),
            "must name a CSV file (relative to the scenario file)",
        ));
    }
    if time_column.trim().is_empty() {
        issues.push(Issue::new(
            format!("{path}.time_column"),
            "must name the CSV column that holds the timestamps",
        ));
    }
    let format = match TimeFormat::new(time_format) {
        Ok(f) => Some(f),
        Err(message) => {
            issues.push(Issue::new(format!("{path}.time_format"), message));
            None
        }
    };
    let origin_micros = match (&format, origin) {
        (Some(f), Some(_)) if f.is_offset() => {
            issues.push(Issue::new(
                format!("{path}.origin"),
                "offset_s times are already relative to the simulation start; remove origin",
            ));
            None
        }
        (Some(f), Some(text)) => match f.parse(text) {
            Ok(m) => Some(m),
            Err(message) => {
                issues.push(Issue::new(format!("{path}.origin"), message));
                None
            }
        },
        _ => None,
    };
    (issues.len() == before).then_some((format?, origin_micros))
}

/// An open CSV data file with its header row. The file is read into memory at once (the
/// loaders keep every row anyway), which also lets row numbers be exact: `csv` reports a
/// record's position before the blank lines and line-ending bytes that precede it, so
/// [`CsvFile::next_row`] steps over those to find the record's real first line.
pub(crate) struct CsvFile {
    /// The resolved path, for error messages.
    pub(crate) file: PathBuf,
    reader: csv::Reader<Cursor<Vec<u8>>>,
    headers: StringRecord,
}

impl CsvFile {
    /// Open `path` (relative to `base_dir` unless absolute) and read its header row.
    pub(crate) fn open(base_dir: &Path, path: &str) -> Result<CsvFile, InputError> {
        let file = base_dir.join(path);
        let bytes = std::fs::read(&file).map_err(|source| InputError::Read {
            file: file.clone(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(Cursor::new(bytes));
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(csv_error(&file, e, reader.get_ref().get_ref())),
        };
        if headers.iter().all(str::is_empty) {
            return Err(InputError::Row {
                file,
                row: 1,
                field: None,
                message: "the file is empty; expected a header row naming the columns, then one \
                          row per data point"
                    .into(),
            });
        }
        Ok(CsvFile {
            file,
            reader,
            headers,
        })
    }

    /// Index of the column called `name`; the error lists the columns present.
    pub(crate) fn column(&self, name: &str) -> Result<usize, InputError> {
        let clean = |h: &str| h.trim_start_matches('\u{feff}').to_string();
        if let Some(i) = self.headers.iter().position(|h| clean(h) == name) {
            return Ok(i);
        }
        let present: Vec<String> = self
            .headers
            .iter()
            .map(|h| format!("{:?}", clean(h)))
            .collect();
        Err(self.row_error(
            1,
            Some(name),
            format!(
                "no column named {name:?}; the columns are {}",
                present.join(", ")
            ),
        ))
    }

    /// Read the next data row into `rec`; returns its 1-based file line, `None` at the end.
    pub(crate) fn next_row(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        let result = self.reader.read_record(rec);
        let bytes = self.reader.get_ref().get_ref();
        match result {
            Ok(true) => Ok(Some(rec.position().map_or(0, |p| real_line(p, bytes)))),
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(&self.file, e, bytes)),
        }
    }
    /// Field `index` (named `name`) of `rec`, at `line`.
    pub(crate) fn field<'r>(
        &self,
        rec: &'r StringRecord,
        index: usize,
        name: &str,
        line: u64,
    ) -> Result<&'r str, InputError> {
        rec.get(index).ok_or_else(|| {
            self.row_error(
                line,
                Some(name),
                "the row has no value for this column".into(),
            )
        })
    }

    /// A row error in this file.
    pub(crate) fn row_error(&self, row: u64, field: Option<&str>, message: String) -> InputError {
        InputError::Row {
            file: self.file.clone(),
            row,
            field: field.map(str::to_string),
            message,
        }
    }
}

/// The 1-based line of the record whose `csv` position is `pos`: `csv` sets the position
/// before skipping blank lines and the `\n` of a `\r\n` ending, so step over those.
fn real_line(pos: &csv::Position, bytes: &[u8]) -> u64 {
    let start = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    let skipped = bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .filter(|b| **b == b'\n')
        .count();
    pos.line() + skipped as u64
}

fn csv_error(file: &Path, e: csv::Error, bytes: &[u8]) -> InputError {
    let row = e.position().map_or(0, |p| real_line(p, bytes));
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => InputError::Read {
            file: file.to_path_buf(),
            source,
        },
        _ => InputError::Row {
            file: file.to_path_buf(),
            row,
            field: None,
            message,
        },
    }
}

/// Tracks rows that are out of time order while a file is read in file order.
#[derive(Debug, Default)]
pub(crate) struct Disorder {
    prev: Option<i64>,
    /// Rows earlier than the row before them.
    count: u64,
    /// Line of the first such row.
    first_line: u64,
}

impl Disorder {
    /// Record the next row's time (on the format's axis) and file line.
    pub(crate) fn see(&mut self, t: i64, line: u64) {
        if self.prev.is_some_and(|p| t < p) {
            if self.count == 0 {
                self.first_line = line;
            }
            self.count += 1;
        }
        self.prev = Some(t);
    }

    /// True if any row was out of order.
    pub(crate) fn any(&self) -> bool {
        self.count > 0
    }

    /// The warning to report after sorting, if any row was out of order.
    pub(crate) fn warning(&self, file: &Path) -> Option<String> {
        self.any().then(|| {
            format!(
                "{}: {} row(s) are earlier than the row before them (first at line {}); the \
                 rows were sorted by time (stable: equal times keep file order)",
                file.display(),
                self.count,
                self.first_line
            )
        })
    }
}

/// Helpers for the loaders' tests.
#[cfg(test)]
pub(crate) mod test_util {
    use crate::error::InputError;
    use crate::workload::BuildError;

    /// A temporary folder holding one file `name` with `content`.
    pub(crate) fn dir_with(name: &str, content: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), content).unwrap();
        dir
    }

    /// The (row, field, message) of a row error; panics on anything else.
    pub(crate) fn row_error(e: BuildError) -> (u64, Option<String>, String) {
        match e {
            BuildError::Input(InputError::Row {
                row,
                field,
                message,
                ..
            }) => (row, field, message),
            other => panic!("expected a row error, got {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_lines_are_exact() {
        let dir = tempfile::tempdir().unwrap();
        let text = "a,b\r\n1,2\r\n\r\n\n3,4\r\n\"5\n5\",6\r\n7,8\r\n9\r\n";
        std::fs::write(dir.path().join("f.csv"), text).unwrap();
        let mut f = CsvFile::open(dir.path(), "f.csv").unwrap();
        let mut rec = StringRecord::new();
        let mut lines = Vec::new();
        let err = loop {
            match f.next_row(&mut rec) {
                Ok(Some(line)) => lines.push(line),
                Ok(None) => panic!("expected an error for the short row"),
                Err(e) => break e,
            }
        };
        assert_eq!(lines, [2, 5, 6, 8]);
        assert!(matches!(err, InputError::Row { row: 9, .. }), "{err}");
    }

    #[test]
    fn disorder_counts_descents() {
        let mut d = Disorder::default();
        for (t, line) in [(1, 2), (2, 3), (3, 4)] {
            d.see(t, line);
        }
        assert!(d.warning(Path::new("f")).is_none());
        let mut d = Disorder::default();
        for (t, line) in [(5, 2), (1, 3), (7, 4), (6, 5)] {
            d.see(t, line);
        }
        let w = d.warning(Path::new("f.csv")).unwrap();
        assert!(
            w.starts_with("f.csv: 2 row(s)") && w.contains("line 3"),
            "{w}"
        );
    }
}
