//! API behaviour, typed errors and hand-computed examples.
//!
//! Unless stated otherwise, expected numbers come from the methods reference
//! (`reference/methods.md`, recomputed there with numpy/scipy and checked
//! against psych), given to 6 decimals: tolerance 5e-7.

use bordin::StatsError;
use bordin::reliability::{
    AlphaOptions, BootstrapOptions, ConfidenceLevel, IccForm, IntervalMethod, ItemMatrix, Missing,
    Moments, OmegaOptions, ScoreKind, SplitHalfOptions, alpha, alpha_from_moments, bootstrap_alpha,
    icc, omega, reliable_change, sem, spearman_brown, spearman_brown_factor, split_half,
};

use super::fixtures::likert;
use crate::assert_close;

const SIX_DP: f64 = 5e-7;

/// methods.md example X: 10 persons × 4 items (1–5).
fn example_x() -> ItemMatrix {
    let x = [
        4., 5., 4., 4., 3., 3., 2., 3., 5., 5., 4., 5., 2., 3., 3., 2., 4., 4., 5., 4., 3., 2., 3.,
        3., 5., 4., 5., 5., 1., 2., 1., 2., 4., 4., 3., 4., 2., 1., 2., 2.,
    ];
    ItemMatrix::from_slice(&x, 10, 4).unwrap()
}

#[test]
fn alpha_family_on_example_x() {
    let a = alpha(&example_x(), AlphaOptions::default()).unwrap();
    // Source: methods.md §1.1–1.6.
    assert_close!(a.raw_alpha, 0.950382, abs = SIX_DP);
    assert_close!(a.std_alpha, 0.952143, abs = SIX_DP);
    assert_close!(a.average_r, 0.832605, abs = SIX_DP);
    assert_close!(a.g6_smc, 0.954509, abs = SIX_DP);
    assert_close!(a.feldt.lower, 0.869461, abs = SIX_DP);
    assert_close!(a.feldt.upper, 0.986157, abs = SIX_DP);
    assert_close!(a.ase, 0.0266386, abs = 5e-8);
    assert_eq!(a.feldt.method, IntervalMethod::Feldt);
    assert!(!a.feldt.out_of_range);
    // Duhachek upper limit exceeds 1 (methods.md: [0.898170, 1.002593] with z = 1.96)
    assert_eq!(a.duhachek.method, IntervalMethod::DuhachekIacobucci);
    assert!(a.duhachek.upper > 1.0 && a.duhachek.out_of_range);
    assert_close!(a.duhachek.lower, 0.898170, abs = 5e-6);
    // α if deleted and r.drop (methods.md §1.4 table)
    let dropped: Vec<f64> = a
        .item_stats
        .iter()
        .map(|s| s.if_dropped.as_ref().unwrap().raw_alpha)
        .collect();
    let r_drop: Vec<f64> = a.item_stats.iter().map(|s| s.r_drop).collect();
    for (got, want) in dropped.iter().zip([0.914083, 0.952854, 0.951639, 0.919903]) {
        assert_close!(*got, want, abs = SIX_DP);
    }
    for (got, want) in r_drop.iter().zip([0.945247, 0.822774, 0.825202, 0.940000]) {
        assert_close!(*got, want, abs = SIX_DP);
    }
    // σ²_X = 23.288889 for the sum score → SD of the mean score = √σ²_X / 4
    let sum = alpha(&example_x(), AlphaOptions::default().score(ScoreKind::Sum)).unwrap();
    assert_close!(sum.scale_sd * sum.scale_sd, 23.288889, abs = SIX_DP);
    assert_close!(a.scale_sd * 4.0, sum.scale_sd, rel = 1e-15);
}

#[test]
fn kr20_equals_alpha_on_binary_items() {
    // methods.md §1.7: 8 × 5 binary items, KR-20 = 0.772251 (= psych α)
    let x = [
        1., 1., 1., 0., 1., 1., 0., 1., 0., 0., 1., 1., 1., 1., 1., 0., 0., 1., 0., 0., 1., 1., 0.,
        1., 1., 1., 0., 0., 0., 0., 1., 1., 1., 1., 0., 0., 0., 0., 0., 0.,
    ];
    let a = alpha(
        &ItemMatrix::from_slice(&x, 8, 5).unwrap(),
        AlphaOptions::default(),
    )
    .unwrap();
    assert_close!(a.raw_alpha, 0.772251, abs = SIX_DP);
}

