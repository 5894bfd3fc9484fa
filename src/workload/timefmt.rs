//! Timestamp formats of trace and counts files.
//!
//! Owns the supported `time_format`s and their parsing:
//!
//! * a chrono strftime pattern, naive and read as UTC (a pattern with `%z` honours the
//!   offset; a date-only pattern means midnight). `%.f` accepts 0 to 9 fractional digits,
//!   so the default `"%Y-%m-%d %H:%M:%S%.f"` reads `2023-11-16 18:17:03.9799600`;
//! * `epoch_s`, `epoch_ms`, `epoch_us`: numbers since the Unix epoch, may be fractional
//!   (decimals are converted exactly, not through `f64`);
//! * `offset_s`: seconds since the simulation start (no origin shift).
//!
//! Every parsed time is an `i64` count of microseconds on the format's own axis (rounded to
//! the nearest microsecond), so differences between rows are exact.

use chrono::format::{parse, Item, Parsed, StrftimeItems};

/// The default `time_format`.
pub(crate) const DEFAULT_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.f";

/// Serde default for `time_format` fields.
pub(crate) fn default_time_format() -> String {
    DEFAULT_TIME_FORMAT.to_string()
}

/// A checked `time_format`.
#[derive(Debug, Clone)]
pub(crate) enum TimeFormat {
    /// Numbers since the Unix epoch; `micros_per_unit` is 1e6, 1e3 or 1.
    Epoch {
        keyword: &'static str,
        micros_per_unit: i128,
    },
    /// Seconds since the simulation start.
    Offset,
    /// A chrono strftime pattern, pre-parsed.
    Strftime {
        pattern: String,
        items: Vec<Item<'static>>,
    },
}

impl TimeFormat {
    /// Check a `time_format` value; the error says what is allowed.
    pub(crate) fn new(text: &str) -> Result<TimeFormat, String> {
        let epoch = |keyword, micros_per_unit| {
            Ok(TimeFormat::Epoch {
                keyword,
                micros_per_unit,
            })
        };
        match text {
            "epoch_s" => epoch("epoch_s", 1_000_000),
            "epoch_ms" => epoch("epoch_ms", 1_000),
            "epoch_us" => epoch("epoch_us", 1),
            "offset_s" => Ok(TimeFormat::Offset),
            _ if !text.contains('%') => Err(format!(
                "{text:?} is neither a keyword (epoch_s, epoch_ms, epoch_us, offset_s) nor a \
                 strftime pattern such as \"{DEFAULT_TIME_FORMAT}\""
            )),
            _ => match StrftimeItems::new(text).parse_to_owned() {
                Ok(items) => Ok(TimeFormat::Strftime {
                    pattern: text.to_string(),
                    items,
                }),
                Err(_) => Err(format!(
                    "{text:?} is not a valid strftime pattern (see chrono's strftime \
                     specifiers, e.g. \"{DEFAULT_TIME_FORMAT}\"), nor one of epoch_s, \
                     epoch_ms, epoch_us, offset_s"
                )),
            },
        }
    }

    /// True for `offset_s`, whose zero is the simulation start (no origin).
    pub(crate) fn is_offset(&self) -> bool {
        matches!(self, TimeFormat::Offset)
    }

    /// Parse one field to microseconds on this format's axis; the error says what is allowed.
    pub(crate) fn parse(&self, text: &str) -> Result<i64, String> {
        match self {
            TimeFormat::Epoch {
                keyword,
                micros_per_unit,
            } => decimal_micros(text, *micros_per_unit).ok_or_else(|| {
                let unit = match *micros_per_unit {
                    1_000_000 => "seconds",
                    1_000 => "milliseconds",
                    _ => "microseconds",
                };
                format!(
                    "not a number of {unit} since the Unix epoch (time_format \
                         \"{keyword}\"): {text:?}"
                )
            }),
            TimeFormat::Offset => decimal_micros(text, 1_000_000).ok_or_else(|| {
                format!(
                    "not a number of seconds since the simulation start (time_format \
                     \"offset_s\"): {text:?}"
                )
            }),
            TimeFormat::Strftime { pattern, items } => strftime_micros(text, items)
                .map_err(|why| format!("not a time in format {pattern:?}: {text:?} ({why})")),
        }
    }
}

