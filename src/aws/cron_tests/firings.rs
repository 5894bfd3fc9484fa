//! When expressions fire: hand-computed schedules (weekdays, steps, the last day of
//! February), the next firing at or after a time, day rules over two years, weekdays as
//! chrono counts them, and the search agreeing with minute-by-minute matching.

use super::*;

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