#[test]
fn split_half_on_example_x() {
    // Source: methods.md §3 (correlations, psych's default)
    let s = split_half(&example_x(), SplitHalfOptions::default()).unwrap();
    assert!(s.exhaustive);
    assert_eq!(s.splits, 3);
    assert_close!(s.lambda4, 0.965371, abs = SIX_DP);
    assert_close!(s.beta, 0.943335, abs = SIX_DP);
    assert_close!(s.mean, 0.952143, abs = SIX_DP);
    assert_close!(s.lambda2, 0.953139, abs = SIX_DP);
    assert_close!(s.lambda6, 0.954509, abs = SIX_DP);
    assert_eq!(s.best.a, ["item1", "item2"]);
    assert_eq!(s.best.b, ["item3", "item4"]);
    // Spearman–Brown of the best split's half correlation (hand: 2r/(1+r))
    let r = s.best.half_correlation;
    assert_close!(s.best.spearman_brown, 2.0 * r / (1.0 + r), rel = 1e-15);
}

#[test]
fn split_half_counts_and_sampling() {
    // k = 7: C(7, 3) = 35 distinct splits (psych evaluates only 18)
    let m = likert(40, 7, 11);
    let s = split_half(&m, SplitHalfOptions::default()).unwrap();
    assert_eq!(s.splits, 35);
    assert!(s.exhaustive);
    // forcing sampling: deterministic for a seed, different for another
    let opts = SplitHalfOptions::default()
        .max_exhaustive_items(4)
        .samples(500);
    let a = split_half(&m, opts.seed(1)).unwrap();
    let b = split_half(&m, opts.seed(1)).unwrap();
    let c = split_half(&m, opts.seed(2)).unwrap();
    assert!(!a.exhaustive);
    assert_eq!(a.splits, 500);
    assert_eq!(a, b);
    assert_ne!(a.mean, c.mean);
    assert!(a.lambda4 <= s.lambda4 && a.beta >= s.beta);
}

#[test]
fn spearman_brown_examples() {
    // methods.md §3: α 0.742055 doubled → 0.851930; r̄ 0.832605 × 4 → 0.952143
    // (the inputs are themselves rounded to 6 dp: tolerance 1e-6)
    assert_close!(spearman_brown(0.742055, 2.0).unwrap(), 0.851930, abs = 1e-6);
    assert_close!(spearman_brown(0.832605, 4.0).unwrap(), 0.952143, abs = 1e-6);
    // the length factor inverts it (hand computation)
    let m = spearman_brown_factor(0.742055, 0.851930).unwrap();
    assert_close!(m, 2.0, abs = 1e-5);
    assert!(matches!(
        spearman_brown(1.5, 2.0),
        Err(StatsError::InvalidParameter { .. })
    ));
    assert!(matches!(
        spearman_brown(0.5, 0.0),
        Err(StatsError::InvalidParameter { .. })
    ));
    assert!(matches!(
        spearman_brown_factor(0.0, 0.5),
        Err(StatsError::InvalidParameter { .. })
    ));
}

#[test]
fn icc_shrout_fleiss_table() {
    // Source: methods.md §4, Shrout & Fleiss (1979) Table 2, = psych ICC(lmer = FALSE)
    let x = [
        9., 2., 5., 8., 6., 1., 3., 2., 8., 4., 6., 8., 7., 1., 2., 6., 10., 5., 6., 9., 6., 2.,
        4., 7.,
    ];
    let r = icc(
        &ItemMatrix::from_slice(&x, 6, 4).unwrap(),
        ConfidenceLevel::default(),
    )
    .unwrap();
    assert_close!(r.anova.msb, 11.241667, abs = SIX_DP);
    assert_close!(r.anova.msj, 32.486111, abs = SIX_DP);
    assert_close!(r.anova.mse, 1.019444, abs = SIX_DP);
    assert_close!(r.anova.msw, 6.263889, abs = SIX_DP);
    let want = [
        (IccForm::Icc1, 0.165742, -0.132932, 0.722560),
        (IccForm::Icc2, 0.289764, 0.018787, 0.761084),
        (IccForm::Icc3, 0.714841, 0.342465, 0.945858),
        (IccForm::Icc1k, 0.442797, -0.884442, 0.912415),
        (IccForm::Icc2k, 0.620051, 0.071137, 0.927232),
        (IccForm::Icc3k, 0.909316, 0.675675, 0.985892),
    ];
    for (form, value, lower, upper) in want {
        let row = r.get(form);
        assert_close!(row.value, value, abs = SIX_DP);
        assert_close!(row.ci.lower, lower, abs = SIX_DP);
        assert_close!(row.ci.upper, upper, abs = SIX_DP);
        assert_eq!(row.ci.method, IntervalMethod::FDistribution);
    }
    // (methods.md prints F = 1.794679; MSB/MSW = 1.7946785 — its last digit
    // is off by one, tolerance 1e-6)
    assert_close!(r.get(IccForm::Icc1).f, 1.794679, abs = 1e-6);
    assert_close!(r.get(IccForm::Icc1).p, 0.164769, abs = SIX_DP);
    assert_close!(r.get(IccForm::Icc3).f, 11.027248, abs = SIX_DP);
    assert_close!(r.get(IccForm::Icc3).p, 0.000135, abs = SIX_DP);
    assert_eq!(
        (r.get(IccForm::Icc1).df1, r.get(IccForm::Icc1).df2),
        (5.0, 18.0)
    );
    assert_eq!(
        (r.get(IccForm::Icc2).df1, r.get(IccForm::Icc2).df2),
        (5.0, 15.0)
    );
}

