//! Simulated time and durations.
//!
//! Owns the one representation of time in scalesim: [`SimTime`], an integer count of
//! microseconds since the start of the simulation, and [`SimDuration`], a span in
//! microseconds. It also owns the single conversion from human-written durations
//! ("10m", "90s", "1h30m", "250ms") and from floating-point seconds to microseconds.
//!
//! Rounding rule: every conversion from seconds (f64) to microseconds rounds to the
//! nearest microsecond, halves away from zero (`f64::round`). Nothing else in the crate
//! converts seconds to ticks by hand.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Microseconds per second.
pub const MICROS_PER_SEC: u64 = 1_000_000;

/// A point in simulated time: microseconds since the simulation started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub u64);

/// A non-negative span of simulated time, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(pub u64);

impl SimTime {
    /// The start of every simulation.
    pub const ZERO: SimTime = SimTime(0);
    /// The latest representable time.
    pub const MAX: SimTime = SimTime(u64::MAX);

    /// This time in seconds (for reports; never feed it back into the clock).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / MICROS_PER_SEC as f64
    }

    /// Time `d` later, saturating at [`SimTime::MAX`].
    pub fn after(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// The span from `earlier` to `self` (zero if `earlier` is later).
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    /// A time given in whole seconds.
    pub const fn from_secs(s: u64) -> SimTime {
        SimTime(s * MICROS_PER_SEC)
    }
}

impl SimDuration {
    /// The empty span.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A span of whole seconds.
    pub const fn from_secs(s: u64) -> SimDuration {
        SimDuration(s * MICROS_PER_SEC)
    }

    /// A span of whole minutes.
    pub const fn from_mins(m: u64) -> SimDuration {
        SimDuration(m * 60 * MICROS_PER_SEC)
    }

    /// A span from seconds, rounded to the nearest microsecond; negative or NaN gives zero,
    /// values too large to represent saturate.
    ///
    /// Callers validate user input before converting, so the clamping here only guards
    /// against sampled values (e.g. a normal tail) going below zero.
    pub fn from_secs_f64(s: f64) -> SimDuration {
        // One comparison that is also false for NaN.
        let positive = s > 0.0;
        if !positive {
            return SimDuration::ZERO;
        }
        let micros = s * MICROS_PER_SEC as f64;
        // Round half away from zero exactly as `f64::round` does, without its library call
        // (hot: every arrival and service time): for x ≥ 0, round(x) = trunc(x + h) with h
        // the largest f64 below ½ (how LLVM itself lowers `round`). A fraction below ½ stays
        // below the next whole number, and one of ½ or more reaches it; above 2⁵² every f64
        // is whole and adding h leaves it unchanged. Below 2⁶² µs (146,000 years) the signed
        // conversion is one instruction on x86-64, the unsigned one a sequence of several.
        const BELOW_HALF: f64 = 0.499_999_999_999_999_94;
        const SIGNED_LIMIT: f64 = (1u64 << 62) as f64;
        if micros < SIGNED_LIMIT {
            SimDuration((micros + BELOW_HALF) as i64 as u64)
        } else if micros >= u64::MAX as f64 {
            SimDuration(u64::MAX)
        } else {
            SimDuration((micros + BELOW_HALF) as u64)
        }
    }

    /// This span in seconds.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / MICROS_PER_SEC as f64
    }
}

impl std::ops::Add<SimDuration> for SimDuration {
    type Output = SimDuration;
    fn add(self, rhs: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(rhs.0))
    }
}

/// Parse a human duration: one or more `<number><unit>` parts, e.g. `"10m"`, `"90s"`,
/// `"1h30m"`, `"1.5h"`, `"250ms"`, `"7d"`. Units: `us`, `ms`, `s`, `m`, `h`, `d`, `w`.
///
/// Returns the duration in seconds. Errors say what was expected.
pub fn parse_duration_secs(text: &str) -> Result<f64, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("empty duration; write a number with a unit, e.g. \"90s\" or \"10m\"".into());
    }
    let mut total = 0.0_f64;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(format!(
                "invalid duration {text:?}: expected a number before {rest:?} (e.g. \"90s\", \"1h30m\")"
            ));
        }
        let number: f64 = rest[..num_len].parse().map_err(|_| {
            format!(
                "invalid duration {text:?}: {:?} is not a number",
                &rest[..num_len]
            )
        })?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let scale = match unit {
            "us" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" | "min" => 60.0,
            "h" => 3600.0,
            "d" => 86_400.0,
            "w" => 604_800.0,
            "" => {
                return Err(format!(
                    "invalid duration {text:?}: a unit is required after {number} (us, ms, s, m, h, d or w), e.g. \"{number}s\""
                ))
            }
            other => {
                return Err(format!(
                    "invalid duration {text:?}: unknown unit {other:?}; use us, ms, s, m, h, d or w"
                ))
            }
        };
        total += number * scale;
        rest = &rest[unit_len..];
    }
    if !total.is_finite() {
        return Err(format!("invalid duration {text:?}: too large"));
    }
    Ok(total)
}

