//! Expressions that never fire, the bounded cost of an eight-year search, garbage that
//! never panics, and the overflow regression at the end of time.

use super::*;

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