#[test]
fn icc_rejects_missing_cells_and_tiny_tables() {
    let m = ItemMatrix::from_rows(&[
        [Some(1.0), Some(2.0)],
        [Some(2.0), None],
        [Some(3.0), Some(3.5)],
    ])
    .unwrap();
    assert_eq!(
        icc(&m, ConfidenceLevel::default()).unwrap_err(),
        StatsError::MissingValues {
            what: "icc",
            count: 1
        }
    );
    assert_eq!(m.complete_rows().rows(), 2);
    assert!(icc(&m.complete_rows(), ConfidenceLevel::default()).is_ok());
    let one = ItemMatrix::from_slice(&[1.0, 2.0], 1, 2).unwrap();
    assert!(matches!(
        icc(&one, ConfidenceLevel::default()),
        Err(StatsError::TooFew {
            what: "targets",
            ..
        })
    ));
}

#[test]
fn sem_and_reliable_change() {
    // Source: methods.md §5.1 (s₁ = 7.5, r = .88): SEM 2.598076, S_diff 3.674235, 7.2015 points
    assert_close!(sem(7.5, 0.88).unwrap(), 2.598076, abs = SIX_DP);
    let rc = reliable_change(7.5, 0.88, ConfidenceLevel::default()).unwrap();
    assert_close!(rc.s_diff, 3.674235, abs = SIX_DP);
    assert_close!(rc.threshold_at(1.96), 7.2015, abs = 5e-5);
    assert_close!(rc.index(24.0, 12.0), -3.27, abs = 5e-3);
    for (sd, r) in [
        (0.0, 0.8),
        (-1.0, 0.8),
        (f64::NAN, 0.8),
        (5.0, 1.0),
        (5.0, -0.1),
        (5.0, f64::NAN),
    ] {
        assert!(
            matches!(sem(sd, r), Err(StatsError::InvalidParameter { .. })),
            "{sd} {r}"
        );
    }
}

#[test]
fn confidence_level_is_validated() {
    for bad in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
        assert!(
            matches!(
                ConfidenceLevel::new(bad),
                Err(StatsError::InvalidParameter { .. })
            ),
            "{bad}"
        );
    }
    assert_eq!(ConfidenceLevel::default().get(), 0.95);
    // a wider level gives a wider Feldt interval
    let m = example_x();
    let a95 = alpha(&m, AlphaOptions::default()).unwrap();
    let a99 = alpha(&m, ConfidenceLevel::new(0.99).unwrap()).unwrap();
    assert!(a99.feldt.lower < a95.feldt.lower && a99.feldt.upper > a95.feldt.upper);
    assert_eq!(a99.feldt.level, 0.99);
}