/// A duration for people, in one format wherever text is read (tables, charts, reports,
/// messages): three significant figures below a minute (`12.0 µs`, `850 ms`, `2.61 s`,
/// `27.5 s`), then two units (`5m07s`, `1h02m`, `3d04h`). Files hold plain seconds
/// instead; scenario files use [`format_duration_secs`].
pub fn human_duration(secs: f64) -> String {
    if secs == f64::INFINITY {
        // A latency over all requests whose percentile request was lost.
        return "never".into();
    }
    if !secs.is_finite() {
        return "n/a".into();
    }
    if secs < 0.0 {
        return format!("-{}", human_duration(-secs));
    }
    let sig3 = |v: f64, unit: &str| {
        let digits = if v >= 99.95 {
            0
        } else if v >= 9.995 {
            1
        } else {
            2
        };
        format!("{v:.digits$} {unit}")
    };
    if secs == 0.0 {
        "0 s".into()
    } else if secs < 0.999_5e-3 {
        sig3(secs * 1e6, "µs")
    } else if secs < 0.999_5 {
        sig3(secs * 1e3, "ms")
    } else if secs < 59.95 {
        sig3(secs, "s")
    } else if secs < 3_599.5 {
        let t = secs.round() as u64;
        format!("{}m{:02}s", t / 60, t % 60)
    } else if secs < 86_370.0 {
        let t = (secs / 60.0).round() as u64;
        format!("{}h{:02}m", t / 60, t % 60)
    } else {
        let t = (secs / 3_600.0).round() as u64;
        format!("{}d{:02}h", t / 24, t % 24)
    }
}

/// [`human_duration`] of an optional value; `n/a` when there is none.
pub fn human_duration_opt(secs: Option<f64>) -> String {
    secs.map_or_else(|| "n/a".into(), human_duration)
}

/// Format seconds as the shortest exact human duration ("10m", "1h30m", "2.5s", "0s").
pub fn format_duration_secs(secs: f64) -> String {
    if secs == 0.0 {
        return "0s".into();
    }
    let micros = (secs * 1e6).round() as u64;
    if micros % 1_000_000 != 0 {
        let s = micros as f64 / 1e6;
        return format!("{s}s");
    }
    let mut whole = micros / 1_000_000;
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if whole >= size {
            out.push_str(&format!("{}{unit}", whole / size));
            whole %= size;
        }
    }
    out
}

/// A duration as written in a scenario file: a string with units ("10m").
///
/// Stored as seconds (f64) so that validation can reject out-of-range values with a
/// message before anything is converted to ticks. Serializes back to the shortest string.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Duration(pub f64);

