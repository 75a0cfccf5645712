//! Property tests (proptest): accumulator merging, invariances of α, and
//! bootstrap reproducibility.

use bordin::reliability::{
    AlphaOptions, BootstrapOptions, ConfidenceLevel, ItemMatrix, Missing, Moments, alpha,
    bootstrap_alpha, icc,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/reliability/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Rows × items with some missing cells and values on very different scales.
fn matrix_with_missing() -> impl Strategy<Value = (usize, usize, Vec<Option<f64>>)> {
    (2usize..400, 1usize..14).prop_flat_map(|(n, k)| {
        let cell = prop_oneof![
            8 => (-50i32..50).prop_map(|v| Some(f64::from(v) / 4.0)),
            2 => (-1.0e3..1.0e3f64).prop_map(|v| Some(1.0e4 + v)),
            1 => Just(None),
        ];
        (Just(n), Just(k), prop::collection::vec(cell, n * k))
    })
}

/// Complete Likert-like matrices (1..5).
fn likert_matrix() -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    (5usize..120, 3usize..10).prop_flat_map(|(n, k)| {
        (
            Just(n),
            Just(k),
            prop::collection::vec((1i32..=5).prop_map(f64::from), n * k),
        )
    })
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-12 * scale.max(b.abs()).max(f64::MIN_POSITIVE)
}

fn accumulate(rows: &[Vec<Option<f64>>], k: usize, missing: Missing) -> Moments {
    let mut m = Moments::new(k, missing);
    for r in rows {
        m.push_partial_row(r).unwrap();
    }
    m
}

fn assert_same_moments(merged: &Moments, whole: &Moments) -> Result<(), TestCaseError> {
    let k = whole.items();
    prop_assert_eq!(merged.rows(), whole.rows());
    prop_assert_eq!(merged.complete_rows(), whole.complete_rows());
    for i in 0..k {
        for j in 0..k {
            prop_assert_eq!(merged.count(i, j), whole.count(i, j));
        }
    }
    if let Ok(cw) = whole.covariance_matrix() {
        let cm = merged.covariance_matrix().unwrap();
        for i in 0..k {
            prop_assert!(
                close(merged.mean(i), whole.mean(i), whole.mean(i).abs()),
                "mean {i}"
            );
            for j in 0..k {
                let scale = (cw[i * k + i] * cw[j * k + j]).sqrt();
                prop_assert!(
                    close(cm[i * k + j], cw[i * k + j], scale),
                    "cov {i},{j}: {} vs {}",
                    cm[i * k + j],
                    cw[i * k + j]
                );
            }
        }
    } else {
        prop_assert!(merged.covariance_matrix().is_err());
    }
    if let Ok(rw) = whole.pairwise_correlation_matrix() {
        let rm = merged.pairwise_correlation_matrix().unwrap();
        for (a, b) in rm.iter().zip(&rw) {
            prop_assert!(close(*a, *b, 1.0), "{a} vs {b}");
        }
    }
    let opts = AlphaOptions::default().missing(whole.missing());
    if let (Ok(a), Ok(b)) = (alpha_of(merged, opts), alpha_of(whole, opts)) {
        prop_assert!(close(a.scale_mean, b.scale_mean, b.scale_mean.abs()));
        prop_assert!(close(a.scale_sd, b.scale_sd, b.scale_sd));
        prop_assert!(close(a.raw_alpha, b.raw_alpha, 1.0));
    }
    Ok(())
}

fn alpha_of(
    m: &Moments,
    opts: AlphaOptions,
) -> Result<bordin::reliability::Alpha, bordin::StatsError> {
    bordin::reliability::alpha_from_moments(m, opts)
}