fn strftime_micros(text: &str, items: &[Item<'static>]) -> Result<i64, chrono::ParseError> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, text, items.iter())?;
    let dt = if parsed.offset().is_some() {
        parsed.to_datetime()?.naive_utc()
    } else {
        match parsed.to_naive_datetime_with_offset(0) {
            Ok(dt) => dt,
            Err(e) if parsed.hour_div_12().is_none() && parsed.hour_mod_12().is_none() => {
                // A date-only pattern: the day starts at midnight.
                parsed.to_naive_date()?.and_hms_opt(0, 0, 0).ok_or(e)?
            }
            Err(e) => return Err(e),
        }
    };
    let dt = dt.and_utc();
    let nanos = i64::from(dt.timestamp_subsec_nanos());
    Ok(dt.timestamp() * 1_000_000 + (nanos + 500) / 1_000)
}

/// A decimal number of units to microseconds, rounded to nearest (halves away from zero).
/// Plain decimals are converted exactly; other forms (`1.7e9`) go through `f64`.
fn decimal_micros(text: &str, micros_per_unit: i128) -> Option<i64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let plain = !(int.is_empty() && frac.is_empty())
        && int.len() + frac.len() <= 30
        && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit());
    if !plain {
        let v: f64 = text.parse().ok()?;
        let m = (v * micros_per_unit as f64).round();
        return (m.is_finite() && m.abs() < 9.2e18).then_some(m as i64);
    }
    let mut digits: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        digits = digits * 10 + i128::from(b - b'0');
    }
    let den = 10i128.checked_pow(u32::try_from(frac.len()).ok()?)?;
    let num = digits.checked_mul(micros_per_unit)?;
    let micros = (num + den / 2) / den;
    i64::try_from(if negative { -micros } else { micros }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strftime_with_seven_fraction_digits() {
        let f = TimeFormat::new(DEFAULT_TIME_FORMAT).unwrap();
        let a = f.parse("2023-11-16 18:17:03.9799600").unwrap();
        let b = f.parse("2023-11-16 18:17:04.0319600").unwrap();
        assert_eq!(b - a, 52_000);
        assert_eq!(f.parse("2023-11-16 18:17:04").unwrap() - a, 20_040);
        assert_eq!(a % 1_000_000, 979_960);
        let e = f.parse("2023-13-01 00:00:00").unwrap_err();
        assert!(
            e.starts_with("not a time in format \"%Y-%m-%d %H:%M:%S%.f\": \"2023-13-01"),
            "{e}"
        );
    }

    #[test]
    fn date_only_and_offset_patterns() {
        let d = TimeFormat::new("%Y-%m-%d").unwrap();
        assert_eq!(d.parse("1970-01-02").unwrap(), 86_400_000_000);
        let z = TimeFormat::new("%Y-%m-%dT%H:%M:%S%z").unwrap();
        assert_eq!(z.parse("1970-01-01T01:00:00+0100").unwrap(), 0);
    }

    #[test]
    fn keywords_and_decimals() {
        let s = TimeFormat::new("epoch_s").unwrap();
        assert_eq!(s.parse("1700000000.123456").unwrap(), 1_700_000_000_123_456);
        assert_eq!(s.parse("1.5e1").unwrap(), 15_000_000);
        assert_eq!(s.parse("0.0000005").unwrap(), 1);
        assert!(s
            .parse("abc")
            .unwrap_err()
            .contains("seconds since the Unix epoch"));
        assert!(s.parse("").is_err() && s.parse("nan").is_err() && s.parse(".").is_err());
        let ms = TimeFormat::new("epoch_ms").unwrap();
        assert_eq!(ms.parse("1700000000123.5").unwrap(), 1_700_000_000_123_500);
        let us = TimeFormat::new("epoch_us").unwrap();
        assert_eq!(us.parse("-3").unwrap(), -3);
        assert!(TimeFormat::new("offset_s").unwrap().is_offset());
        assert!(TimeFormat::new("epoch").is_err());
        assert!(TimeFormat::new("%Y-%Q").is_err());
    }
}
