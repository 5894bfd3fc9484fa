//! Build script: records the git commit and the build date for `scalesim --version` and
//! for the provenance of every output (`SCALESIM_COMMIT`, `SCALESIM_BUILD_DATE`). Without
//! git (a source tarball) the commit reads `unknown`. `SOURCE_DATE_EPOCH`, when set, fixes
//! the date for reproducible builds.

#[path = "src/civil.rs"]
mod civil;

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    // Re-run when the checked-out commit changes: HEAD, and the branch it points to.
    println!("cargo:rerun-if-changed=.git/HEAD");
    if let Ok(head) = std::fs::read_to_string(".git/HEAD") {
        if let Some(branch) = head.trim().strip_prefix("ref: ") {
            println!("cargo:rerun-if-changed=.git/{branch}");
        }
    }
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            // The build date is the one fact here that is meant to come from the clock.
            #[allow(clippy::disallowed_methods)]
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    println!("cargo:rustc-env=SCALESIM_COMMIT={commit}");
    println!("cargo:rustc-env=SCALESIM_BUILD_DATE={}", civil_date(epoch));
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `YYYY-MM-DD` (UTC) of a Unix time.
fn civil_date(epoch_s: i64) -> String {
    let (year, month, day) = civil::civil_from_days(epoch_s.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}