proptest! {
    #![proptest_config(config(96))]

    /// Merging the moments of any split of the rows gives the moments of all
    /// rows (1e-12), pairwise and listwise, with missing cells.
    #[test]
    fn merge_of_any_split_equals_all_rows(
        (n, k, cells) in matrix_with_missing(),
        cuts in prop::collection::vec(0.0..1.0f64, 1..4),
        listwise in any::<bool>(),
    ) {
        let missing = if listwise { Missing::Listwise } else { Missing::Pairwise };
        let rows: Vec<Vec<Option<f64>>> = cells.chunks(k).map(<[_]>::to_vec).collect();
        let whole = accumulate(&rows, k, missing);
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "0 <= c < 1")]
        let mut points: Vec<usize> = cuts.iter().map(|c| (c * n as f64) as usize).collect();
        points.push(0);
        points.push(n);
        points.sort_unstable();
        let mut merged = Moments::new(k, missing);
        for w in points.windows(2) {
            merged.merge(&accumulate(&rows[w[0]..w[1]], k, missing)).unwrap();
        }
        assert_same_moments(&merged, &whole)?;
        // and the matrix path (blocked kernel, two threads above 32k rows) agrees
        let m = ItemMatrix::from_rows(&rows).unwrap();
        assert_same_moments(&m.moments(missing), &whole)?;
    }

    /// Small-integer data (the exact packed-integer kernel: every cell an
    /// integer in [base, base + 5], at most 12 items, blocks of 256 rows)
    /// give the moments of the general path, which streams the same rows
    /// (1e-12). Wider ranges, more items and missing cells are mixed in so
    /// that both sides of each condition are reached.
    #[test]
    fn integer_kernel_equals_general_path(
        n in 250usize..1600,
        k in 1usize..15,
        base in -3i32..10,
        span in 0i32..8,
        with_missing in prop::bool::weighted(0.3),
        seed in any::<u64>(),
        listwise in any::<bool>(),
    ) {
        let missing = if listwise { Missing::Listwise } else { Missing::Pairwise };
        // SplitMix64 cells, so that large matrices stay cheap to generate
        let mut state = seed;
        let mut next = move || super::fixtures::splitmix64(&mut state);
        let span_cells = u64::try_from(span).unwrap() + 1;
        let rows: Vec<Vec<Option<f64>>> = (0..n)
            .map(|_| {
                (0..k)
                    .map(|_| {
                        let r = next();
                        let v = base + i32::try_from(r % span_cells).unwrap();
                        (!with_missing || r % 97 != 0).then_some(f64::from(v))
                    })
                    .collect()
            })
            .collect();
        let whole = accumulate(&rows, k, missing);
        let m = ItemMatrix::from_rows(&rows).unwrap();
        assert_same_moments(&m.moments(missing), &whole)?;
    }

    /// α, standardized α and λ6 do not change when a constant is added to an
    /// item.
    #[test]
    fn alpha_unchanged_by_adding_a_constant((n, k, data) in likert_matrix(), item in 0usize..10, shift in -100.0..100.0f64) {
        let item = item % k;
        let m = ItemMatrix::from_slice(&data, n, k).unwrap();
        let base = alpha(&m, AlphaOptions::default());
        prop_assume!(base.is_ok());
        let base = base.unwrap();
        let shifted: Vec<f64> = data.iter().enumerate().map(|(i, v)| if i % k == item { v + shift } else { *v }).collect();
        let a = alpha(&ItemMatrix::from_slice(&shifted, n, k).unwrap(), AlphaOptions::default()).unwrap();
        prop_assert!((a.raw_alpha - base.raw_alpha).abs() <= 1e-12, "{} vs {}", a.raw_alpha, base.raw_alpha);
        prop_assert!((a.std_alpha - base.std_alpha).abs() <= 1e-12);
        prop_assert!((a.g6_smc - base.g6_smc).abs() <= 1e-12);
        prop_assert!((a.feldt.lower - base.feldt.lower).abs() <= 1e-12);
    }

    /// Standardized α (and every correlation-based statistic) does not change
    /// when an item is rescaled.
    #[test]
    fn std_alpha_unchanged_by_rescaling((n, k, data) in likert_matrix(), item in 0usize..10, scale in 0.01..100.0f64) {
        let item = item % k;
        let m = ItemMatrix::from_slice(&data, n, k).unwrap();
        let base = alpha(&m, AlphaOptions::default());
        prop_assume!(base.is_ok());
        let base = base.unwrap();
        let scaled: Vec<f64> = data.iter().enumerate().map(|(i, v)| if i % k == item { v * scale } else { *v }).collect();
        let a = alpha(&ItemMatrix::from_slice(&scaled, n, k).unwrap(), AlphaOptions::default()).unwrap();
        prop_assert!((a.std_alpha - base.std_alpha).abs() <= 1e-12, "{} vs {}", a.std_alpha, base.std_alpha);
        prop_assert!((a.average_r - base.average_r).abs() <= 1e-12);
        prop_assert!((a.g6_smc - base.g6_smc).abs() <= 1e-12);
        prop_assert!((a.item_stats[item].std_r - base.item_stats[item].std_r).abs() <= 1e-12);
    }

    /// The bootstrap interval is reproducible for a seed.
    #[test]
    fn bootstrap_reproducible_for_a_seed((n, k, data) in likert_matrix(), seed in any::<u64>(), resamples in 1usize..300) {
        let m = ItemMatrix::from_slice(&data, n, k).unwrap();
        let a = bootstrap_alpha(&m, BootstrapOptions::new(resamples, seed));
        let b = bootstrap_alpha(&m, BootstrapOptions::new(resamples, seed));
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            _ => prop_assert!(false, "one run failed"),
        }
    }

    /// α and the ICCs do not depend on the order of the rows.
    #[test]
    fn row_order_does_not_matter((n, k, data) in likert_matrix(), rotate in 1usize..100) {
        let m = ItemMatrix::from_slice(&data, n, k).unwrap();
        let cut = (rotate % n) * k;
        let rotated: Vec<f64> = data[cut..].iter().chain(&data[..cut]).copied().collect();
        let r = ItemMatrix::from_slice(&rotated, n, k).unwrap();
        if let (Ok(a), Ok(b)) = (alpha(&m, AlphaOptions::default()), alpha(&r, AlphaOptions::default())) {
            prop_assert!((a.raw_alpha - b.raw_alpha).abs() <= 1e-12);
        }
        if let (Ok(a), Ok(b)) = (icc(&m, ConfidenceLevel::default()), icc(&r, ConfidenceLevel::default())) {
            for (x, y) in a.forms.iter().zip(&b.forms) {
                prop_assert!((x.value - y.value).abs() <= 1e-12);
            }
        }
    }
}
