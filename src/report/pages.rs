//! The two `report.html` pages: one run (`scalesim run`) and a comparison of variants
//! (`scalesim compare`). Each holds the results table, every chart, the scenario as
//! normalised TOML, and the scalesim version; see [`super::html`] for the rules.

use super::charts::ChartFile;
use super::compare::{display_cells, CompareRow};
use super::html::Page;
use super::table;
use crate::scenario::variants::Comparison;
use crate::scenario::Scenario;
use crate::sim::summary::RunSummary;
use crate::time::format_duration_secs;
use std::io;

/// Charts, or a note that there are none.
fn charts(page: &mut Page, charts: &[ChartFile]) -> io::Result<()> {
    page.heading("Charts");
    if charts.is_empty() {
        page.paragraph("No charts (written with --no-charts, or none could be drawn).");
    }
    for c in charts {
        page.chart(c)?;
    }
    Ok(())
}

/// The report of one run of `sc`; `why` holds the minutes around its scaling decisions.
pub fn run_page(
    sc: &Scenario,
    summary: &RunSummary,
    files: &[ChartFile],
    why: &crate::explain::around::AroundScaling,
) -> io::Result<String> {
    let mut page = Page::new(
        &format!("scalesim run: {}", sc.name()),
        &format!(
            "seed {}, horizon {}, scenario file {}",
            summary.seed,
            format_duration_secs(summary.horizon_s),
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
    charts(&mut page, files)?;
    super::why::section(&mut page, why);
    page.heading("Scenario");
    page.paragraph("Normalised, with every default filled in (as `scalesim validate` prints it).");
    page.preformatted(None, &sc.to_toml(), false);
    Ok(page.finish())
}

/// The report of a comparison: `rows` from the runs of `cmp.variants` (same order), all
/// with `seed`.
pub fn compare_page(
    cmp: &Comparison,
    rows: &[CompareRow],
    seed: u64,
    files: &[ChartFile],
) -> io::Result<String> {
    let mut page = Page::new(
        &format!("scalesim compare: {}", cmp.base.name()),
        &format!(
            "{} variants on the same arrivals (seed {seed}), horizon {}, scenario file {}",
            cmp.variants.len(),
            format_duration_secs(cmp.base.sim.horizon.as_secs_f64()),
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
         requests, arrival to completion. Every number, unrounded, is in compare.csv and \
         compare.json; each variant's own files are in its folder."
    ));
    let (header, body) = display_cells(rows);
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
    charts(&mut page, files)?;
    page.heading("Scenario of each variant");
    page.paragraph("Normalised, with every default filled in and the variant's overrides applied.");
    for (i, v) in cmp.variants.iter().enumerate() {
        page.preformatted(Some(&v.name), &v.scenario.to_toml(), i == 0);
    }
    Ok(page.finish())
}
