//! Evaluation of Application Auto Scaling `cron(...)` schedules, in UTC, minute by minute.
//!
//! Owns the meaning of the six cron fields of a `PutScheduledAction` schedule
//! (`minutes hours day-of-month month day-of-week year`): parsing them into bitmasks
//! ([`Cron::parse`]), testing one minute ([`Cron::matches`]), finding the next firing
//! minute ([`Cron::next_at_or_after`]) and telling whether an expression can fire at all
//! ([`Cron::fires_within`]). [`super::schedule`] only checks the shape of a schedule string;
//! this module gives the fields their meaning. Times are UTC (the request's `Timezone` is
//! not applied here).
//!
//! # Supported (the AWS / EventBridge cron reference)
//! | field | values | wildcards |
//! |---|---|---|
//! | minutes | 0-59 | `, - * /` |
//! | hours | 0-23 | `, - * /` |
//! | day-of-month | 1-31 | `, - * ? / L W` |
//! | month | 1-12 or JAN-DEC | `, - * /` |
//! | day-of-week | 1-7 or SUN-SAT (1 = SUN, 7 = SAT) | `, - * ? L #` |
//! | year | 1970-2199 | `, - * /` |
//!
//! * `a,b` lists, `a-b` ranges (names allowed: `MON-FRI`, `JAN-MAR`), steps `a/n`
//!   (`a`, `a+n`, … up to the field maximum), `*/n` and `a-b/n`; names are case-insensitive.
//! * `?` in exactly one of day-of-month and day-of-week; the other field says which days
//!   (a `*` there means every day).
//! * day-of-month `L` (last day of the month), `LW` (last weekday, Mon–Fri, of the month),
//!   `nW` (the weekday nearest day `n`, never leaving the month: `1W` on a Saturday is
//!   Monday the 3rd, `nW` on a Sunday that is the last day is Friday).
//! * day-of-week `L` alone (7, Saturday), `nL` (last weekday `n` of the month, e.g. `6L` or
//!   `FRIL`), `n#k` (k-th weekday `n` of the month, k = 1..5, e.g. `2#1` or `MON#1`).
//!
//! # Rejected (with a message naming the field)
//! * Anything outside the table above: out-of-range values, unknown names, `?` outside the
//!   day fields, `/` in day-of-week (the AWS table does not list it), steps of 0 or longer
//!   than the field, empty list items, both or neither day field `?`.
//! * Ranges whose start exceeds their end (`22-2`, `FRI-MON`): "not supported by scalesim";
//!   write the wrapped range as a list (`22-23,0-2`).
//! * `L`, `LW`, `nW`, `nL` and `n#k` combined with other items in a list (AWS documents
//!   that `#` allows only one expression; scalesim applies the same rule to `L` and `W`),
//!   and Quartz's `L-n` offsets: "not supported by scalesim".
//!
//! # Interpretations
//! * `nW` with `n` past the end of a month (e.g. `31W` in April) does not fire that month,
//!   like a plain `31`.
//! * [`Cron::matches`] tests the minute containing the given second (floor to a minute).
//! * The optional `cron(` … `)` wrapper is accepted by [`Cron::parse`].

use super::schedule::CivilDateTime;

/// Unix seconds of 1970-01-01T00:00:00Z: the first instant the year field can match.
const FIRST_S: i64 = 0;
/// Unix seconds of 2200-01-01T00:00:00Z: after the last year (2199) the year field allows.
const END_S: i64 = 7_258_118_400;
/// First and last year AWS allows.
const MIN_YEAR: u32 = 1970;
const MAX_YEAR: u32 = 2199;
/// Average Gregorian year in seconds, for [`Cron::fires_within`].
const YEAR_S: i64 = 31_556_952;

