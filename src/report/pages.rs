//! The two `report.html` pages: one run (`scalesim run`) and a comparison of variants
//! (`scalesim compare`). Each holds the results table, the interactive charts
//! ([`super::run_charts`]), the static chart files, the scenario as normalised TOML, and
//! the scalesim version; see [`super::html`] for the rules.

use super::charts::ChartFile;
use super::compare::{display_cells, CompareRow, TableWidth, LOSES_REQUESTS_NOTE};
use super::html::Page;
use super::recorder::ChartRecorder;
use super::run_charts::run_charts;
use super::table;
use crate::scenario::variants::Comparison;
use crate::scenario::Scenario;
use crate::sim::summary::RunSummary;
use crate::time::human_duration;
use std::io;

/// The interactive charts of `runs`, then the static chart files, or a note that there are
/// none.
fn charts(
    page: &mut Page,
    runs: &[(&ChartRecorder, &RunSummary)],
    charts: &[ChartFile],
) -> io::Result<()> {
    page.interactive("Charts", &run_charts(runs));
    page.heading("Static charts");
    page.paragraph(
        "The same runs as the chart files beside this page (for documents and slides), with \
         scaling actions and alarm states on the timeline and cost per hour.",
    );
    if charts.is_empty() {
        page.paragraph("No charts (written with --no-charts, or none could be drawn).");
    }
    for c in charts {
        page.chart(c)?;
    }
    Ok(())
}

/// The report of one run of `sc`, with its chart data `recorder`; `why` holds the minutes
/// around its scaling decisions.
pub fn run_page(
    sc: &Scenario,
    summary: &RunSummary,
    recorder: &ChartRecorder,
    files: &[ChartFile],
    why: &crate::explain::around::AroundScaling,
) -> io::Result<String> {
    let mut page = Page::new(
        &format!("scalesim run: {}", sc.name()),
        &format!(
            "seed {}, horizon {}, scenario file {}",
            summary.seed,
            human_duration(summary.horizon_s),
            sc.file.display()
        ),
    );
    if let Some(d) = &sc.raw.description {
        page.paragraph(d);
    }
    page.heading("Summary");
    page.key_values(&table::rows(summary));
    page.paragraph(
        "The same numbers, unrounded, are in summary.json; per-minute values in \
         timeseries.csv and scaling activities in activities.csv, beside this page.",
    );
    charts(&mut page, &[(recorder, summary)], files)?;
    super::why::section(&mut page, why);
    page.heading("Scenario");
    page.paragraph("Normalised, with every default filled in (as `scalesim validate` prints it).");
    page.preformatted(None, &sc.to_toml(), false);
    Ok(page.finish())
}

/// The report of a comparison: `rows` and `runs` (chart data and summary) from the runs of
/// `cmp.variants` (same order), all with `seed`.
pub fn compare_page(
    cmp: &Comparison,
    rows: &[CompareRow],
    runs: &[(&ChartRecorder, &RunSummary)],
    seed: u64,
    files: &[ChartFile],
) -> io::Result<String> {
    let mut page = Page::new(
        &format!("scalesim compare: {}", cmp.base.name()),
        &format!(
            "{} variants on the same arrivals (seed {seed}), horizon {}, scenario file {}",
            cmp.variants.len(),
            human_duration(cmp.base.sim.horizon.as_secs_f64()),
            cmp.base.file.display()
        ),
    );
    if let Some(d) = &cmp.base.raw.description {
        page.paragraph(d);
    }
    page.heading("Comparison");
    let baseline = cmp.variants.first().map_or("", |v| v.name.as_str());
    page.paragraph(&format!(
        "Differences (Δ) are from the first variant, {baseline}. Latencies are of completed \
         requests, arrival to completion; \"p99 all\" is over every request that ended, a \
         lost one counting as never finished. Every number, unrounded, is in compare.csv and \
         compare.json; each variant's own files are in its folder."
    ));
    let (header, body) = display_cells(rows, TableWidth::Narrow);
    page.table(&header, &body, true);
    if rows.iter().any(CompareRow::loses_requests) {
        page.paragraph(&LOSES_REQUESTS_NOTE.join(" "));
    }
    page.paragraph("Every column:");
    let (header, body) = display_cells(rows, TableWidth::Wide);
    page.table(&header, &body, true);
    page.heading("Variants");
    let variant_rows: Vec<Vec<String>> = cmp
        .variants
        .iter()
        .map(|v| {
            vec![
                v.name.clone(),
                if v.overrides.is_empty() {
                    "(the scenario as written)".to_string()
                } else {
                    v.overrides.join(", ")
                },
                v.description.clone().unwrap_or_default(),
            ]
        })
        .collect();
    page.table(
        &["variant", "overrides", "description"],
        &variant_rows,
        false,
    );
    charts(&mut page, runs, files)?;
    page.heading("Scenario of each variant");
    page.paragraph("Normalised, with every default filled in and the variant's overrides applied.");
    for (i, v) in cmp.variants.iter().enumerate() {
        page.preformatted(Some(&v.name), &v.scenario.to_toml(), i == 0);
    }
    Ok(page.finish())
}
