//! Schedule expressions and timestamps of `PutScheduledAction` (docs/aws-semantics.md §5).
//!
//! Owns parsing of the AAS `Schedule` forms — `at(yyyy-mm-ddThh:mm:ss)`,
//! `rate(value unit)` and `cron(minutes hours day-of-month month day-of-week year)` — and of
//! ISO-8601 `StartTime`/`EndTime` strings, with messages that say what is expected. Times
//! are civil times; converting them with [`CivilDateTime::unix_seconds`] assumes UTC (the
//! `Timezone` field is carried by the request; resolving IANA zones is not done here).
//!
//! # Interpretations
//! * `rate` accepts `minute|minutes|hour|hours|day|days` for any positive value (the AAS
//!   guide lists all six units without a singular/plural rule).
//! * `cron` is checked for shape only: six fields, legal characters, and exactly one of
//!   day-of-month / day-of-week is `?` (the EventBridge rule AAS documents).

use serde::{Deserialize, Serialize};

/// A civil date and time (no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CivilDateTime {
    /// Year, e.g. 2026.
    pub year: i32,
    /// 1..=12.
    pub month: u32,
    /// 1..=31 (checked against the month).
    pub day: u32,
    /// 0..=23.
    pub hour: u32,
    /// 0..=59.
    pub minute: u32,
    /// 0..=59.
    pub second: u32,
}

impl CivilDateTime {
    /// Seconds since 1970-01-01T00:00:00, reading this time as UTC.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days * 86_400 + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }
}

/// The unit of a `rate(...)` schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateUnit {
    /// 60 s.
    Minute,
    /// 3600 s.
    Hour,
    /// 86 400 s.
    Day,
}

/// A parsed `Schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    /// `at(yyyy-mm-ddThh:mm:ss)`: once.
    At(CivilDateTime),
    /// `rate(value unit)`: every `value` units.
    Rate {
        /// How many units.
        value: u32,
        /// The unit.
        unit: RateUnit,
    },
    /// `cron(...)`: the six fields as written.
    Cron {
        /// Minutes, hours, day-of-month, month, day-of-week, year.
        fields: Vec<String>,
    },
}

impl Schedule {
    /// Parse a `Schedule` string.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let s = text.trim();
        let inner = |prefix: &str| {
            s.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix(')'))
                .map(str::trim)
        };
        if let Some(t) = inner("at(") {
            return parse_civil(t).map(Schedule::At).map_err(|e| {
                format!("invalid at() schedule {text:?}: {e}; write at(yyyy-mm-ddThh:mm:ss)")
            });
        }
        if let Some(t) = inner("rate(") {
            return parse_rate(t).map_err(|e| format!("invalid rate() schedule {text:?}: {e}"));
        }
        if let Some(t) = inner("cron(") {
            return parse_cron(t).map_err(|e| format!("invalid cron() schedule {text:?}: {e}"));
        }
        Err(format!(
            "invalid schedule {text:?}: expected at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)"
        ))
    }

    /// The period of a `rate(...)` schedule in seconds.
    pub fn rate_period_s(&self) -> Option<u64> {
        match self {
            Schedule::Rate { value, unit } => Some(
                u64::from(*value)
                    * match unit {
                        RateUnit::Minute => 60,
                        RateUnit::Hour => 3600,
                        RateUnit::Day => 86_400,
                    },
            ),
            _ => None,
        }
    }
}

fn parse_rate(t: &str) -> Result<Schedule, String> {
    let mut parts = t.split_whitespace();
    let (Some(v), Some(u), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected a value and a unit, e.g. rate(5 minutes)".into());
    };
    let value: u32 = v
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{v:?} is not a positive whole number"))?;
    let unit = match u {
        "minute" | "minutes" => RateUnit::Minute,
        "hour" | "hours" => RateUnit::Hour,
        "day" | "days" => RateUnit::Day,
        other => {
            return Err(format!(
                "unknown unit {other:?}; use minute(s), hour(s) or day(s)"
            ))
        }
    };
    Ok(Schedule::Rate { value, unit })
}

fn parse_cron(t: &str) -> Result<Schedule, String> {
    let fields: Vec<String> = t.split_whitespace().map(str::to_string).collect();
    if fields.len() != 6 {
        return Err(format!(
            "expected 6 fields (minutes hours day-of-month month day-of-week year), got {}",
            fields.len()
        ));
    }
    let legal = |c: char| c.is_ascii_alphanumeric() || "*,-/?#".contains(c);
    if let Some(f) = fields.iter().find(|f| !f.chars().all(legal)) {
        return Err(format!(
            "field {f:?} has characters other than digits, letters and * , - / ? #"
        ));
    }
    if (fields[2] == "?") == (fields[4] == "?") {
        return Err(
            "exactly one of day-of-month (3rd field) and day-of-week (5th field) must be ?".into(),
        );
    }
    Ok(Schedule::Cron { fields })
}

