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

#[path = "cron_parse.rs"]
mod parse;

impl Cron {
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
#[path = "cron_tests/mod.rs"]
mod tests;
