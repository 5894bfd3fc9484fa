//! The timestamps of every AWS CLI output, made [`UtcMicros`]: epoch seconds (a JSON number
//! or a numeric string) or ISO 8601 text with `Z`, an offset (`+08:00`, `+0800`, `+08`) or
//! no zone (read as UTC), with 0 to 9 fractional digits; and back to ISO 8601 UTC text
//! ([`format_utc`]), also in place in a JSON object ([`normalise_times`]). Nothing here
//! panics on any input. Re-exported by [`super::json`].

use super::json::{join, shown, type_name};
use super::UtcMicros;
use crate::error::Issue;
use serde_json::Value;

/// Latest accepted instant, in seconds: 9999-12-31T23:59:59Z.
const MAX_EPOCH_S: i64 = 253_402_300_799;

/// What a timestamp may look like, for messages.
const TIME_FORMS: &str = "expected epoch seconds (1462575838.171) or ISO 8601 text \
     (2024-05-06T22:23:58.171Z, 2023-08-14T13:53:10.480000+08:00)";

/// A timestamp: epoch seconds as a JSON number or a numeric string, or ISO 8601 text.
pub fn parse_time_value(v: &Value) -> Result<UtcMicros, String> {
    match v {
        Value::Number(n) => epoch_number(n),
        Value::String(s) => parse_time_str(s),
        other => Err(format!("found {}, {TIME_FORMS}", type_name(other))),
    }
}

fn epoch_number(n: &serde_json::Number) -> Result<UtcMicros, String> {
    let bad = |why: &str| format!("{n} is not a timestamp: {why}; {TIME_FORMS}");
    if let Some(i) = n.as_i64() {
        return epoch_secs_checked(i, 0).ok_or_else(|| bad(&epoch_range_hint(i)));
    }
    if n.as_u64().is_some() {
        return Err(bad("too large"));
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    // MAX_EPOCH_S is well inside the range of f64 integers; the checks below keep the
    // product inside i64.
    if !f.is_finite() || f < 0.0 || f > MAX_EPOCH_S as f64 + 1.0 {
        return Err(bad("out of range (year 1970 to 9999)"));
    }
    let micros = (f * 1e6).round();
    if micros > (MAX_EPOCH_S as f64 + 1.0) * 1e6 {
        return Err(bad("out of range (year 1970 to 9999)"));
    }
    Ok(UtcMicros(micros as i64))
}

fn epoch_range_hint(s: i64) -> String {
    if (100_000_000_000..100_000_000_000_000).contains(&s) {
        "too large for seconds (epoch milliseconds? AWS prints seconds)".to_string()
    } else {
        "out of range (year 1970 to 9999)".to_string()
    }
}

fn epoch_secs_checked(secs: i64, micros: i64) -> Option<UtcMicros> {
    if !(0..=MAX_EPOCH_S).contains(&secs) {
        return None;
    }
    Some(UtcMicros(secs.checked_mul(1_000_000)?.checked_add(micros)?))
}

/// A timestamp written as text: epoch seconds (`"1462575838.171"`) or ISO 8601
/// (`2024-05-06T22:23:58.171Z`, `2023-08-14T13:53:10.480000+08:00`, `...+0800`, no zone =
/// UTC). Digits beyond the microsecond are dropped.
pub fn parse_time_str(text: &str) -> Result<UtcMicros, String> {
    let t = text.trim();
    let bad = |why: &str| format!("{} is not a timestamp: {why}; {TIME_FORMS}", shown(text));
    if t.is_empty() {
        return Err(bad("empty"));
    }
    if !t.is_ascii() {
        return Err(bad("it has non-ASCII characters"));
    }
    let numeric = t
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
    let r = if numeric {
        epoch_text(t)
    } else {
        iso_8601(t.as_bytes())
    };
    r.map_err(|why| bad(&why))
}

/// Decimal epoch seconds, exactly (no floating point).
fn epoch_text(t: &str) -> Result<UtcMicros, String> {
    if t.starts_with('-') {
        return Err("negative (before 1970)".into());
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() || int.len() > 15 || frac.contains('.') {
        return Err("not a decimal number of seconds".into());
    }
    let secs: i64 = int
        .parse()
        .map_err(|_| "not a decimal number of seconds".to_string())?;
    let micros = fraction_micros(frac.as_bytes());
    epoch_secs_checked(secs, micros).ok_or_else(|| epoch_range_hint(secs))
}

/// Microseconds of a string of fractional digits (truncated beyond 6).
fn fraction_micros(digits: &[u8]) -> i64 {
    let mut micros = 0i64;
    for k in 0..6 {
        let d = digits.get(k).map_or(0, |b| i64::from(b.wrapping_sub(b'0')));
        micros = micros * 10 + d;
    }
    micros
}

/// A cursor over the ASCII bytes of an ISO 8601 timestamp.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {what} at character {}", self.i + 1))
        }
    }

    /// Exactly `n` digits as a number.
    fn digits(&mut self, n: usize, what: &str) -> Result<i64, String> {
        let mut v = 0i64;
        for _ in 0..n {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => {
                    v = v * 10 + i64::from(b - b'0');
                    self.i += 1;
                }
                _ => return Err(format!("expected {n} digits of the {what}")),
            }
        }
        Ok(v)
    }

    /// A run of digits (possibly empty).
    fn run(&mut self) -> &[u8] {
        let start = self.i;
        while matches!(self.peek(), Some(b) if b.is_ascii_digit()) {
            self.i += 1;
        }
        self.b.get(start..self.i).unwrap_or(&[])
    }
}