/// Parse `yyyy-mm-ddThh:mm:ss` exactly.
pub fn parse_civil(t: &str) -> Result<CivilDateTime, String> {
    let b = t.as_bytes();
    let shape_ok = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!("{t:?} is not of the form yyyy-mm-ddThh:mm:ss"));
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(u32::MAX);
    let dt = CivilDateTime {
        year: num(0..4) as i32,
        month: num(5..7),
        day: num(8..10),
        hour: num(11..13),
        minute: num(14..16),
        second: num(17..19),
    };
    if !(1..=12).contains(&dt.month) || dt.day < 1 || dt.day > days_in_month(dt.year, dt.month) {
        return Err(format!("{t:?} is not a calendar date"));
    }
    if dt.hour > 23 || dt.minute > 59 || dt.second > 59 {
        return Err(format!("{t:?} is not a time of day"));
    }
    Ok(dt)
}

/// Parse an ISO-8601 timestamp as accepted for `StartTime`/`EndTime`: `yyyy-mm-dd`, or
/// `yyyy-mm-ddThh:mm:ss` with optional fraction and optional `Z` / `±hh:mm` offset (none =
/// UTC). Returns seconds since the Unix epoch.
pub fn parse_timestamp(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let bad = || format!("{text:?} is not an ISO-8601 timestamp such as 2026-01-31T08:00:00Z");
    if t.len() == 10 {
        let dt = parse_civil(&format!("{t}T00:00:00")).map_err(|_| bad())?;
        return Ok(dt.unix_seconds() as f64);
    }
    if t.len() < 19 || !t.is_char_boundary(19) {
        return Err(bad());
    }
    let dt = parse_civil(&t[..19]).map_err(|_| bad())?;
    let mut rest = &t[19..];
    let mut frac = 0.0;
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        if n == 0 {
            return Err(bad());
        }
        frac = format!("0.{}", &r[..n]).parse().map_err(|_| bad())?;
        rest = &r[n..];
    }
    let offset_s: i64 = match rest {
        "" | "Z" | "z" => 0,
        o if o.is_ascii()
            && o.len() == 6
            && (o.starts_with('+') || o.starts_with('-'))
            && &o[3..4] == ":" =>
        {
            let h: i64 = o[1..3].parse().map_err(|_| bad())?;
            let m: i64 = o[4..6].parse().map_err(|_| bad())?;
            let s = h * 3600 + m * 60;
            if o.starts_with('-') {
                -s
            } else {
                s
            }
        }
        _ => return Err(bad()),
    };
    Ok((dt.unix_seconds() - offset_s) as f64 + frac)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_at_rate_and_cron() {
        let s = Schedule::parse("at(2026-03-01T08:30:00)").unwrap();
        let Schedule::At(dt) = s else {
            panic!("not at()")
        };
        assert_eq!(dt.unix_seconds(), 1_772_353_800);
        assert_eq!(
            Schedule::parse("rate(5 minutes)").unwrap().rate_period_s(),
            Some(300)
        );
        assert_eq!(
            Schedule::parse("rate(1 day)").unwrap().rate_period_s(),
            Some(86_400)
        );
        let c = Schedule::parse("cron(0 9 ? * MON-FRI *)").unwrap();
        assert!(matches!(c, Schedule::Cron { ref fields } if fields.len() == 6));
        assert_eq!(c.rate_period_s(), None);
    }

    #[test]
    fn rejects_bad_schedules_with_reasons() {
        let e = |s: &str| Schedule::parse(s).unwrap_err();
        assert!(e("at(2026-02-30T00:00:00)").contains("not a calendar date"));
        assert!(e("at(2026-02-01 00:00:00)").contains("yyyy-mm-ddThh:mm:ss"));
        assert!(e("at(2026-02-01T24:00:00)").contains("time of day"));
        assert!(e("rate(0 minutes)").contains("positive"));
        assert!(e("rate(5 weeks)").contains("unknown unit"));
        assert!(e("rate(5)").contains("value and a unit"));
        assert!(e("cron(0 9 * * *)").contains("6 fields"));
        assert!(e("cron(0 9 * * MON *)").contains("exactly one"));
        assert!(e("cron(0 9 ? * MON% *)").contains("characters"));
        assert!(e("every day").contains("expected at("));
    }

    #[test]
    fn parses_timestamps() {
        assert_eq!(parse_timestamp("1970-01-02").unwrap(), 86_400.0);
        assert_eq!(
            parse_timestamp("2000-03-01T00:00:00Z").unwrap(),
            951_868_800.0
        );
        assert_eq!(
            parse_timestamp("2000-03-01T01:00:00+01:00").unwrap(),
            951_868_800.0
        );
        assert_eq!(
            parse_timestamp("2000-03-01T00:00:00.5").unwrap(),
            951_868_800.5
        );
        assert!(parse_timestamp("2000-03-01T00:00:00+0100").is_err());
        assert!(parse_timestamp("yesterday").is_err());
        assert!(parse_timestamp("2000-03-01T00:00:00é").is_err());
        assert!(parse_timestamp("2000-03-01T00:00:00+0é:0").is_err()); // no panic on non-ASCII
    }
}