#[test]
fn constructors_reject_non_finite_values() {
    assert_eq!(
        ItemMatrix::from_slice(&[1.0, 2.0, f64::NAN, 4.0], 2, 2).unwrap_err(),
        StatsError::NonFinite { row: 1, col: 0 }
    );
    assert_eq!(
        ItemMatrix::from_slice_nan_missing(&[1.0, f64::INFINITY, 3.0, 4.0], 2, 2).unwrap_err(),
        StatsError::NonFinite { row: 0, col: 1 }
    );
    let m = ItemMatrix::from_slice_nan_missing(&[1.0, f64::NAN, 3.0, 4.0], 2, 2).unwrap();
    assert_eq!(m.missing_cells(), 1);
    assert_eq!(m.value(0, 1), None);
    assert!(m.as_slice()[1].is_nan());
    assert_eq!(
        ItemMatrix::from_rows(&[[Some(1.0), Some(f64::NEG_INFINITY)]]).unwrap_err(),
        StatsError::NonFinite { row: 0, col: 1 }
    );
    assert!(matches!(
        ItemMatrix::from_slice(&[1.0; 5], 2, 2),
        Err(StatsError::Shape { .. })
    ));
    assert!(matches!(
        ItemMatrix::from_slice(&[], 0, 0),
        Err(StatsError::TooFew { what: "items", .. })
    ));
    let ragged: Vec<Vec<Option<f64>>> = vec![vec![Some(1.0), Some(2.0)], vec![Some(1.0)]];
    assert!(matches!(
        ItemMatrix::from_rows(&ragged),
        Err(StatsError::Shape { .. })
    ));
    assert!(matches!(
        example_x().with_names(["a", "b"]),
        Err(StatsError::Shape { .. })
    ));
}

#[test]
fn degenerate_input_is_a_typed_error() {
    let one_row = ItemMatrix::from_slice(&[1.0, 2.0, 3.0], 1, 3).unwrap();
    assert_eq!(
        alpha(&one_row, AlphaOptions::default()).unwrap_err(),
        StatsError::TooFew {
            what: "rows",
            needed: 2,
            got: 1
        }
    );
    let one_item = ItemMatrix::from_slice(&[1.0, 2.0, 3.0], 3, 1).unwrap();
    assert_eq!(
        alpha(&one_item, AlphaOptions::default()).unwrap_err(),
        StatsError::TooFew {
            what: "items",
            needed: 2,
            got: 1
        }
    );
    // a duplicated item makes R singular: SMC and λ6 are undefined
    let dup = ItemMatrix::from_rows(&[
        [Some(1.0), Some(1.0), Some(2.0)],
        [Some(2.0), Some(2.0), Some(1.0)],
        [Some(3.0), Some(3.0), Some(3.0)],
        [Some(4.0), Some(4.0), Some(5.0)],
    ])
    .unwrap();
    assert_eq!(
        alpha(&dup, AlphaOptions::default()).unwrap_err(),
        StatsError::Singular {
            what: "correlation matrix"
        }
    );
    // a constant item is named, with the caller's names
    let named = ItemMatrix::from_rows(&[
        [Some(1.0), Some(4.0), Some(2.0)],
        [Some(2.0), Some(4.0), Some(1.0)],
        [Some(3.0), Some(4.0), Some(3.0)],
    ])
    .unwrap()
    .with_names(["goal", "task", "bond"])
    .unwrap();
    assert_eq!(
        alpha(&named, AlphaOptions::default()).unwrap_err(),
        StatsError::ZeroVariance {
            what: "task".into()
        }
    );
    assert_eq!(named.zero_variance_items(), vec![1]);
    assert!(alpha(&named.without_items(&[1]).unwrap(), AlphaOptions::default()).is_ok());
    // two items never answered in the same row
    let apart = ItemMatrix::from_rows(&[
        [Some(1.0), None, Some(2.0)],
        [Some(2.0), None, Some(1.0)],
        [None, Some(3.0), Some(3.0)],
        [None, Some(1.0), Some(5.0)],
    ])
    .unwrap();
    assert_eq!(
        alpha(&apart, AlphaOptions::default()).unwrap_err(),
        StatsError::TooFewPairs {
            first: "item1".into(),
            second: "item2".into(),
            got: 0
        }
    );
    // listwise leaves no complete row
    assert_eq!(
        alpha(&apart, Missing::Listwise).unwrap_err(),
        StatsError::TooFew {
            what: "rows",
            needed: 2,
            got: 0
        }
    );
}