fn iso_8601(b: &[u8]) -> Result<UtcMicros, String> {
    let mut c = Cursor { b, i: 0 };
    let year = c.digits(4, "year")?;
    c.expect(b'-', "'-' after the year")?;
    let month = c.digits(2, "month")?;
    c.expect(b'-', "'-' after the month")?;
    let day = c.digits(2, "day")?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err("expected 'T' and a time of day after the date".into());
    }
    let hour = c.digits(2, "hour")?;
    c.expect(b':', "':' after the hour")?;
    let minute = c.digits(2, "minute")?;
    let second = if c.eat(b':') {
        c.digits(2, "second")?
    } else {
        0
    };
    let mut micros = 0;
    if c.eat(b'.') || c.eat(b',') {
        let digits = c.run();
        if digits.is_empty() || digits.len() > 9 {
            return Err("expected 1 to 9 fractional digits of the second".into());
        }
        micros = fraction_micros(digits);
    }
    let offset_s = zone_offset(&mut c)?;
    if c.peek().is_some() {
        return Err(format!("unexpected text at character {}", c.i + 1));
    }
    check_fields(year, month, day, hour, minute, second)?;
    let secs =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset_s;
    let t = secs
        .checked_mul(1_000_000)
        .and_then(|m| m.checked_add(micros))
        .ok_or_else(|| "out of range".to_string())?;
    Ok(UtcMicros(t))
}

/// `Z`, `±HH:MM`, `±HHMM`, `±HH` or nothing (UTC), in seconds east of UTC.
fn zone_offset(c: &mut Cursor<'_>) -> Result<i64, String> {
    if c.eat(b'Z') || c.eat(b'z') {
        return Ok(0);
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return Ok(0);
    };
    let h = c.digits(2, "offset hours")?;
    let m = if c.eat(b':') || matches!(c.peek(), Some(b) if b.is_ascii_digit()) {
        c.digits(2, "offset minutes")?
    } else {
        0
    };
    if h > 23 || m > 59 {
        return Err(format!("offset {h:02}:{m:02} is out of range"));
    }
    Ok(sign * (h * 3600 + m * 60))
}

fn check_fields(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Result<(), String> {
    if !(1..=12).contains(&mo) {
        return Err(format!("month {mo} is not 1 to 12"));
    }
    let dim = days_in_month(y, mo);
    if d < 1 || d > dim {
        return Err(format!("day {d} is not 1 to {dim} in {y:04}-{mo:02}"));
    }
    if h > 23 {
        return Err(format!("hour {h} is not 0 to 23"));
    }
    if mi > 59 {
        return Err(format!("minute {mi} is not 0 to 59"));
    }
    if s > 59 {
        return Err(format!("second {s} is not 0 to 59"));
    }
    Ok(())
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `t` as ISO 8601 UTC text with as many fractional digits as it needs (none, 3 or 6):
/// `2024-08-14T05:53:10.48Z` is written `2024-08-14T05:53:10.480Z`.
pub fn format_utc(t: UtcMicros) -> String {
    let secs = t.0.div_euclid(1_000_000);
    let micros = t.0.rem_euclid(1_000_000);
    let (y, mo, d) = crate::civil::civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    let base = format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    );
    if micros == 0 {
        format!("{base}Z")
    } else if micros % 1000 == 0 {
        format!("{base}.{:03}Z", micros / 1000)
    } else {
        format!("{base}.{micros:06}Z")
    }
}

/// Replace the timestamp members `keys` of the object `v` (epoch seconds or ISO 8601 with
/// any offset) by [`format_utc`] text, so that the outputs of AWS CLI v1 and v2 read the
/// same; a member that is not a timestamp is an issue at its path.
pub fn normalise_times(v: &mut Value, path: &str, keys: &[&str], issues: &mut Vec<Issue>) {
    let Value::Object(map) = v else {
        return;
    };
    for key in keys {
        let Some(member) = map.get_mut(*key) else {
            continue;
        };
        if member.is_null() {
            continue;
        }
        match parse_time_value(member) {
            Ok(t) => *member = Value::String(format_utc(t)),
            Err(message) => issues.push(Issue::new(join(path, key), message)),
        }
    }
}