/// Which days of the month a day-of-month field selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfMonth {
    /// `?`: the day-of-week field decides.
    Any,
    /// Bit `d` set for day `d` (1..=31).
    Days(u32),
    /// `L`: the last day of the month.
    Last,
    /// `LW`: the last Monday–Friday of the month.
    LastWeekday,
    /// `nW`: the Monday–Friday nearest day `n`, within the month.
    NearestWeekday(u32),
}

/// Which days a day-of-week field selects (AWS numbering: 1 = SUN … 7 = SAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfWeek {
    /// `?`: the day-of-month field decides.
    Any,
    /// Bit `n` set for weekday `n` (1..=7).
    Days(u8),
    /// `nL`: the last weekday `n` of the month.
    LastOf(u32),
    /// `n#k`: the k-th weekday `n` of the month.
    Nth(u32, u32),
}

/// A parsed cron expression (the text inside `cron(...)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    /// Bit `m` for minute `m` (0..=59).
    minutes: u64,
    /// Bit `h` for hour `h` (0..=23).
    hours: u32,
    day_of_month: DayOfMonth,
    /// Bit `m` for month `m` (1..=12).
    months: u16,
    day_of_week: DayOfWeek,
    /// Bit `y - 1970` for year `y` (1970..=2199).
    years: [u64; 4],
}

/// What one field allows, for parsing and messages.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    /// Names for `min`, `min + 1`, … (empty when the field has none).
    names: &'static [&'static str],
    allowed: &'static str,
}

const MINUTES: Field = Field {
    name: "minutes",
    min: 0,
    max: 59,
    names: &[],
    allowed: "0-59 with , - * /",
};
const HOURS: Field = Field {
    name: "hours",
    min: 0,
    max: 23,
    names: &[],
    allowed: "0-23 with , - * /",
};
const DAY_OF_MONTH: Field = Field {
    name: "day-of-month",
    min: 1,
    max: 31,
    names: &[],
    allowed: "1-31 with , - * / or ?, L, LW, nW",
};
const MONTH: Field = Field {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ],
    allowed: "1-12 or JAN-DEC with , - * /",
};
const DAY_OF_WEEK: Field = Field {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    allowed: "1-7 or SUN-SAT (1 = SUN) with , - * or ?, L, nL, n#k",
};
const YEAR: Field = Field {
    name: "year",
    min: MIN_YEAR,
    max: MAX_YEAR,
    names: &[],
    allowed: "1970-2199 with , - * /",
};

impl Field {
    fn err(&self, problem: impl std::fmt::Display) -> String {
        format!("{}: {problem}; allowed: {}", self.name, self.allowed)
    }

