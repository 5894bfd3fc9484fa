//! The files of a record as they are written: [`Out`] writes each document atomically,
//! pretty-printed like the AWS CLI (4-space indent, trailing newline), splits long lists
//! into `<stem>-page-<n>.json` pages linked by `NextToken`, and remembers each file with
//! the AWS CLI command it stands for (for the README).

use super::{ids, Ctx};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io;
use std::path::{Path, PathBuf};

/// One file written.
pub(super) struct Written {
    pub(super) path: PathBuf,
    /// The AWS CLI command (or other source) it stands for, for the README.
    pub(super) command: String,
}

/// The files written so far.
pub(super) struct Out<'d> {
    dir: &'d Path,
    pub(super) files: Vec<Written>,
}

impl<'d> Out<'d> {
    pub(super) fn new(dir: &'d Path) -> Out<'d> {
        Out {
            dir,
            files: Vec::new(),
        }
    }

    /// Write `bytes` as `name`, standing for `command`.
    pub(super) fn bytes(&mut self, name: &str, bytes: &[u8], command: &str) -> io::Result<()> {
        let path = self.dir.join(name);
        crate::report::atomic::write_atomic(&path, bytes)?;
        self.files.push(Written {
            path,
            command: command.into(),
        });
        Ok(())
    }

    /// Write `doc` as `name`, pretty-printed like the AWS CLI.
    pub(super) fn json(&mut self, name: &str, doc: &Value, command: &str) -> io::Result<()> {
        self.bytes(name, &pretty(doc)?, command)
    }

    /// `{key: items}` in one file `<stem>.json`, or with a page size in pages
    /// `<stem>-page-<n>.json` of at most that many items, each but the last with a
    /// `NextToken`.
    pub(super) fn paged_list(
        &mut self,
        cx: &Ctx<'_>,
        stem: &str,
        key: &str,
        items: Vec<Value>,
        command: &str,
    ) -> io::Result<()> {
        let Some(size) = cx.opts.page_size else {
            return self.json(
                &format!("{stem}.json"),
                &list_doc(key, items, None),
                command,
            );
        };
        let pages = split_pages(items, size);
        let n = pages.len();
        for (i, page) in pages.into_iter().enumerate() {
            let token = (i + 1 < n).then(|| ids::next_token(stem, i + 1));
            let doc = list_doc(key, page, token);
            self.json(&page_name(stem, i + 1), &doc, command)?;
        }
        Ok(())
    }
}

/// `<stem>-page-<n>.json`.
pub(super) fn page_name(stem: &str, n: usize) -> String {
    format!("{stem}-page-{n}.json")
}

/// `items` in pages of at most `size` (at least one page, perhaps empty).
fn split_pages<T: Clone>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    if items.is_empty() {
        return vec![Vec::new()];
    }
    items.chunks(size.max(1)).map(<[T]>::to_vec).collect()
}

/// `{key: items, "NextToken": token?}`.
fn list_doc(key: &str, items: Vec<Value>, token: Option<String>) -> Value {
    let mut doc = Map::new();
    doc.insert(key.into(), Value::Array(items));
    if let Some(t) = token {
        doc.insert("NextToken".into(), Value::String(t));
    }
    Value::Object(doc)
}

/// `doc` pretty-printed with a 4-space indent and a trailing newline.
fn pretty(doc: &Value) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    doc.serialize(&mut ser).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(out)
}
