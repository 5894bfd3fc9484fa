//! A single self-contained HTML page: [`Page`] builds it from escaped text, tables, `<pre>`
//! blocks and charts, with SVG charts inline and PNG charts as base64 `data:` URIs, and
//! optionally interactive charts ([`Page::interactive`]): their data as JSON in a
//! `<script type="application/json">` element, drawn by the vendored uPlot
//! (`assets/vendor/uplot/`, MIT, its licence embedded with it) and `assets/report/report.js`,
//! both embedded in the page. The page references nothing outside itself — no external
//! scripts, fonts, stylesheets, images or links — so it opens in a browser with no network.
//! Every piece of text is escaped; the JSON is escaped so no string in it can close its
//! `<script>` element ([`json_for_script`]).

use super::base64;
use super::charts::ChartFile;
use super::interactive::ChartSet;
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
code{background:#f3f3f3;padding:0 .2rem}footer{color:#888;margin-top:2rem;font-size:.85rem}\
.ichart{border:1px solid #eee;padding:.5rem}.ichart .plot{width:100%}\
.hint{color:#666;font-size:.85rem;margin:.2rem 0 0}\
.toggles{position:sticky;top:0;z-index:5;background:#fff;padding:.4rem 0;border-bottom:1px solid #eee}\
.toggles label{margin-right:1rem;cursor:pointer;white-space:nowrap}\
.swatch{display:inline-block;width:.9rem;height:.9rem;margin:0 .3rem;vertical-align:-.1rem;border-radius:2px}\
.uplot .u-legend{text-align:left;font-size:.85rem}";

/// uPlot, vendored unmodified (`assets/vendor/uplot/README.md` says which version and where
/// from), with its licence, which must travel with every copy.
const UPLOT_JS: &str = include_str!("../../assets/vendor/uplot/uPlot.iife.min.js");
const UPLOT_CSS: &str = include_str!("../../assets/vendor/uplot/uPlot.min.css");
const UPLOT_LICENSE: &str = include_str!("../../assets/vendor/uplot/LICENSE");
/// Our script: reads the JSON and draws the charts (see the file's header).
const REPORT_JS: &str = include_str!("../../assets/report/report.js");

/// `json` (as serde_json writes it) made safe inside a `<script>` element: every `<`, `>`
/// and `&` (which serde_json leaves only inside strings) and the line separators U+2028 and
/// U+2029 become `\uXXXX` escapes, so no value can write `</script>` or `<!--`. The result
/// parses to the same JSON value.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `text` made safe as the content of a `<script>` or `<style>` element that we ship
/// (vendored code and our own): refuse it if it could close the element early.
fn raw_element(tag: &str, text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    debug_assert!(
        !lower.contains(&format!("</{tag}")) && !lower.contains("<!--"),
        "embedded {tag} contains </{tag} or <!--"
    );
    // Never emit a closing tag from inside: break it up if a future upgrade brings one.
    let safe = text.replace(&format!("</{tag}"), &format!("<\\/{tag}"));
    format!("<{tag}>{safe}</{tag}>\n")
}

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
    interactive: bool,
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
        Page {
            body,
            interactive: false,
        }
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

    /// The interactive charts of `set`, under a heading: a switch bar for its groups, one
    /// figure per chart (caption and hint as text, the plot drawn by the script), and the
    /// data. A page holds at most one such section; later calls are ignored.
    pub fn interactive(&mut self, heading: &str, set: &ChartSet) {
        if self.interactive {
            return;
        }
        self.interactive = true;
        let _ = writeln!(
            self.body,
            "<section id=\"interactive\" data-report-status=\"not-run\">\n<h2>{}</h2>\n\
             <noscript><p>The interactive charts need JavaScript; the static charts further \
             down show the same runs.</p></noscript>\n<div class=\"toggles\" hidden></div>",
            escape(heading)
        );
        for c in &set.charts {
            let _ = writeln!(
                self.body,
                "<figure class=\"ichart\" data-chart=\"{}\">\n<figcaption>{}</figcaption>\n\
                 <div class=\"plot\"></div>\n<p class=\"hint\">{}</p>\n</figure>",
                escape(&c.id),
                escape(&c.title),
                escape(&c.hint)
            );
        }
        let json = serde_json::to_string(set).unwrap_or_else(|_| "{\"charts\":[]}".into());
        let _ = writeln!(
            self.body,
            "<script type=\"application/json\" id=\"scalesim-charts\">{}</script>\n</section>",
            json_for_script(&json)
        );
    }

    /// Close the page with a footer naming the scalesim version (and, with interactive
    /// charts, the charting library and its licence), then the scripts.
    pub fn finish(mut self) -> String {
        let library = if self.interactive {
            "Interactive charts drawn with uPlot 1.6.32 (MIT licence, embedded in this page). "
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            "<footer>Generated by scalesim {}. {library}This page is self-contained: it loads \
             nothing from anywhere else.</footer>",
            escape(env!("CARGO_PKG_VERSION"))
        );
        if self.interactive {
            // uPlot's style sheet belongs in the head, before the plots it styles.
            let css = raw_element("style", UPLOT_CSS) + "</head>";
            self.body = self.body.replacen("</head>", &css, 1);
            let licence = format!("/*! uPlot 1.6.32\n{UPLOT_LICENSE}\n*/\n");
            self.body
                .push_str(&raw_element("script", &(licence + UPLOT_JS)));
            self.body.push_str(&raw_element("script", REPORT_JS));
        }
        self.body.push_str("</body>\n</html>\n");
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
#[path = "html_tests.rs"]
mod tests;