    /// One value: a number in range or a name.
    fn value(&self, s: &str) -> Result<u32, String> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.parse::<u32>() {
                Ok(v) if (self.min..=self.max).contains(&v) => Ok(v),
                _ => Err(self.err(format!("{s:?} is out of range {}-{}", self.min, self.max))),
            };
        }
        let upper = s.to_ascii_uppercase();
        match self.names.iter().position(|n| *n == upper) {
            Some(i) => Ok(self.min + i as u32),
            None if s.is_empty() => Err(self.err("a value is missing")),
            None => Err(self.err(format!("{s:?} is not a value"))),
        }
    }

    /// A list of `*`, `a`, `a-b`, with optional `/n`, as a bitset indexed by `value - min`.
    fn set(&self, text: &str, allow_step: bool) -> Result<[u64; 4], String> {
        let mut bits = [0u64; 4];
        for item in text.split(',') {
            if item.is_empty() {
                return Err(self.err(format!("{text:?} has an empty list item")));
            }
            if item.contains('?') {
                return Err(self.err(
                    if self.name == "day-of-month" || self.name == "day-of-week" {
                        "? must be the whole field".to_string()
                    } else {
                        "? is only allowed in day-of-month or day-of-week".to_string()
                    },
                ));
            }
            let (range, step) = match item.split_once('/') {
                Some(_) if !allow_step => {
                    return Err(self.err(format!(
                        "{item:?}: / is not allowed in {} (AWS lists , - * ? L # only)",
                        self.name
                    )))
                }
                Some((r, s)) => (r, Some(self.step(s)?)),
                None => (item, None),
            };
            let (lo, hi) = if range == "*" {
                (self.min, self.max)
            } else if let Some((a, b)) = range.split_once('-') {
                let (lo, hi) = (self.value(a)?, self.value(b)?);
                if lo > hi {
                    return Err(self.err(format!(
                        "range {range:?} runs backwards; wrapping ranges are not supported by \
                         scalesim, write it as a list (e.g. 22-23,0-2)"
                    )));
                }
                (lo, hi)
            } else {
                let v = self.value(range)?;
                (v, if step.is_some() { self.max } else { v })
            };
            let step = step.unwrap_or(1) as usize;
            for v in (lo..=hi).step_by(step) {
                let i = (v - self.min) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        Ok(bits)
    }

    fn step(&self, s: &str) -> Result<u32, String> {
        let span = self.max - self.min + 1;
        match s.parse::<u32>() {
            Ok(n) if s.bytes().all(|b| b.is_ascii_digit()) && (1..=span).contains(&n) => Ok(n),
            _ => Err(self.err(format!(
                "step {s:?} is not a whole number between 1 and {span}"
            ))),
        }
    }
}

fn parse_day_of_month(s: &str) -> Result<DayOfMonth, String> {
    let f = &DAY_OF_MONTH;
    let u = s.to_ascii_uppercase();
    if u == "?" {
        return Ok(DayOfMonth::Any);
    }
    if u == "L" {
        return Ok(DayOfMonth::Last);
    }
    if u == "LW" {
        return Ok(DayOfMonth::LastWeekday);
    }
    if !u.contains(['L', 'W']) {
        let bits = f.set(&u, true)?;
        return Ok(DayOfMonth::Days((bits[0] << 1) as u32));
    }
    if let Some(n) = u.strip_suffix('W') {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return f.value(n).map(DayOfMonth::NearestWeekday);
        }
    }
    Err(f.err(format!(
        "{s:?}: L and W are supported only as the whole field (L, LW or nW such as 15W); \
         L-n offsets and L/W inside lists, ranges or steps are not supported by scalesim"
    )))
}

fn parse_day_of_week(s: &str) -> Result<DayOfWeek, String> {
    let f = &DAY_OF_WEEK;
    let u = s.to_ascii_uppercase();
    if u == "?" {
        return Ok(DayOfWeek::Any);
    }
    if u == "L" {
        return Ok(DayOfWeek::Days(1 << 7));
    }
    let special = || {
        f.err(format!(
            "{s:?}: L and # are supported only as the whole field (L, nL such as 6L, or n#k \
             such as 2#1); AWS allows one # expression only, and scalesim applies the same \
             rule to L"
        ))
    };
    if u.contains('#') {
        if u.contains([',', '-', '/', '*']) {
            return Err(special());
        }
        let Some((day, k)) = u.split_once('#') else {
            return Err(special());
        };
        let day = f.value(day)?;
        let digits = !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit());
        return match k.parse::<u32>() {
            Ok(k) if digits && (1..=5).contains(&k) => Ok(DayOfWeek::Nth(day, k)),
            _ => Err(f.err(format!(
                "{s:?}: the occurrence after # must be 1 to 5 (e.g. 2#1 = first Monday)"
            ))),
        };
    }
    if let Some(day) = u.strip_suffix('L') {
        if day.contains([',', '-', '/', '*', 'L']) || day.is_empty() {
            return Err(special());
        }
        return f.value(day).map(DayOfWeek::LastOf);
    }
    if u.contains('L') {
        return Err(special());
    }
    let bits = f.set(&u, false)?;
    Ok(DayOfWeek::Days((bits[0] << 1) as u8))
}

