//! Parsing of the six `cron(...)` fields into [`Cron`]'s bitmasks, with messages that name
//! the field and say what is allowed (the supported syntax is in `cron.rs`).

use super::{Cron, DayOfMonth, DayOfWeek, MAX_YEAR, MIN_YEAR};

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
}
