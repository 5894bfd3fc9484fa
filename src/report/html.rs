//! A single self-contained HTML page: [`Page`] builds it from escaped text, tables, `<pre>`
//! blocks and charts, with SVG charts inline and PNG charts as base64 `data:` URIs. The
//! page references nothing outside itself — no scripts, fonts, stylesheets, images or
//! links — so it opens in a browser with no network. Every piece of text is escaped.

use super::base64;
use super::charts::ChartFile;
use std::fmt::Write as _;
use std::io;

/// The page's inline style sheet (no `url(`, no `@import`).
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1500px;\
padding:0 1rem;color:#222;line-height:1.4}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;\
border-bottom:1px solid #ddd;padding-bottom:.2rem}\
.meta{color:#666;margin-top:0}\
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.5rem 0}\
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:right;white-space:nowrap}th{white-space:normal;vertical-align:bottom}\
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}\
table.text td,table.text th{text-align:left;white-space:normal}\
table.kv td:last-child{text-align:left;white-space:normal}.wide{overflow-x:auto}\
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}\
figure svg,figure img{max-width:100%;height:auto;border:1px solid #eee}\
pre{background:#f7f7f7;border:1px solid #e5e5e5;padding:.8rem;overflow-x:auto;font-size:.85rem}\
details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}\
code{background:#f3f3f3;padding:0 .2rem}footer{color:#888;margin-top:2rem;font-size:.85rem}";

/// Escape `text` for HTML element content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A page under construction. Methods append in order; [`Page::finish`] closes it.
#[derive(Debug, Clone)]
pub struct Page {
    body: String,
}

impl Page {
    /// A page titled `title` (also its `<h1>`), with `meta` as a subtitle line.
    pub fn new(title: &str, meta: &str) -> Page {
        let mut body = String::new();
        let _ = write!(
            body,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
             <p class=\"meta\">{m}</p>\n",
            t = escape(title),
            m = escape(meta),
        );
        Page { body }
    }

    /// A section heading.
    pub fn heading(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h2>{}</h2>", escape(text));
    }

    /// A paragraph of plain text.
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", escape(text));
    }

    /// A table with a header row; every cell is text. Columns after the first are
    /// right-aligned when `numeric`, else left-aligned and wrapped.
    pub fn table<S: AsRef<str>>(&mut self, header: &[&str], rows: &[Vec<S>], numeric: bool) {
        let class = if numeric { "" } else { " class=\"text\"" };
        let _ = write!(self.body, "<div class=\"wide\"><table{class}>\n<thead><tr>");
        for h in header {
            let _ = write!(self.body, "<th>{}</th>", escape(h));
        }
        self.body.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.body.push_str("<tr>");
            for cell in row {
                let _ = write!(self.body, "<td>{}</td>", escape(cell.as_ref()));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody>\n</table></div>\n");
    }

    /// A two-column table of labels and values.
    pub fn key_values<K: AsRef<str>, V: AsRef<str>>(&mut self, rows: &[(K, V)]) {
        self.body.push_str("<table class=\"kv\">\n<tbody>\n");
        for (k, v) in rows {
            let _ = writeln!(
                self.body,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(k.as_ref()),
                escape(v.as_ref())
            );
        }
        self.body.push_str("</tbody>\n</table>\n");
    }

    /// Preformatted text (e.g. the scenario TOML); inside a collapsible `<details>` when
    /// `summary` is given (open if `open`).
    pub fn preformatted(&mut self, summary: Option<&str>, text: &str, open: bool) {
        let pre = format!("<pre>{}</pre>\n", escape(text));
        match summary {
            Some(s) => {
                let _ = write!(
                    self.body,
                    "<details{}><summary>{}</summary>\n{pre}</details>\n",
                    if open { " open" } else { "" },
                    escape(s)
                );
            }
            None => self.body.push_str(&pre),
        }
    }

    /// Append an HTML fragment as it is. Only for fragments built from [`escape`]d text
    /// and fixed markup (e.g. `report::why`), so the page stays free of foreign markup.
    pub fn fragment(&mut self, html: &str) {
        self.body.push_str(html);
    }

    /// Embed the chart file: an SVG inline, a PNG as a base64 `data:` URI.
    pub fn chart(&mut self, chart: &ChartFile) -> io::Result<()> {
        let bytes = std::fs::read(&chart.path)?;
        let is_svg = chart
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        let content = if is_svg {
            inline_svg(&String::from_utf8_lossy(&bytes))?
        } else {
            format!(
                "<img alt=\"{}\" src=\"data:image/png;base64,{}\">",
                escape(chart.title),
                base64::encode(&bytes)
            )
        };
        let _ = write!(
            self.body,
            "<figure>\n<figcaption>{}</figcaption>\n{content}\n</figure>\n",
            escape(chart.title)
        );
        Ok(())
    }

    /// Close the page with a footer naming the scalesim version.
    pub fn finish(mut self) -> String {
        let _ = write!(
            self.body,
            "<footer>Generated by scalesim {}. This page is self-contained: it loads nothing \
             from anywhere else.</footer>\n</body>\n</html>\n",
            escape(env!("CARGO_PKG_VERSION"))
        );
        self.body
    }
}

/// The `<svg>` element of an SVG document (without any XML prolog or doctype), refusing
/// anything that could reach outside the page.
fn inline_svg(doc: &str) -> io::Result<String> {
    let start = doc
        .find("<svg")
        .ok_or_else(|| io::Error::other("not an SVG document"))?;
    let svg = doc[start..].trim_end();
    let lower = svg.to_ascii_lowercase();
    if ["<script", "href=", "url(", "@import"]
        .iter()
        .any(|bad| lower.contains(bad))
    {
        return Err(io::Error::other(
            "the SVG references external content; not embedding it",
        ));
    }
    Ok(svg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn page_escapes_every_text_and_embeds_charts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let svg = dir.path().join("a.svg");
        std::fs::write(
            &svg,
            "<?xml version=\"1.0\"?>\n<svg width=\"10\"><text>hi</text></svg>\n",
        )
        .expect("write");
        let png = dir.path().join("b.png");
        std::fs::write(&png, b"\x89PNG").expect("write");
        let mut p = Page::new("t <1>", "m & m");
        p.heading("h<2>");
        p.paragraph("a \"b\"");
        p.table(&["x<"], &[vec!["<td>"]], true);
        p.key_values(&[("k&x", "v>x")]);
        p.preformatted(Some("toml"), "name = \"<x>\"", true);
        p.chart(&ChartFile {
            title: "A",
            path: svg,
        })
        .expect("svg");
        p.chart(&ChartFile {
            title: "B",
            path: png,
        })
        .expect("png");
        let html = p.finish();
        for raw in ["<1>", "<2>", "\"b\"", "<td><td>", "k&x", "v>x", "\"<x>\""] {
            assert!(!html.contains(raw), "{raw} not escaped");
        }
        assert!(html.contains("<svg width=\"10\"><text>hi</text></svg>"));
        assert!(!html.contains("<?xml"));
        assert!(html.contains("src=\"data:image/png;base64,iVBORw==\""));
        assert!(html.contains(env!("CARGO_PKG_VERSION")));
        assert!(!html.contains("http"), "nothing external");
    }

    #[test]
    fn svg_with_external_references_is_refused() {
        assert!(inline_svg("<svg><image href=\"http://x\"/></svg>").is_err());
        assert!(inline_svg("<svg style=\"fill:url(#a)\"></svg>").is_err());
        assert!(inline_svg("no svg here").is_err());
    }
}
