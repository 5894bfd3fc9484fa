//! The import's output: the scenario's TOML annotated with every value's source under a
//! header naming the files read, and the three files written (and loaded back) by
//! [`write`].

use super::notes::Notes;
use super::{annotate, Imported, ARRIVALS_FILE, REPORT_FILE, SCENARIO_FILE};
use crate::error::InputError;
use crate::recorded::Recorded;
use crate::replay::Window;
use crate::scenario::raw::RawScenario;
use std::path::{Path, PathBuf};

pub(super) fn render(
    raw: &RawScenario,
    notes: &Notes,
    rec: &Recorded,
    window: &Window,
) -> Result<String, InputError> {
    let text = toml::to_string_pretty(raw).map_err(|e| InputError::Invalid {
        file: PathBuf::from(SCENARIO_FILE),
        issues: vec![crate::error::Issue::new(
            "",
            format!("cannot write the scenario: {e}"),
        )],
    })?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| InputError::Invalid {
        file: PathBuf::from(SCENARIO_FILE),
        issues: vec![crate::error::Issue::new(
            "",
            format!("cannot annotate the scenario: {e}"),
        )],
    })?;
    for p in &notes.values {
        annotate::annotate(&mut doc, &p.key, &p.source);
    }
    let files: Vec<String> = rec
        .files
        .iter()
        .map(|(f, k)| format!("{} ({})", f.display(), k.command()))
        .collect();
    let header = format!(
        "Imported by `scalesim import-aws` from what AWS recorded of the endpoint, {} to {}.\n\
         Each value says where it came from, or that it is scalesim's default and why. Rules \
         marked [I] are not documented by AWS; `scalesim calibrate` can settle them against the \
         record.\nFiles read: {}",
        window.start,
        window.end(),
        files.join("; ")
    );
    Ok(annotate::with_header(&doc, &header))
}

/// Write the scenario, its arrivals and the report into `dir`, then load the scenario to
/// check that it runs as it is. Returns the scenario's path.
pub fn write(dir: &Path, imported: &Imported) -> anyhow::Result<PathBuf> {
    use crate::report::atomic::write_atomic;
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    write_atomic(&dir.join(ARRIVALS_FILE), imported.arrivals_csv.as_bytes())
        .with_context(|| format!("writing {}", dir.join(ARRIVALS_FILE).display()))?;
    let scenario = dir.join(SCENARIO_FILE);
    write_atomic(&scenario, imported.scenario_toml.as_bytes())
        .with_context(|| format!("writing {}", scenario.display()))?;
    let mut json = serde_json::to_vec_pretty(&imported.report)?;
    json.push(b'\n');
    write_atomic(&dir.join(REPORT_FILE), &json)
        .with_context(|| format!("writing {}", dir.join(REPORT_FILE).display()))?;
    crate::scenario::load(&scenario, &[]).with_context(|| {
        format!(
            "the imported scenario {} does not load; this is a bug in scalesim's import, please \
             report it with the files",
            scenario.display()
        )
    })?;
    Ok(scenario)
}
