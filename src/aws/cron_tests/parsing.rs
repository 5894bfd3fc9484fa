//! Parsing: names and numbers are equivalent and case-insensitive, every error names its
//! field, and the rules of `?`, ranges with steps and the year field.

use super::*;

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