#[test]
fn listwise_and_pairwise_are_explicit() {
    let m = ItemMatrix::from_rows(&[
        [Some(4.0), Some(5.0), Some(4.0)],
        [Some(3.0), Some(3.0), Some(2.0)],
        [Some(5.0), None, Some(5.0)],
        [Some(2.0), Some(3.0), Some(3.0)],
        [Some(4.0), Some(4.0), None],
        [Some(1.0), Some(2.0), Some(2.0)],
    ])
    .unwrap();
    let pairwise = alpha(&m, AlphaOptions::default()).unwrap();
    let listwise = alpha(&m, Missing::Listwise).unwrap();
    assert_eq!(pairwise.missing, Missing::Pairwise);
    assert_eq!(listwise.missing, Missing::Listwise);
    assert_eq!(pairwise.n, 6);
    assert_eq!(listwise.n, 4);
    assert_eq!(pairwise.item_stats[1].n, 5);
    assert_ne!(pairwise.raw_alpha, listwise.raw_alpha);
    let deleted = alpha(&m.complete_rows(), AlphaOptions::default()).unwrap();
    assert_close!(listwise.raw_alpha, deleted.raw_alpha, rel = 1e-14);
    // the moments' policy must match the options'
    let moments = m.moments(Missing::Listwise);
    assert!(matches!(
        alpha_from_moments(&moments, AlphaOptions::default()),
        Err(StatsError::Incompatible { .. })
    ));
    assert_eq!(
        alpha_from_moments(&moments, Missing::Listwise).unwrap(),
        listwise
    );
}

#[test]
fn streaming_moments_match_the_matrix() {
    let m = example_x();
    let mut s = Moments::new(4, Missing::Pairwise);
    s.push_rows(&m.as_slice()[..12]).unwrap();
    for r in 3..10 {
        s.push_row(&m.as_slice()[r * 4..(r + 1) * 4]).unwrap();
    }
    let whole = alpha(&m, AlphaOptions::default()).unwrap();
    let streamed = alpha_from_moments(&s, AlphaOptions::default()).unwrap();
    assert_close!(streamed.raw_alpha, whole.raw_alpha, rel = 1e-14);
    assert_close!(streamed.scale_sd, whole.scale_sd, rel = 1e-14);
    assert_eq!(s.rows(), 10);
    assert_eq!(s.complete_rows(), 10);
    // shape and value errors leave the accumulator unchanged
    assert!(matches!(
        s.push_row(&[1.0, 2.0]),
        Err(StatsError::Shape { .. })
    ));
    assert_eq!(
        s.push_rows(&[1.0, 2.0, 3.0, 4.0, 1.0, f64::NAN, 1.0, 1.0])
            .unwrap_err(),
        StatsError::NonFinite { row: 11, col: 1 }
    );
    assert!(matches!(
        s.push_rows(&[1.0, 2.0, 3.0]),
        Err(StatsError::Shape { .. })
    ));
    assert_eq!(s.rows(), 10);
    let other = Moments::new(3, Missing::Pairwise);
    assert!(matches!(
        s.merge(&other),
        Err(StatsError::Incompatible { .. })
    ));
    let listwise = Moments::new(4, Missing::Listwise);
    assert!(matches!(
        s.merge(&listwise),
        Err(StatsError::Incompatible { .. })
    ));
    // an incomplete row under Listwise is counted but not used
    let mut l = Moments::new(2, Missing::Listwise);
    l.push_partial_row(&[Some(1.0), None]).unwrap();
    l.push_partial_row(&[Some(1.0), Some(2.0)]).unwrap();
    assert_eq!((l.rows(), l.complete_rows(), l.count(0, 0)), (2, 1, 1));
}

#[test]
fn bootstrap_is_seeded_and_validated() {
    let m = example_x();
    let a = bootstrap_alpha(&m, BootstrapOptions::new(300, 7)).unwrap();
    let b = bootstrap_alpha(&m, BootstrapOptions::new(300, 7)).unwrap();
    let c = bootstrap_alpha(&m, BootstrapOptions::new(300, 8)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.ci, c.ci);
    assert_eq!(a.ci.method, IntervalMethod::BootstrapPercentile);
    assert_close!(a.raw_alpha, 0.950382, abs = SIX_DP);
    assert!(a.ci.lower < a.ci.upper && a.ci.upper <= 1.0);
    assert!(matches!(
        bootstrap_alpha(&m, BootstrapOptions::new(0, 7)),
        Err(StatsError::InvalidParameter {
            name: "resamples",
            ..
        })
    ));
    // with missing cells: both policies run and name themselves
    let w = ItemMatrix::from_slice_nan_missing(
        &[
            4.,
            5.,
            4.,
            3.,
            f64::NAN,
            2.,
            5.,
            5.,
            5.,
            2.,
            3.,
            3.,
            4.,
            4.,
            5.,
            1.,
            2.,
            1.,
            3.,
            3.,
            2.,
            5.,
            4.,
            4.,
        ],
        8,
        3,
    )
    .unwrap();
    let p = bootstrap_alpha(&w, BootstrapOptions::new(100, 1)).unwrap();
    let l = bootstrap_alpha(&w, BootstrapOptions::new(100, 1).missing(Missing::Listwise)).unwrap();
    assert_eq!(
        (p.missing, l.missing),
        (Missing::Pairwise, Missing::Listwise)
    );
    assert_eq!(
        p.raw_alpha,
        alpha(&w, AlphaOptions::default()).unwrap().raw_alpha
    );
    assert_eq!(l.raw_alpha, alpha(&w, Missing::Listwise).unwrap().raw_alpha);
}