impl Cron {
    /// Parse "0 9 ? * MON-FRI *"; the error names the field ("day-of-week: ...") and says
    /// what is allowed. An enclosing `cron(` … `)` is accepted.
    pub fn parse(text: &str) -> Result<Cron, String> {
        let t = text.trim();
        let t = t
            .strip_prefix("cron(")
            .and_then(|r| r.strip_suffix(')'))
            .unwrap_or(t);
        let fields: Vec<&str> = t.split_whitespace().collect();
        let [mi, h, dom, mo, dow, y] = fields[..] else {
            return Err(format!(
                "expected 6 fields (minutes hours day-of-month month day-of-week year), got {}",
                fields.len()
            ));
        };
        let minutes = MINUTES.set(mi, true)?[0];
        let hours = HOURS.set(h, true)?[0] as u32;
        let day_of_month = parse_day_of_month(dom)?;
        let months = (MONTH.set(&mo.to_ascii_uppercase(), true)?[0] << 1) as u16;
        let day_of_week = parse_day_of_week(dow)?;
        let years = YEAR.set(y, true)?;
        match (day_of_month, day_of_week) {
            (DayOfMonth::Any, DayOfWeek::Any) => Err(
                "day-of-month and day-of-week: both are ?; exactly one of them must be ? and \
                 the other says which days (e.g. 0 9 ? * MON-FRI * or 0 9 1 * ? *)"
                    .to_string(),
            ),
            (DayOfMonth::Any, _) | (_, DayOfWeek::Any) => Ok(Cron {
                minutes,
                hours,
                day_of_month,
                months,
                day_of_week,
                years,
            }),
            _ => Err(
                "day-of-month and day-of-week: neither is ?; AWS requires ? in exactly one of \
                 them (e.g. 0 9 ? * MON-FRI * or 0 9 1 * ? *)"
                    .to_string(),
            ),
        }
    }

    /// Does the minute starting at `unix_s` (seconds since the Unix epoch, UTC) match?
    /// A time that is not a whole minute is read as the minute containing it.
    pub fn matches(&self, unix_s: i64) -> bool {
        if !(FIRST_S..END_S).contains(&unix_s) {
            return false;
        }
        let days = unix_s.div_euclid(86_400);
        let sod = unix_s.rem_euclid(86_400);
        let (y, m, d) = crate::civil::civil_from_days(days);
        self.year_ok(y)
            && self.months >> m & 1 == 1
            && self.day_ok(y, m, d, weekday(days))
            && self.hours >> (sod / 3600) & 1 == 1
            && self.minutes >> (sod % 3600 / 60) & 1 == 1
    }

    /// The first matching minute at or after `from_unix_s` (rounded up to a whole minute)
    /// and before `until_unix_s`, if any. Skips whole years, months, days and hours that
    /// cannot match: at worst one step per day that matches the year and month fields but
    /// not the day fields (about 3,000 for an impossible expression searched over 8 years).
    pub fn next_at_or_after(&self, from_unix_s: i64, until_unix_s: i64) -> Option<i64> {
        let until = until_unix_s.min(END_S);
        // Clamped to the years AWS allows, so the arithmetic below cannot overflow.
        let from = from_unix_s.clamp(FIRST_S, END_S);
        let mut t = from.div_euclid(60) * 60;
        if t < from {
            t += 60;
        }
        loop {
            if t >= until {
                return None;
            }
            let days = t.div_euclid(86_400);
            let sod = t.rem_euclid(86_400);
            let (y, m, d) = crate::civil::civil_from_days(days);
            if !self.year_ok(y) {
                t = day_start(self.next_year(y)?, 1, 1);
                continue;
            }
            if self.months >> m & 1 == 0 {
                t = match next_bit(u64::from(self.months), m + 1, 12) {
                    Some(m2) => day_start(y, m2, 1),
                    None => day_start(y + 1, 1, 1),
                };
                continue;
            }
            if !self.day_ok(y, m, d, weekday(days)) {
                t = (days + 1) * 86_400;
                continue;
            }
            let (h, mi) = ((sod / 3600) as u32, (sod % 3600 / 60) as u32);
            match next_bit(u64::from(self.hours), h, 23) {
                None => {
                    t = (days + 1) * 86_400;
                    continue;
                }
                Some(h2) if h2 > h => {
                    t = days * 86_400 + i64::from(h2) * 3600;
                    continue;
                }
                Some(_) => {}
            }
            match next_bit(self.minutes, mi, 59) {
                None => t = days * 86_400 + i64::from(h + 1) * 3600,
                Some(m2) if m2 > mi => t = days * 86_400 + i64::from(h) * 3600 + i64::from(m2) * 60,
                Some(_) => return Some(t),
            }
        }
    }

