//! Timestamps in every form AWS prints them (text, epoch numbers, offsets) read to UTC
//! microseconds, bad ones say what is wrong, and UTC text reads back exactly.

use super::*;

#[test]
fn timestamps_in_every_form_are_utc_micros() {
    let base = 1_723_614_756_102_000; // 2024-08-14T05:52:36.102Z
    for s in [
        "2024-08-14T05:52:36.102Z",
        "2024-08-14T05:52:36.102z",
        "2024-08-14T05:52:36.102000Z",
        "2024-08-14T05:52:36.102000000Z",
        "2024-08-14T05:52:36.102999Z",
        "2024-08-14T13:52:36.102000+08:00",
        "2024-08-14T13:52:36.102+0800",
        "2024-08-14T13:52:36.102+08",
        "2024-08-14T00:52:36.102000-05:00",
        "2024-08-14T11:22:36.102+05:30",
        "2024-08-14T05:52:36.102",
        "2024-08-14 05:52:36.102",
        "2024-08-14T05:52:36,102Z",
        "  2024-08-14T05:52:36.102Z ",
        "1723614756.102",
        "1723614756.102000",
    ] {
        let want = if s.contains(".102999") {
            base + 999
        } else {
            base
        };
        assert_eq!(t(s), UtcMicros(want), "{s}");
    }
    assert_eq!(t("2024-08-14T05:52Z"), UtcMicros::from_secs(1_723_614_720));
    assert_eq!(
        t("2024-08-14T05:52:36Z"),
        UtcMicros::from_secs(1_723_614_756)
    );
    assert_eq!(t("2024-08-14T05:52:36.1Z").0 % 1_000_000, 100_000);
    assert_eq!(t("2024-08-14T05:52:36.123456789Z").0 % 1_000_000, 123_456);
    assert_eq!(t("1970-01-01T00:00:00Z"), UtcMicros(0));
    assert_eq!(
        t("2024-02-29T00:00:00Z"),
        UtcMicros::from_secs(1_709_164_800)
    );
    assert_eq!(
        t("2000-03-01T00:00:00+00:00"),
        UtcMicros::from_secs(951_868_800)
    );
    assert_eq!(t("1723614756"), UtcMicros::from_secs(1_723_614_756));
    // An offset crosses the date line.
    assert_eq!(
        t("2024-08-14T02:00:00+08:00"),
        t("2024-08-13T18:00:00Z"),
        "offset applied"
    );
}

#[test]
fn timestamps_as_json_numbers() {
    let n = |v: serde_json::Value| parse_time_value(&v);
    assert_eq!(
        n(serde_json::json!(1723614756.102)),
        Ok(UtcMicros(1_723_614_756_102_000))
    );
    assert_eq!(
        n(serde_json::json!(1462575838.171)),
        Ok(UtcMicros(1_462_575_838_171_000))
    );
    assert_eq!(
        n(serde_json::json!(1723614756)),
        Ok(UtcMicros::from_secs(1_723_614_756))
    );
    assert_eq!(n(serde_json::json!(0)), Ok(UtcMicros(0)));
    assert!(n(serde_json::json!(-1)).is_err());
    assert!(n(serde_json::json!(-1.5)).is_err());
    assert!(n(serde_json::json!(1e300)).is_err());
    assert!(n(serde_json::json!(u64::MAX)).is_err());
    let ms = n(serde_json::json!(1723614756102u64)).unwrap_err();
    assert!(ms.contains("epoch milliseconds"), "{ms}");
    let b = n(serde_json::json!(true)).unwrap_err();
    assert!(b.contains("found true/false"), "{b}");
    assert!(n(serde_json::json!(null)).is_err());
}

#[test]
fn bad_timestamps_say_what_is_wrong() {
    for (s, why) in [
        ("", "empty"),
        ("yesterday", "digits of the year"),
        ("2024-13-01T00:00:00Z", "month 13 is not 1 to 12"),
        ("2023-02-29T00:00:00Z", "day 29 is not 1 to 28 in 2023-02"),
        ("2024-04-31T00:00:00Z", "day 31 is not 1 to 30"),
        ("2024-08-14T24:00:00Z", "hour 24"),
        ("2024-08-14T05:60:00Z", "minute 60"),
        ("2024-08-14T05:52:61Z", "second 61"),
        ("2024-08-14T05:52:36.Z", "1 to 9 fractional digits"),
        (
            "2024-08-14T05:52:36.1234567890Z",
            "1 to 9 fractional digits",
        ),
        ("2024-08-14T05:52:36+25:00", "offset 25:00"),
        ("2024-08-14T05:52:36+08:0", "offset minutes"),
        ("2024-08-14T05:52:36Z junk", "unexpected text"),
        ("2024-08-14", "'T' and a time of day"),
        ("2024-08-14T05", "':' after the hour"),
        ("2024-08-14T05:52:36ZZ", "unexpected text"),
        ("２０２４-08-14T05:52:36Z", "non-ASCII"),
        ("1.2.3", "not a decimal number"),
        ("-5", "negative"),
        ("999999999999999", "out of range"),
        ("1723614756102", "epoch milliseconds"),
    ] {
        let e = parse_time_str(s).expect_err(s);
        assert!(e.contains(why), "{s:?}: {e}");
        assert!(e.contains("expected epoch seconds"), "{s:?}: {e}");
    }
}

#[test]
fn utc_text_is_exact_and_reads_back() {
    assert_eq!(format_utc(UtcMicros(0)), "1970-01-01T00:00:00Z");
    assert_eq!(
        format_utc(UtcMicros(1_723_614_756_102_000)),
        "2024-08-14T05:52:36.102Z"
    );
    assert_eq!(
        format_utc(UtcMicros(1_723_614_756_102_001)),
        "2024-08-14T05:52:36.102001Z"
    );
    assert_eq!(
        format_utc(t("2024-02-29T23:59:59Z")),
        "2024-02-29T23:59:59Z"
    );
}

proptest! {
    #[test]
    fn any_text_parses_or_errs_without_panic(s in "\\PC{0,40}") {
        let _ = parse_time_str(&s);
    }

    #[test]
    fn iso_like_text_never_panics(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\\.[0-9]{0,11})?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?") {
        let _ = parse_time_str(&s);
    }

    #[test]
    fn utc_text_round_trips(us in 0i64..253_402_000_000_000_000) {
        let text = format_utc(UtcMicros(us));
        prop_assert_eq!(parse_time_str(&text), Ok(UtcMicros(us)));
        let secs = us / 1_000_000;
        let offset = chrono_free_offset_text(secs);
        prop_assert_eq!(parse_time_str(&offset), Ok(UtcMicros::from_secs(secs)));
    }
}

/// `secs` as local time at +08:00 with the offset written, without chrono.
fn chrono_free_offset_text(secs: i64) -> String {
    let shifted = format_utc(UtcMicros::from_secs(secs + 8 * 3600));
    format!("{}+08:00", shifted.trim_end_matches('Z'))
}