impl Duration {
    /// The duration in seconds.
    pub fn secs(self) -> f64 {
        self.0
    }
    /// The duration in simulation ticks.
    pub fn to_sim(self) -> SimDuration {
        SimDuration::from_secs_f64(self.0)
    }
    /// A duration of `s` seconds.
    pub fn from_secs(s: f64) -> Duration {
        Duration(s)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration_secs(self.0))
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration_secs(self.0))
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration with a unit, e.g. \"90s\", \"10m\" or \"1h30m\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Duration, E> {
                parse_duration_secs(v).map(Duration).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Duration, E> {
                Err(E::custom(format!(
                    "a bare number ({v}) is not a duration; write it with a unit, e.g. \"{v}s\""
                )))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Duration, E> {
                self.visit_i64(v as i64)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Duration, E> {
                Err(E::custom(format!(
                    "a bare number ({v}) is not a duration; write it with a unit, e.g. \"{v}s\""
                )))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_secs_f64_rounds_exactly_like_f64_round() {
        let mut x = 1e-7;
        let mut cases = vec![
            0.5e-6,
            1.5e-6,
            2.5e-6,
            (0.5 - f64::EPSILON / 4.0) / 1e6,
            ((1u64 << 52) as f64 - 0.5) / 1e6,
            // The largest f64 below ½ rounds down; ½ and the f64 above it round up.
            0.499_999_999_999_999_94 / 1e6,
            0.5 / 1e6,
            0.500_000_000_000_000_1 / 1e6,
            // Whole and half values where the f64 spacing is ½ and 1.
            ((1u64 << 51) as f64 + 0.5) / 1e6,
            ((1u64 << 52) as f64 + 1.0) / 1e6,
            // Either side of the switch from the signed to the unsigned conversion.
            (1u64 << 62) as f64 / 1e6,
            (1u64 << 62) as f64 * (1.0 - f64::EPSILON) / 1e6,
            (1u64 << 62) as f64 * (1.0 + f64::EPSILON) / 1e6,
        ];
        while x < 1e14 {
            cases.extend([x, x * 1.000_000_1, x + 0.5e-6, x - 0.5e-6]);
            x *= 1.37;
        }
        // Halves and their neighbours in µs, and random values over every magnitude from
        // 1 ns to 10⁶ years (a fixed seed).
        for k in 0..5_000u32 {
            let half = f64::from(k) + 0.5;
            for micros in [half, half.next_down(), half.next_up()] {
                cases.push(micros / MICROS_PER_SEC as f64);
            }
        }
        let mut rng = crate::rng::stream_rng(7, crate::rng::Stream::Service, 0);
        for _ in 0..200_000 {
            let exponent: f64 = rand::RngExt::random_range(&mut rng, -9.0..13.5);
            cases.push(10f64.powf(exponent));
        }
        for s in cases {
            let want = (s * MICROS_PER_SEC as f64).round() as u64;
            assert_eq!(SimDuration::from_secs_f64(s).0, want, "{s} s");
        }
    }

    #[test]
    fn human_durations_read_the_same_everywhere() {
        for (secs, text) in [
            (0.0, "0 s"),
            (12e-6, "12.0 µs"),
            (0.85, "850 ms"),
            (0.0123, "12.3 ms"),
            (0.9996, "1.00 s"),
            (2.613, "2.61 s"),
            (27.53, "27.5 s"),
            (59.96, "1m00s"),
            (307.0, "5m07s"),
            (3599.6, "1h00m"),
            (3720.0, "1h02m"),
            (86_399.0, "1d00h"),
            (273_600.0, "3d04h"),
            (-90.0, "-1m30s"),
            (f64::NAN, "n/a"),
            (f64::INFINITY, "never"),
        ] {
            assert_eq!(human_duration(secs), text, "{secs}");
        }
        assert_eq!(human_duration_opt(None), "n/a");
    }

    #[test]
    fn parses_units_and_compounds() {
        assert_eq!(parse_duration_secs("90s").unwrap(), 90.0);
        assert_eq!(parse_duration_secs("10m").unwrap(), 600.0);
        assert_eq!(parse_duration_secs("1h30m").unwrap(), 5400.0);
        assert_eq!(parse_duration_secs("250ms").unwrap(), 0.25);
        assert_eq!(parse_duration_secs("7d").unwrap(), 604_800.0);
        assert_eq!(parse_duration_secs("1.5h").unwrap(), 5400.0);
    }

    #[test]
    fn rejects_missing_or_unknown_units() {
        assert!(parse_duration_secs("90")
            .unwrap_err()
            .contains("unit is required"));
        assert!(parse_duration_secs("5 parsecs").is_err());
        assert!(parse_duration_secs("").is_err());
        assert!(parse_duration_secs("m").is_err());
    }

    #[test]
    fn formats_round_trip() {
        for s in ["0s", "90s", "10m", "1h30m", "7d", "2.5s", "1d2h3m4s"] {
            let secs = parse_duration_secs(s).unwrap();
            assert_eq!(
                parse_duration_secs(&format_duration_secs(secs)).unwrap(),
                secs,
                "{s}"
            );
        }
        assert_eq!(format_duration_secs(5400.0), "1h30m");
    }

    #[test]
    fn seconds_round_to_nearest_microsecond() {
        assert_eq!(SimDuration::from_secs_f64(1.0000004).0, 1_000_000);
        assert_eq!(SimDuration::from_secs_f64(1.0000006).0, 1_000_001);
        assert_eq!(SimDuration::from_secs_f64(-3.0).0, 0);
        assert_eq!(SimDuration::from_secs_f64(f64::NAN).0, 0);
    }
}
