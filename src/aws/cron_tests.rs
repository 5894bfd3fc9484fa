//! Tests of `cron`: parsing, minute matching, next-firing search and impossible expressions.
//!
//! Hand-computed timestamps start from 2024-01-01T00:00Z = 1_704_067_200 (a Monday) and add
//! 86_400 per day, 3_600 per hour, 60 per minute.

use super::*;
use crate::aws::schedule::parse_civil;
use crate::civil::civil_from_days;

/// Unix seconds of a UTC civil time `yyyy-mm-ddThh:mm:ss`.
fn ts(s: &str) -> i64 {
    parse_civil(s).unwrap().unix_seconds()
}

fn cron(s: &str) -> Cron {
    Cron::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

/// Every firing of `c` in `[from, until)`, by repeated `next_at_or_after`.
fn firings(c: &Cron, from: i64, until: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut t = from;
    while let Some(f) = c.next_at_or_after(t, until) {
        out.push(f);
        t = f + 60;
    }
    out
}

const JAN1_2024: i64 = 1_704_067_200;
const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

#[test]
fn hand_constants_agree_with_civil_times() {
    assert_eq!(ts("2024-01-01T00:00:00"), JAN1_2024);
    assert_eq!(ts("2024-01-08T09:00:00"), 1_704_704_400);
}

#[test]
fn weekdays_at_nine() {
    let c = cron("0 9 ? * MON-FRI *");
    // 2024-01-01 (Monday) 09:00 = JAN1 + 9 h = 1_704_099_600.
    assert!(c.matches(1_704_099_600));
    assert!(c.matches(JAN1_2024 + 9 * HOUR));
    assert!(!c.matches(JAN1_2024 + 9 * HOUR + 60)); // 09:01
    assert!(!c.matches(JAN1_2024 + 8 * HOUR)); // 08:00
                                               // Friday 2024-01-05 09:00 = JAN1 + 4 d + 9 h.
    assert!(c.matches(JAN1_2024 + 4 * DAY + 9 * HOUR));
    // Saturday 2024-01-06 09:00 = JAN1 + 5 d + 9 h = 1_704_531_600; Sunday likewise.
    assert!(!c.matches(1_704_531_600));
    assert!(!c.matches(JAN1_2024 + 6 * DAY + 9 * HOUR));
    // A second inside the matching minute reads as that minute.
    assert!(c.matches(1_704_099_600 + 59));
    // The `cron(...)` wrapper and surrounding blanks are accepted.
    assert_eq!(Cron::parse(" cron(0 9 ? * MON-FRI *) ").unwrap(), c);
}

#[test]
fn every_fifteen_minutes() {
    let c = cron("*/15 * * * ? *");
    for m in 0..60 {
        assert_eq!(c.matches(JAN1_2024 + m * 60), m % 15 == 0, "minute {m}");
    }
    // From 00:01 the next is 00:15 = JAN1 + 900 = 1_704_068_100.
    assert_eq!(
        c.next_at_or_after(JAN1_2024 + 60, i64::MAX),
        Some(1_704_068_100)
    );
    // 0/15 is the same set.
    assert_eq!(cron("0/15 * * * ? *"), c);
    assert_eq!(firings(&c, JAN1_2024, JAN1_2024 + DAY).len(), 96);
}

#[test]
fn last_day_of_february_in_leap_and_common_years() {
    let c = cron("0 0 L * ? *");
    // 2024-02-29 = JAN1 + (31 + 28) d = 1_704_067_200 + 5_097_600 = 1_709_164_800.
    assert_eq!(
        c.next_at_or_after(ts("2024-02-01T00:00:00"), i64::MAX),
        Some(1_709_164_800)
    );
    assert!(c.matches(1_709_164_800));
    assert!(!c.matches(1_709_164_800 - DAY)); // 2024-02-28
                                              // 2023-02-28 = 2023-01-01 (1_672_531_200) + 58 d = 1_677_542_400.
    assert_eq!(
        c.next_at_or_after(ts("2023-02-01T00:00:00"), i64::MAX),
        Some(1_677_542_400)
    );
    assert_eq!(ts("2023-02-28T00:00:00"), 1_677_542_400);
    // Every month of 2024 has exactly one last day; the twelve match the calendar.
    let f = firings(&c, JAN1_2024, ts("2025-01-01T00:00:00"));
    let days: Vec<u32> = f
        .iter()
        .map(|&t| civil_from_days(t.div_euclid(DAY)).2)
        .collect();
    assert_eq!(days, [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
}

#[test]
fn names_and_numbers_are_equivalent_and_case_insensitive() {
    let pairs = [
        ("0 9 ? * MON-FRI *", "0 9 ? * 2-6 *"),
        ("0 9 ? JAN-MAR SUN,SAT *", "0 9 ? 1-3 1,7 *"),
        ("0 9 ? jan-mar sun,sat *", "0 9 ? 1-3 1,7 *"),
        ("0 9 1 Dec ? *", "0 9 1 12 ? *"),
        ("0 9 1 JAN/3 ? *", "0 9 1 1,4,7,10 ? *"),
        ("0 9 ? * FRIL *", "0 9 ? * 6L *"),
        ("0 9 ? * mon#2 *", "0 9 ? * 2#2 *"),
        ("0 9 ? * L *", "0 9 ? * SAT *"),
        ("0 9 15w * ? *", "0 9 15W * ? *"),
        ("0 9 lw * ? *", "0 9 LW * ? *"),
        ("0 9 * * ? *", "0 9 1-31 * ? *"),
        ("00 09 01 01 ? 2024", "0 9 1 1 ? 2024"),
    ];
    for (a, b) in pairs {
        assert_eq!(cron(a), cron(b), "{a:?} vs {b:?}");
    }
}

#[test]
fn every_parse_error_names_its_field() {
    let cases = [
        ("60 9 ? * MON *", "minutes"),
        ("x 9 ? * MON *", "minutes"),
        ("? 9 ? * MON *", "minutes"),
        ("0/0 9 ? * MON *", "minutes"),
        ("0/61 9 ? * MON *", "minutes"),
        ("1,,2 9 ? * MON *", "minutes"),
        ("30-10 9 ? * MON *", "minutes"),
        ("0 24 ? * MON *", "hours"),
        ("0 22-2 ? * MON *", "hours"),
        ("0 -1 ? * MON *", "hours"),
        ("0 9 0 * ? *", "day-of-month"),
        ("0 9 32 * ? *", "day-of-month"),
        ("0 9 L-3 * ? *", "day-of-month"),
        ("0 9 1,L * ? *", "day-of-month"),
        ("0 9 1-15W * ? *", "day-of-month"),
        ("0 9 32W * ? *", "day-of-month"),
        ("0 9 W * ? *", "day-of-month"),
        ("0 9 1,? * ? *", "day-of-month"),
        ("0 9 1 13 ? *", "month"),
        ("0 9 1 JANUARY ? *", "month"),
        ("0 9 1 ? * *", "month"),
        ("0 9 ? * 8 *", "day-of-week"),
        ("0 9 ? * 0 *", "day-of-week"),
        ("0 9 ? * FUN *", "day-of-week"),
        ("0 9 ? * FRI-MON *", "day-of-week"),
        ("0 9 ? * */2 *", "day-of-week"),
        ("0 9 ? * 2#0 *", "day-of-week"),
        ("0 9 ? * 2#6 *", "day-of-week"),
        ("0 9 ? * 2#1,6#3 *", "day-of-week"),
        ("0 9 ? * 8#1 *", "day-of-week"),
        ("0 9 ? * 2L,6 *", "day-of-week"),
        ("0 9 ? * 1-5L *", "day-of-week"),
        ("0 9 ? * LL *", "day-of-week"),
        ("0 9 ? * # *", "day-of-week"),
        ("0 9 ? * 1 1969", "year"),
        ("0 9 ? * 1 2200", "year"),
        ("0 9 ? * 1 2030-2025", "year"),
        ("0 9 ? * 1 ?", "year"),
    ];
    for (text, field) in cases {
        let e = Cron::parse(text).expect_err(text);
        assert!(
            e.starts_with(&format!("{field}: ")),
            "{text:?}: error {e:?} should start with {field:?}"
        );
        assert!(e.contains("allowed") || e.contains("exactly one"), "{e}");
    }
    // The six-field rule lists the fields.
    let e = Cron::parse("0 9 * * ?").unwrap_err();
    assert!(e.contains("6 fields") && e.contains("day-of-week"), "{e}");
    // Unsupported forms say so.
    assert!(Cron::parse("0 9 L-3 * ? *")
        .unwrap_err()
        .contains("not supported by scalesim"));
    assert!(Cron::parse("0 9 ? * FRI-MON *")
        .unwrap_err()
        .contains("not supported by scalesim"));
}

#[test]
fn question_mark_rules() {
    let both = Cron::parse("0 9 ? * ? *").unwrap_err();
    assert!(both.contains("day-of-month") && both.contains("day-of-week"));
    assert!(both.contains("exactly one"));
    let neither = Cron::parse("0 9 * * MON *").unwrap_err();
    assert!(neither.contains("day-of-month") && neither.contains("day-of-week"));
    assert!(neither.contains("exactly one"));
    assert!(Cron::parse("0 9 1 * 2 *").is_err());
    assert!(Cron::parse("0 9 L * L *").is_err());
    // `*` beside `?` means every day, whichever side it is on.
    let a = cron("0 9 * * ? *");
    let b = cron("0 9 ? * * *");
    for d in 0..14 {
        let t = JAN1_2024 + d * DAY + 9 * HOUR;
        assert!(a.matches(t) && b.matches(t));
    }
}

#[test]
fn ranges_with_steps() {
    let c = cron("10-30/10 1/6 ? * * *");
    let mins: Vec<i64> = (0..60)
        .filter(|m| c.matches(JAN1_2024 + HOUR + m * 60))
        .collect();
    assert_eq!(mins, [10, 20, 30]);
    let hours: Vec<i64> = (0..24)
        .filter(|h| c.matches(JAN1_2024 + h * HOUR + 10 * 60))
        .collect();
    assert_eq!(hours, [1, 7, 13, 19]);
    // Day-of-month steps: 1/10 = 1, 11, 21, 31; month ranges with steps.
    assert_eq!(cron("0 0 1/10 * ? *"), cron("0 0 1,11,21,31 * ? *"));
    assert_eq!(cron("0 0 1 2-11/3 ? *"), cron("0 0 1 FEB,MAY,AUG,NOV ? *"));
    assert_eq!(cron("0 0 1 1 ? 2024/10"), cron("0 0 1 1 ? 2024,2034,2044,2054,2064,2074,2084,2094,2104,2114,2124,2134,2144,2154,2164,2174,2184,2194"));
    assert_eq!(cron("*/20 */12 * * ? *"), cron("0,20,40 0,12 * * ? *"));
}

#[test]
fn year_field() {
    let c = cron("0 0 1 1 ? 2030");
    // 2030-01-01T00:00Z = 1_893_456_000.
    assert_eq!(c.next_at_or_after(JAN1_2024, i64::MAX), Some(1_893_456_000));
    assert_eq!(ts("2030-01-01T00:00:00"), 1_893_456_000);
    assert!(c.fires_within(JAN1_2024, 8));
    assert!(!c.fires_within(JAN1_2024, 5)); // the search ends near 2029-01-01
    assert!(!c.matches(ts("2031-01-01T00:00:00")));
    // Lists and ranges of years.
    let c = cron("0 0 1 1 ? 2025,2027-2028");
    let f = firings(&c, JAN1_2024, i64::MAX);
    assert_eq!(
        f,
        [
            ts("2025-01-01T00:00:00"),
            ts("2027-01-01T00:00:00"),
            ts("2028-01-01T00:00:00")
        ]
    );
    // The last possible firing: 2199-12-31T23:59Z; nothing after.
    let c = cron("* * * * ? *");
    let last = ts("2199-12-31T23:59:00");
    assert_eq!(c.next_at_or_after(last, i64::MAX), Some(last));
    assert_eq!(c.next_at_or_after(last + 1, i64::MAX), None);
    // Before 1970 the search starts at 1970-01-01T00:00Z.
    assert_eq!(c.next_at_or_after(-1_000_000, i64::MAX), Some(0));
}

#[test]
fn next_at_or_after_hand_computed() {
    let weekday9 = cron("0 9 ? * MON-FRI *");
    // From Friday 2024-01-05T18:00Z (JAN1 + 4 d + 18 h = 1_704_477_600) the next is
    // Monday 2024-01-08T09:00Z = JAN1 + 7 d + 9 h = 1_704_704_400.
    assert_eq!(
        weekday9.next_at_or_after(1_704_477_600, i64::MAX),
        Some(1_704_704_400)
    );
    // At exactly a firing minute: that minute. One second later: the next day.
    assert_eq!(
        weekday9.next_at_or_after(1_704_099_600, i64::MAX),
        Some(1_704_099_600)
    );
    assert_eq!(
        weekday9.next_at_or_after(1_704_099_601, i64::MAX),
        Some(1_704_099_600 + DAY)
    );
    // `until` is exclusive.
    assert_eq!(
        weekday9.next_at_or_after(1_704_477_600, 1_704_704_400),
        None
    );
    assert_eq!(
        weekday9.next_at_or_after(1_704_477_600, 1_704_704_401),
        Some(1_704_704_400)
    );
    // Not a whole minute: rounded up. `* * * * ? *` from JAN1 + 1 s is JAN1 + 60.
    assert_eq!(
        cron("* * * * ? *").next_at_or_after(JAN1_2024 + 1, i64::MAX),
        Some(JAN1_2024 + 60)
    );
    // Third Friday (6#3) of January 2024: Fridays are 5, 12, 19 → 2024-01-19T10:00Z =
    // JAN1 + 18 d + 10 h = 1_705_658_400.
    assert_eq!(
        cron("0 10 ? * 6#3 *").next_at_or_after(JAN1_2024, i64::MAX),
        Some(1_705_658_400)
    );
    // Last Monday (2L) of January 2024: Mondays 1, 8, 15, 22, 29 → 2024-01-29T12:00Z =
    // JAN1 + 28 d + 12 h = 1_706_529_600.
    assert_eq!(
        cron("0 12 ? * 2L *").next_at_or_after(JAN1_2024, i64::MAX),
        Some(1_706_529_600)
    );
    // 15W in June 2024: the 15th is a Saturday → Friday 14th, 08:00Z.
    // 2024-06-01 = JAN1 + 152 d = 1_717_200_000; +13 d + 8 h = 1_718_352_000.
    assert_eq!(
        cron("0 8 15W * ? *").next_at_or_after(1_717_200_000, i64::MAX),
        Some(1_718_352_000)
    );
    // 1W in June 2024: the 1st is a Saturday → Monday 3rd (never May 31st), 08:00Z =
    // 1_717_200_000 + 2 d + 8 h = 1_717_401_600.
    assert_eq!(
        cron("0 8 1W * ? *").next_at_or_after(1_717_200_000, i64::MAX),
        Some(1_717_401_600)
    );
    // LW in March 2024: the 31st is a Sunday → Friday 29th, 00:00Z.
    // 2024-03-01 = 1_709_164_800 + 1 d = 1_709_251_200; + 28 d = 1_711_670_400.
    assert_eq!(
        cron("0 0 LW 3 ? *").next_at_or_after(JAN1_2024, i64::MAX),
        Some(1_711_670_400)
    );
    // 31W in May 2026: the 31st is a Sunday and the last day → Friday 29th, 08:00Z.
    // 2026-01-01 = 1_767_225_600; + (31+28+31+30) d = 1_777_593_600 (May 1);
    // + 28 d + 8 h = 1_780_041_600. LW picks the same day.
    assert_eq!(ts("2026-05-29T08:00:00"), 1_780_041_600);
    assert_eq!(
        cron("0 8 31W 5 ? 2026").next_at_or_after(JAN1_2024, i64::MAX),
        Some(1_780_041_600)
    );
    assert_eq!(
        cron("0 8 LW 5 ? 2026").next_at_or_after(JAN1_2024, i64::MAX),
        Some(1_780_041_600)
    );
    // `L` alone in day-of-week is Saturday: from JAN1 the first is 2024-01-06T00:00Z.
    assert_eq!(
        cron("0 0 ? * L *").next_at_or_after(JAN1_2024, i64::MAX),
        Some(JAN1_2024 + 5 * DAY)
    );
    // Leap day: from 2024-03-01 the next Feb 29 is 2028-02-29 = 1_835_395_200.
    assert_eq!(ts("2028-02-29T00:00:00"), 1_835_395_200);
    assert_eq!(
        cron("0 0 29 2 ? *").next_at_or_after(1_709_251_200, i64::MAX),
        Some(1_835_395_200)
    );
}

#[test]
fn day_rules_over_two_years() {
    // Each rule fires once a month; check the days of 2024-2025 against the calendar.
    let span = (JAN1_2024, ts("2026-01-01T00:00:00"));
    let check = |expr: &str, want: &dyn Fn(i64, u32, u32, u32) -> bool| {
        let c = cron(expr);
        for day in span.0 / DAY..span.1 / DAY {
            let (y, m, d) = civil_from_days(day);
            let dow = weekday(day);
            assert_eq!(
                c.matches(day * DAY),
                want(y, m, d, dow),
                "{expr} on {y}-{m}-{d}"
            );
        }
        assert_eq!(firings(&c, span.0, span.1).len(), 24, "{expr}");
    };
    check("0 0 ? * 4#2 *", &|_, _, d, w| {
        w == 4 && (8..=14).contains(&d)
    });
    check("0 0 ? * 1L *", &|y, m, d, w| {
        w == 1 && d + 7 > days_in_month(y, m)
    });
    check("0 0 LW * ? *", &|y, m, d, w| {
        let dim = days_in_month(y, m);
        (2..=6).contains(&w)
            && (d..=dim)
                .filter(|x| (2..=6).contains(&((w + x - d - 1) % 7 + 1)))
                .count()
                == 1
    });
    check("0 0 10W * ? *", &|_, _, d, w| {
        (d == 10 && (2..=6).contains(&w)) || (d == 9 && w == 6) || (d == 11 && w == 2)
    });
}

#[test]
fn weekday_matches_chrono() {
    use chrono::Datelike;
    for day in (0..84_000).step_by(7) {
        for off in 0..7 {
            let day = day + off;
            let (y, m, d) = civil_from_days(day);
            let date = chrono::NaiveDate::from_ymd_opt(y as i32, m, d).unwrap();
            assert_eq!(
                date,
                chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                    + chrono::Days::new(day as u64)
            );
            assert_eq!(weekday(day), date.weekday().number_from_sunday());
        }
    }
}

#[test]
fn next_agrees_with_minute_by_minute_matching() {
    // Brute force over 2024-02-25 .. 2024-03-05 (leap day and a month end included).
    let (from, until) = (ts("2024-02-25T00:00:00"), ts("2024-03-05T00:00:00"));
    for expr in [
        "*/7 */5 * * ? *",
        "0,30 9-17 ? * MON-FRI *",
        "15 3 L * ? *",
        "0 0/6 LW * ? *",
        "5 1 1W * ? *",
        "59 23 ? * 5L *",
        "1 2 ? * 5#1 *",
        "0 12 29 2 ? 2024",
        "0 12 29 2 ? 2025",
    ] {
        let c = cron(expr);
        let brute: Vec<i64> = (from / 60..until / 60)
            .map(|m| m * 60)
            .filter(|&t| c.matches(t))
            .collect();
        assert_eq!(firings(&c, from, until), brute, "{expr}");
    }
}

#[test]
fn impossible_expressions_never_fire() {
    for expr in [
        "0 0 30 2 ? *",
        "0 0 31 2 ? *",
        "0 0 31 4,6,9,11 ? *",
        "0 0 1 1 ? 2020",
        "0 0 1 1 ? 1970-2023",
        "0 0 31W 4 ? *",
        "0 0 ? 2 1#5 2026",
    ] {
        let c = cron(expr);
        assert!(!c.fires_within(JAN1_2024, 8), "{expr}");
        assert!(!c.fires_within(JAN1_2024, 200), "{expr}");
        assert_eq!(c.next_at_or_after(JAN1_2024, i64::MAX), None, "{expr}");
    }
    // The fifth Sunday of February needs a leap year starting on a Sunday: 2032-02-29.
    let c = cron("0 0 ? 2 SUN#5 *");
    assert!(!c.fires_within(JAN1_2024, 8));
    assert!(c.fires_within(JAN1_2024, 9));
    assert_eq!(
        c.next_at_or_after(JAN1_2024, i64::MAX),
        Some(ts("2032-02-29T00:00:00"))
    );
    // The same past year does fire when the search starts before it.
    assert!(cron("0 0 1 1 ? 2020").fires_within(0, 60));
}

#[test]
fn eight_year_searches_are_fast() {
    let exprs = [
        cron("0 0 30 2 ? *"),
        cron("0 0 31 4,6,9,11 ? *"),
        cron("59 23 ? 2 1#5 *"),
        cron("0 0 1 1 ? 2199"),
    ];
    let start = std::time::Instant::now();
    for _ in 0..25 {
        for c in &exprs {
            let _ = c.fires_within(JAN1_2024, 8);
        }
    }
    // 100 searches; the budget is 10 ms each (they take microseconds).
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn garbage_never_panics() {
    let garbage = [
        "",
        " ",
        "cron()",
        "cron(",
        ")",
        "* * * * * * *",
        "? ? ? ? ? ?",
        "- - - - - -",
        "/ / / / / /",
        ", , , , , ,",
        "# # # # # #",
        "L L L L L L",
        "W W W W W W",
        "99999999999999999999 * * * ? *",
        "0 0 1 1 ? 99999999999999999999",
        "*/99999999999999999999 * * * ? *",
        "0 0 ? * 2#99999999999999999999 *",
        "0 0 99999999999999999999W * ? *",
        "0 0 ? * 99999999999999999999L *",
        "-1 * * * ? *",
        "1- * * * ? *",
        "1-2-3 * * * ? *",
        "1/2/3 * * * ? *",
        "*/ * * * ? *",
        "/5 * * * ? *",
        "0 0 ? * #1 *",
        "0 0 ? * 2# *",
        "0 0 ? * 2#1#1 *",
        "0 0 ? * L# *",
        "0 0 ? * #L *",
        "0 0 WL * ? *",
        "0 0 LWL * ? *",
        "0 0 L/2 * ? *",
        "0 0 ? * é *",
        "é é é é é é",
        "0 0 1 ÉTÉ ? *",
        "0 0 ? * MONDAY *",
        "0 0 ? * MO *",
        "0\u{0} 0 1 1 ? *",
        "0 0 1 1 ? +2024",
        "0 0 1 1 ? 2024.0",
        "+5 * * * ? *",
        "0 0 1 1 ? *,",
        "0 0 1 1 ? ,*",
        "0 0 ?, 1 * *",
    ];
    for g in garbage {
        if let Ok(c) = Cron::parse(g) {
            exercise(&c);
        }
    }
    // Valid expressions of every kind survive extreme times too.
    for e in [
        "* * * * ? *",
        "0 9 ? * MON-FRI *",
        "0 0 L * ? *",
        "0 0 LW * ? *",
        "0 0 1W * ? *",
        "0 0 31W * ? *",
        "0 0 ? * 6L *",
        "0 0 ? * 1#5 *",
        "0 0 1 1 ? 1970",
        "59 23 31 12 ? 2199",
        "0 0 30 2 ? *",
    ] {
        exercise(&cron(e));
    }
    // Pseudo-random fields built from cron tokens (a fixed LCG, so the test is stable).
    let tokens = [
        "*", "?", "0", "1", "5", "7", "12", "31", "59", "2024", "L", "W", "LW", "#", "-", "/", ",",
        "MON", "jan", "FRI", "3#2", "6L", "15W", "é", "",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut accepted = 0;
    for _ in 0..20_000 {
        // A valid expression with some fields replaced by one to three glued tokens.
        let mut s = String::new();
        for base in ["0", "9", "?", "*", "MON-FRI", "*"] {
            if next() % 3 == 0 {
                for _ in 0..next() % 3 + 1 {
                    s.push_str(tokens[next() % tokens.len()]);
                }
            } else {
                s.push_str(base);
            }
            s.push(' ');
        }
        if let Ok(c) = Cron::parse(&s) {
            accepted += 1;
            exercise(&c);
        }
    }
    assert!(
        accepted > 0,
        "the generator should produce some valid expressions"
    );
}

/// Call everything on extreme inputs.
fn exercise(c: &Cron) {
    for t in [i64::MIN, -1, 0, 59, JAN1_2024, END_S - 1, END_S, i64::MAX] {
        let _ = c.matches(t);
        let _ = c.next_at_or_after(t, i64::MAX);
        let _ = c.next_at_or_after(t, i64::MIN);
        let _ = c.fires_within(t, u32::MAX);
        let _ = c.fires_within(t, 0);
    }
}

/// Found by the no-panic test: rounding a start of `i64::MAX` up to a whole minute
/// overflowed. Starts are now limited to 1970-2199.
#[test]
fn regression_next_at_or_after_from_i64_max_overflowed() {
    let c = Cron::parse("* * * * ? *").unwrap();
    assert_eq!(c.next_at_or_after(i64::MAX, i64::MAX), None);
    assert!(!c.fires_within(i64::MAX, 8));
}
