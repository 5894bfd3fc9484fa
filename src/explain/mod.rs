//! "Why did it (not) scale?": the policy decisions of a run ([`Decision`], built by the
//! engine on request) turned into a per-minute table, the details of one evaluation, and
//! plain-English answers, for `scalesim explain` and the report's "Why did it scale?".
//!
//! [`log::ExplainLog`] keeps what `explain` needs around one time (and ends the run once
//! it has it); [`around::AroundScaling`] keeps the minutes around each scaling decision
//! for the report. [`table`] lays out the rows (text here, HTML in `report::why`),
//! [`answer`] writes the sentences, [`json`] the records for scripts, [`output`] the
//! whole of what `explain` prints. Alarm names are
//! shortened for display ([`short_alarm_name`]); the JSON keeps them whole.

pub mod answer;
pub mod around;
pub mod json;
pub mod log;
pub mod output;
pub mod table;

#[cfg(test)]
#[path = "run_tests/mod.rs"]
mod run_tests;

use crate::aws::metric::ComparisonOperator;
use crate::policy::decision::{AlarmCheck, AlarmRole, Decision, DecisionResult};
use crate::time::{format_duration_secs, SimTime};

/// Longest text width of `explain`'s output.
pub const WIDTH: usize = 100;

/// A run time as `H:MM:SS` from the start (`1d 02:15:00` past a day); fractions of a
/// second are dropped.
pub fn clock(t: SimTime) -> String {
    clock_secs(t.0 / 1_000_000)
}

/// The start of minute `minute` as `H:MM` (`1d 02:15` past a day).
pub fn clock_minute(minute: u64) -> String {
    let (d, h, m) = (minute / 1440, minute / 60 % 24, minute % 60);
    if d > 0 {
        format!("{d}d {h:02}:{m:02}")
    } else {
        format!("{h}:{m:02}")
    }
}

fn clock_secs(s: u64) -> String {
    let (d, h, m, s) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    if d > 0 {
        format!("{d}d {h:02}:{m:02}:{s:02}")
    } else {
        format!("{h}:{m:02}:{s:02}")
    }
}

/// A duration for prose: whole seconds from 10 s up (`10m30s`), else to 0.1 s.
pub fn span(secs: f64) -> String {
    if secs >= 10.0 {
        format_duration_secs(secs.round())
    } else {
        format_duration_secs((secs * 10.0).round() / 10.0)
    }
}

/// A metric value: at most 3 decimals, no trailing zeros.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{:.3}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The comparison as a symbol: `>`, `>=`, `<`, `<=`.
pub fn symbol(op: ComparisonOperator) -> &'static str {
    match op {
        ComparisonOperator::GreaterThanOrEqualToThreshold => ">=",
        ComparisonOperator::GreaterThanThreshold => ">",
        ComparisonOperator::LessThanThreshold => "<",
        ComparisonOperator::LessThanOrEqualToThreshold => "<=",
    }
}

/// A display name: `High <policy>` / `Low <policy>` for target tracking's hidden alarms,
/// the alarm's own name for a step policy's alarm (cut to 40 characters).
pub fn short_alarm_name(a: &AlarmCheck) -> String {
    match a.role {
        AlarmRole::High => format!("High {}", a.policy),
        AlarmRole::Low => format!("Low {}", a.policy),
        AlarmRole::Step => cut(&a.name, 40),
    }
}

/// `text` cut to `max` characters, ending in `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Whether the decision changed desired capacity.
pub fn scaled(d: &Decision) -> bool {
    matches!(d.result, DecisionResult::Scaled { .. })
}

/// Words of `text` wrapped to `width` columns, continuation lines indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let lead = text.len() - text.trim_start_matches(' ').len();
    let mut line = " ".repeat(lead);
    let mut has_word = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count();
        if has_word && len + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
        } else if has_word {
            line.push(' ');
        }
        line.push_str(word);
        has_word = true;
    }
    out.push_str(line.trim_end());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_spans_read_naturally() {
        assert_eq!(clock(SimTime(30_000_000)), "0:00:30");
        assert_eq!(clock(SimTime(8_100_000_000)), "2:15:00");
        assert_eq!(clock(SimTime(94_500_000_000)), "1d 02:15:00");
        assert_eq!(clock_minute(13), "0:13");
        assert_eq!(clock_minute(1440 + 135), "1d 02:15");
        assert_eq!(span(630.4), "10m30s");
        assert_eq!(span(2.46), "2.5s");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(1.0 / 3.0), "0.333");
        assert_eq!(number(-0.0001), "0");
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let w = wrap(text, 20, "  ");
        assert!(w.lines().all(|l| l.chars().count() <= 20), "{w}");
        assert_eq!(w.split_whitespace().collect::<Vec<_>>().join(" "), text);
        assert!(w.lines().skip(1).all(|l| l.starts_with("  ")));
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
