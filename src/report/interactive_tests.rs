//! Unit tests of the interactive charts' data model: compact numbers and nulls, six
//! significant digits, thinning that keeps each series' extremes, the completed share.

use super::*;

#[test]
fn numbers_are_compact_and_missing_values_are_null() {
    let json = serde_json::to_string(&Nums(vec![
        3.0,
        -2.0,
        0.1 + 0.2,
        12_345_678.9,
        1.0e-7 / 3.0,
        f64::NAN,
        f64::INFINITY,
    ]))
    .expect("json");
    assert_eq!(json, "[3,-2,0.3,12345700.0,3.33333e-8,null,null]");
}

#[test]
fn rounding_keeps_six_significant_digits() {
    assert_eq!(round_significant(123.456789, 6), 123.457);
    assert_eq!(round_significant(-0.000123456789, 3), -0.000123);
    assert_eq!(round_significant(987_654_321.0, 2), 990_000_000.0);
    assert_eq!(round_significant(0.0, 6), 0.0);
}

#[test]
fn short_grids_are_kept_whole() {
    let x = [0.0, 60.0, 120.0];
    let (tx, ty) = thin_aligned(&x, &[&[1.0, 2.0, 3.0], &[5.0]], 10);
    assert_eq!(tx, x);
    assert_eq!(ty[0], vec![1.0, 2.0, 3.0]);
    assert_eq!(ty[1][0], 5.0);
    assert!(ty[1][1].is_nan() && ty[1][2].is_nan());
}

#[test]
fn thinning_keeps_every_series_extremes_in_time_order_on_one_x_column() {
    // 1000 minutes, one spike up in series a and one dip in series b.
    let x: Vec<f64> = (0..1000).map(|i| 60.0 * i as f64).collect();
    let mut a = vec![1.0; 1000];
    a[517] = 90.0;
    let mut b = vec![5.0; 1000];
    b[733] = 0.0;
    let ramp: Vec<f64> = (0..1000).map(|i| i as f64).collect();
    let (tx, ty) = thin_aligned(&x, &[&a, &b, &ramp], 100);
    assert!(tx.len() <= 100, "{} rows", tx.len());
    assert!(tx.windows(2).all(|w| w[0] < w[1]), "x ascending");
    assert!(ty.iter().all(|c| c.len() == tx.len()));
    let max = |c: &[f64]| c.iter().copied().fold(f64::MIN, f64::max);
    let min = |c: &[f64]| c.iter().copied().fold(f64::MAX, f64::min);
    assert_eq!((max(&ty[0]), min(&ty[0])), (90.0, 1.0));
    assert_eq!((max(&ty[1]), min(&ty[1])), (5.0, 0.0));
    assert_eq!((min(&ty[2]), max(&ty[2])), (0.0, 999.0));
    assert!(ty[2].windows(2).all(|w| w[0] <= w[1]), "order kept");
    // The spike sits in the bucket that holds minute 517.
    let at = ty[0].iter().position(|&v| v == 90.0).expect("spike");
    assert!(tx[at] <= 517.0 * 60.0 && 517.0 * 60.0 - tx[at] < 10.0 * 60.0);
}

#[test]
fn completed_share_is_none_without_arrivals() {
    assert_eq!(completed_share(3.0, 4.0), Some(0.75));
    assert_eq!(completed_share(0.0, 0.0), None);
    assert_eq!(fmt_share(0.75), "75.0%");
    assert_eq!(fmt_share(1.0), "100%");
    assert_eq!(fmt_share(0.9996), "99.96%");
    assert_eq!(fmt_share(0.99999), ">99.99%");
    assert_eq!(fmt_share(0.0004), "0.04%");
}
