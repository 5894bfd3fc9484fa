//! The files a record is read from: a folder stands for the regular files directly in it,
//! sorted, dot files and READMEs skipped; no FIFO or device is opened; at most a limit of
//! bytes a file ([`read_limited`]). Re-exported by [`super::load`].

use super::load::MAX_FILE_BYTES;
use crate::error::InputError;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One file's content, and whether it was named (not found in a folder).
#[derive(Debug, Clone)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Named on its own (an unknown kind is then an error, not a warning).
    pub explicit: bool,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Whether a folder entry is skipped silently: a dot file or a README (any case, any
/// extension).
pub fn is_skipped(name: &str) -> bool {
    name.starts_with('.')
        || name
            .split('.')
            .next()
            .is_some_and(|stem| stem.eq_ignore_ascii_case("README"))
}

fn read_error(file: &Path, message: String) -> InputError {
    InputError::Read {
        file: file.to_path_buf(),
        source: std::io::Error::other(message),
    }
}

fn not_regular(file: &Path) -> InputError {
    read_error(
        file,
        "not a regular file (a FIFO, device or socket); give an AWS CLI output file or a \
         folder of them"
            .into(),
    )
}

/// The files `paths` stand for, each with whether it was named on its own.
pub(super) fn expand(
    paths: &[PathBuf],
    warnings: &mut Vec<String>,
) -> Result<Vec<(PathBuf, bool)>, InputError> {
    let mut out: Vec<(PathBuf, bool)> = Vec::new();
    let mut push = |p: PathBuf, explicit: bool| {
        if !out.iter().any(|(q, _)| *q == p) {
            out.push((p, explicit));
        }
    };
    for p in paths {
        let meta = fs::metadata(p).map_err(|source| InputError::Read {
            file: p.clone(),
            source,
        })?;
        if meta.is_dir() {
            for entry in folder_files(p, warnings)? {
                push(entry, false);
            }
        } else if meta.is_file() {
            push(p.clone(), true);
        } else {
            return Err(not_regular(p));
        }
    }
    Ok(out)
}

/// The regular files directly in `dir`, sorted, skipping dot files, READMEs and folders;
/// other entries (FIFOs, sockets) get a warning.
fn folder_files(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<PathBuf>, InputError> {
    let read = |source| InputError::Read {
        file: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(read)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read)?;
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_skipped(&name) {
            continue;
        }
        let meta = fs::metadata(&path).map_err(|source| InputError::Read {
            file: path.clone(),
            source,
        })?;
        if meta.is_file() {
            out.push(path);
        } else if !meta.is_dir() {
            warnings.push(format!(
                "{}: not a regular file (a FIFO, device or socket); ignored",
                path.display()
            ));
        }
    }
    Ok(out)
}

/// The bytes of `file`, at most `limit` of them (more is an error); the metadata is
/// checked first so that a FIFO or device is never opened.
pub fn read_limited(file: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Read {
        file: file.to_path_buf(),
        source,
    };
    let meta = fs::metadata(file).map_err(io)?;
    if !meta.is_file() {
        return Err(not_regular(file));
    }
    let too_large = || {
        let shown = if limit == MAX_FILE_BYTES {
            "1 GiB".to_string()
        } else {
            format!("{limit} bytes")
        };
        read_error(
            file,
            format!(
                "larger than {shown}, the most scalesim reads of one file; save the export \
                 in several pages (--max-items / --next-token)"
            ),
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    fs::File::open(file)
        .map_err(io)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(too_large());
    }
    Ok(bytes)
}
