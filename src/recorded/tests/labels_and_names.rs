//! Metric labels and statistics, and the file names a folder skips (READMEs, dot files).

use super::*;

#[test]
fn labels_name_a_metric_and_maybe_a_statistic() {
    assert_eq!(
        parse_label("ApproximateBacklogSize"),
        Some(("ApproximateBacklogSize", None))
    );
    assert_eq!(
        parse_label("InvocationsProcessed"),
        Some(("InvocationsProcesssed", None))
    );
    for (label, stat) in [
        ("ApproximateBacklogSize Maximum", "Maximum"),
        ("ApproximateBacklogSize_Average", "Average"),
        ("ApproximateBacklogSize:sum", "Sum"),
        ("TotalProcessingTime p99", "p99"),
        ("TotalProcessingTime p99.9", "p99.9"),
        ("ModelLatency:SampleCount", "SampleCount"),
    ] {
        let (_, s) = parse_label(label).unwrap_or_else(|| panic!("{label}"));
        assert_eq!(s.as_deref(), Some(stat), "{label}");
    }
    for bad in [
        "Backlog per instance",
        "CPUUtilization",
        "ApproximateBacklogSize Median",
        "ApproximateBacklogSize p101",
        "",
    ] {
        assert_eq!(parse_label(bad), None, "{bad}");
    }
    assert_eq!(parse_stat("P50").as_deref(), Some("p50"));
    assert_eq!(parse_stat("p"), None);
    assert_eq!(parse_stat("p9."), None);
}

#[test]
fn readme_and_dot_files_are_skipped() {
    for skipped in [
        "README",
        "README.md",
        "readme.txt",
        "ReadMe.tar.gz",
        ".DS_Store",
        ".x.json",
    ] {
        assert!(is_skipped(skipped), "{skipped}");
    }
    for kept in [
        "READMEs.json",
        "my-readme.json",
        "policies.json",
        "notREADME.md",
    ] {
        assert!(!is_skipped(kept), "{kept}");
    }
}