    /// Whether the expression can ever fire: searches at most `years` years (of 365.2425
    /// days) ahead from `from_unix_s`.
    pub fn fires_within(&self, from_unix_s: i64, years: u32) -> bool {
        let until = from_unix_s.saturating_add(i64::from(years) * YEAR_S);
        self.next_at_or_after(from_unix_s, until).is_some()
    }

    fn year_ok(&self, y: i64) -> bool {
        let Some(i) = y
            .checked_sub(i64::from(MIN_YEAR))
            .filter(|i| (0..=i64::from(MAX_YEAR - MIN_YEAR)).contains(i))
        else {
            return false;
        };
        let i = i as usize;
        self.years[i / 64] >> (i % 64) & 1 == 1
    }

    /// The first allowed year after `y`.
    fn next_year(&self, y: i64) -> Option<i64> {
        (y + 1..=i64::from(MAX_YEAR)).find(|&y2| self.year_ok(y2))
    }

    /// Do the day fields select day `d` of month `m` of year `y`, a weekday `dow` (1 = SUN)?
    fn day_ok(&self, y: i64, m: u32, d: u32, dow: u32) -> bool {
        let dim = days_in_month(y, m);
        // Weekday of day `x` of the same month.
        let dow_of =
            |x: u32| (i64::from(dow) - 1 + i64::from(x) - i64::from(d)).rem_euclid(7) as u32 + 1;
        let dom_ok = match self.day_of_month {
            DayOfMonth::Any => true,
            DayOfMonth::Days(mask) => mask >> d & 1 == 1,
            DayOfMonth::Last => d == dim,
            DayOfMonth::LastWeekday => {
                d == match dow_of(dim) {
                    7 => dim - 1,
                    1 => dim - 2,
                    _ => dim,
                }
            }
            DayOfMonth::NearestWeekday(n) => {
                n <= dim
                    && d == match dow_of(n) {
                        7 if n == 1 => 3,
                        7 => n - 1,
                        1 if n == dim => n - 2,
                        1 => n + 1,
                        _ => n,
                    }
            }
        };
        let dow_ok = match self.day_of_week {
            DayOfWeek::Any => true,
            DayOfWeek::Days(mask) => mask >> dow & 1 == 1,
            DayOfWeek::LastOf(n) => dow == n && d + 7 > dim,
            DayOfWeek::Nth(n, k) => dow == n && (d - 1) / 7 + 1 == k,
        };
        dom_ok && dow_ok
    }
}

/// The lowest set bit of `mask` at position `from..=last`.
fn next_bit(mask: u64, from: u32, last: u32) -> Option<u32> {
    if from > last {
        return None;
    }
    let m = mask >> from;
    (m != 0)
        .then(|| from + m.trailing_zeros())
        .filter(|&b| b <= last)
}

/// Unix seconds of 00:00Z on a date (years 1970..=2200 here).
fn day_start(y: i64, m: u32, d: u32) -> i64 {
    CivilDateTime {
        year: y as i32,
        month: m,
        day: d,
        hour: 0,
        minute: 0,
        second: 0,
    }
    .unix_seconds()
}

/// Weekday of a day since 1970-01-01 (a Thursday), AWS numbering 1 = SUN … 7 = SAT.
fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32 + 1
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
#[path = "cron_tests.rs"]
mod tests;
