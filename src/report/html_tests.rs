//! Unit tests of the self-contained HTML page: escaping of text and of the JSON in the
//! `<script>` element, embedded charts (SVG inline, PNG as `data:` URIs, interactive charts
//! with uPlot and its licence), and the refusal of SVG with external references.

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
fn json_for_script_cannot_close_the_element_and_parses_back() {
    let nasty = "</script><script>alert(1)</script><!-- & \u{2028}";
    let json = serde_json::to_string(&serde_json::json!({ "label": nasty })).expect("json");
    let safe = json_for_script(&json);
    for bad in ["<", ">", "&", "\u{2028}"] {
        assert!(!safe.contains(bad), "{bad} left in {safe}");
    }
    let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
    assert_eq!(back["label"], nasty);
}

/// The chart set of one chart whose every text is markup.
fn nasty_set() -> ChartSet {
    use super::super::interactive::{Axis, ChartSpec, Series, Style, Table, Unit};
    let evil = "</script><script>alert(1)</script>";
    ChartSet {
        groups: vec![evil.to_string()],
        charts: vec![ChartSpec {
            id: "c\"1".into(),
            title: format!("t {evil}"),
            hint: "h <b>".into(),
            x: Axis::linear(evil, Unit::Count, false),
            y: vec![Axis::log("y", Unit::Share)],
            tables: vec![Table {
                x: vec![1.0, 2.0].into(),
                series: vec![
                    Series::new(evil, "#000", Style::Line, vec![0.5, f64::NAN]).in_group(evil)
                ],
            }],
            marks: Vec::new(),
            sync: None,
            pan: false,
            height: 100,
        }],
    }
}

#[test]
fn interactive_charts_embed_escaped_data_the_library_its_licence_and_our_script() {
    let set = nasty_set();
    let mut p = Page::new("t", "m");
    p.interactive("Charts", &set);
    p.interactive("again", &set);
    let html = p.finish();
    assert_eq!(
        html.matches("<section id=\"interactive\"").count(),
        1,
        "one section"
    );
    assert_eq!(html.matches("<script").count(), 3, "data, uPlot, ours");
    assert_eq!(
        html.matches("</script>").count(),
        3,
        "no string closes a script"
    );
    assert!(!html.contains("alert(1)</"), "markup escaped everywhere");
    let start = html.find("id=\"scalesim-charts\">").expect("data") + 21;
    let end = start + html[start..].find("</script>").expect("end");
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON");
    assert_eq!(
        data["charts"][0]["tables"][0]["series"][0]["label"],
        set.groups[0]
    );
    assert_eq!(
        data["charts"][0]["tables"][0]["series"][0]["y"][1],
        serde_json::Value::Null
    );
    assert!(html.contains("data-chart=\"c&quot;1\""));
    assert!(html.contains("<figcaption>t &lt;/script&gt;"));
    let head = &html[..html.find("</head>").expect("head")];
    assert!(head.contains(".uplot"), "uPlot's style sheet in the head");
    assert!(
        html.contains("Copyright (c) 2022 Leon Sorokin"),
        "licence kept"
    );
    assert!(html.contains("var uPlot="), "the library");
    assert!(
        html.contains("scalesim-charts"),
        "our script reads the data"
    );
    assert!(
        html.contains("uPlot 1.6.32 (MIT licence"),
        "named in the footer"
    );
    assert!(html.ends_with("</script>\n</body>\n</html>\n"));
}

#[test]
fn svg_with_external_references_is_refused() {
    assert!(inline_svg("<svg><image href=\"http://x\"/></svg>").is_err());
    assert!(inline_svg("<svg style=\"fill:url(#a)\"></svg>").is_err());
    assert!(inline_svg("no svg here").is_err());
}
