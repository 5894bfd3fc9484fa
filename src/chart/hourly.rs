//! The hourly chart: cost per hour and requests per hour, two panels, one step line per
//! run, so the cost of each policy can be read against the traffic that caused it.

use super::data::{hourly, HourRow, RunSeries};
use super::render::{color, font, render, steps, tick, upper_bound, Figure, TimeAxis};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Draw hourly cost (USD/h) and hourly requests of `runs` (at least one) to `path`, in two
/// stacked panels on a shared hour axis.
pub fn hourly_chart(
    runs: &[&RunSeries],
    path: &Path,
    format: ChartFormat,
) -> Result<(), ChartError> {
    if runs.is_empty() {
        return Err(ChartError::NoData("hourly chart needs at least one run"));
    }
    let rows: Vec<Vec<HourRow>> = runs.iter().map(|r| hourly(r)).collect();
    let x_max = rows
        .iter()
        .flatten()
        .map(|r| r.hour as f64 + 1.0)
        .fold(1.0, f64::max);
    render(&Hourly { runs, rows, x_max }, path, format)
}

struct Hourly<'a> {
    runs: &'a [&'a RunSeries],
    rows: Vec<Vec<HourRow>>,
    x_max: f64,
}

/// Which hourly quantity a panel shows.
#[derive(Clone, Copy)]
enum Quantity {
    Cost,
    Requests,
}

impl Quantity {
    fn of(self, row: &HourRow) -> f64 {
        match self {
            Quantity::Cost => row.cost_usd,
            Quantity::Requests => row.requests,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Quantity::Cost => "Cost per hour",
            Quantity::Requests => "Requests per hour",
        }
    }

    fn axis(self) -> &'static str {
        match self {
            Quantity::Cost => "cost (USD/h)",
            Quantity::Requests => "requests (per h)",
        }
    }
}

impl Figure for Hourly<'_> {
    fn size(&self) -> (u32, u32) {
        (1400, 760)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let areas = root.split_evenly((2, 1));
        for (q, area) in [Quantity::Cost, Quantity::Requests].into_iter().zip(&areas) {
            self.panel(q, area)?;
        }
        Ok(())
    }
}

impl Hourly<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        q: Quantity,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError> {
        let values: Vec<f64> = self.rows.iter().flatten().map(|r| q.of(r)).collect();
        let y_max = upper_bound(&values);
        let mut chart = ChartBuilder::on(area)
            .caption(q.title(), font(20))
            .margin(10)
            .margin_right(30)
            .x_label_area_size(40)
            .y_label_area_size(75)
            .build_cartesian_2d(0.0..self.x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_desc(TimeAxis::HOURS.label)
            .y_desc(q.axis())
            .label_style(font(14))
            .axis_desc_style(font(16))
            .light_line_style(TRANSPARENT)
            .draw()?;
        for (i, (run, rows)) in self.runs.iter().zip(&self.rows).enumerate() {
            let c = color(i);
            let pts: Vec<(f64, f64)> = rows.iter().map(|r| (r.hour as f64, q.of(r))).collect();
            let x_end = rows.last().map_or(0.0, |r| r.hour as f64 + 1.0);
            chart
                .draw_series(LineSeries::new(steps(&pts, x_end), c.stroke_width(2)))?
                .label(&run.name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], c.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .label_font(font(14))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .position(SeriesLabelPosition::UpperRight)
            .draw()?;
        Ok(())
    }
}