#[test]
fn omega_guards() {
    // too few items for three factors
    let m = example_x();
    assert!(matches!(
        omega(&m, OmegaOptions::default().factors(3)),
        Err(StatsError::TooFew {
            what: "items for this number of factors",
            ..
        })
    ));
    assert!(matches!(
        omega(&m, OmegaOptions::default().factors(0)),
        Err(StatsError::TooFew { .. })
    ));
    // the 10 × 4 example is a near-Heywood case (u² = 0.0197 for item 1);
    // methods.md §2.1: psych omega(nfactors = 1) gives ω_t 0.954071
    let o = omega(&m, OmegaOptions::default()).unwrap();
    assert_close!(o.omega_total, 0.954071, abs = SIX_DP);
    assert_close!(o.loadings[0].u2, 0.0197, abs = 5e-5);
    // an iteration limit that is too small is reported, not hidden
    let l = likert(300, 6, 5);
    assert!(omega(&l, OmegaOptions::default()).is_ok());
    assert!(matches!(
        omega(&l, OmegaOptions::default().max_iter(1)),
        Err(StatsError::DidNotConverge {
            what: "minres factor fit",
            iterations: 1
        })
    ));
    // three factors on 6 items is identified (df = 0) but fits noise: a
    // number, a Heywood case or non-convergence, never NaN
    match omega(&l, OmegaOptions::default().factors(3)) {
        Ok(o) => assert!(o.omega_h.is_finite() && o.omega_total.is_finite()),
        Err(e) => assert!(
            matches!(
                e,
                StatsError::Heywood { .. }
                    | StatsError::DidNotConverge { .. }
                    | StatsError::Singular { .. }
            ),
            "{e}"
        ),
    }
}

#[test]
fn results_serialize_to_json() {
    let a = alpha(&example_x(), AlphaOptions::default()).unwrap();
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["missing"], "pairwise");
    assert_eq!(v["feldt"]["method"], "feldt");
    assert_eq!(v["item_stats"][0]["name"], "item1");
    let s = serde_json::to_value(split_half(&example_x(), SplitHalfOptions::default()).unwrap())
        .unwrap();
    assert!(s["lambda4"].is_number());
}

#[test]
fn large_matrices_split_across_threads_agree_with_streaming() {
    // 70,001 rows take the two-thread path of ItemMatrix::moments; the
    // streamed accumulator is single-threaded. Missing cells in some rows.
    let base = likert(70_001, 9, 3);
    let mut cells = base.as_slice().to_vec();
    for (i, c) in cells.iter_mut().enumerate() {
        if i % 997 == 0 {
            *c = f64::NAN;
        }
    }
    let m = ItemMatrix::from_slice_nan_missing(&cells, 70_001, 9).unwrap();
    for missing in [Missing::Pairwise, Missing::Listwise] {
        let threaded = m.moments(missing);
        let mut streamed = Moments::new(9, missing);
        for row in cells.chunks(9) {
            let row: Vec<Option<f64>> = row.iter().map(|v| (!v.is_nan()).then_some(*v)).collect();
            streamed.push_partial_row(&row).unwrap();
        }
        assert_eq!(threaded.rows(), 70_001);
        assert_eq!(threaded.complete_rows(), streamed.complete_rows());
        let (a, b) = (
            threaded.covariance_matrix().unwrap(),
            streamed.covariance_matrix().unwrap(),
        );
        for (x, y) in a.iter().zip(&b) {
            assert_close!(*x, *y, rel = 1e-12, abs = 1e-15);
        }
        let a = alpha_from_moments(&threaded, missing).unwrap();
        let b = alpha_from_moments(&streamed, missing).unwrap();
        assert_close!(a.raw_alpha, b.raw_alpha, rel = 1e-12);
        assert_close!(a.scale_mean, b.scale_mean, rel = 1e-12);
        assert_close!(a.scale_sd, b.scale_sd, rel = 1e-12);
        assert_eq!(
            a.n,
            if missing == Missing::Pairwise {
                70_001
            } else {
                m.complete_row_count()
            }
        );
    }
}
