//! Goal Attainment Scaling: the Kiresuk–Sherman T-score.
//!
//! ```text
//! T = 50 + 10·Σ(wᵢxᵢ) / √[(1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²],  ρ = 0.3
//! ```
//!
//! Sources: instruments.md §4 (worked example and the table of checks, 3 dp;
//! multipliers, 4 dp) and methods.md §10 (examples, 2 dp for T, 6 dp for the
//! denominators). Tolerances are half a unit in the last printed place.

use bordin::GoalError;
use bordin::goals::{DEFAULT_RHO, Goal, t_score, t_score_with_rho};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use crate::assert_close;

fn unweighted(levels: &[i32]) -> Vec<Goal> {
    levels.iter().map(|&l| Goal::unweighted(l)).collect()
}

fn weighted(levels: &[i32], weights: &[f64]) -> Vec<Goal> {
    assert_eq!(levels.len(), weights.len());
    levels
        .iter()
        .zip(weights)
        .map(|(&l, &w)| Goal::new(l, w))
        .collect()
}

/// instruments.md §4 worked example (inputs from gasr's documentation):
/// Σwx = 7, 0.7·91 + 0.3·441 = 196, √196 = 14, T = 50 + 70/14 = 55.0.
#[test]
fn worked_example_is_55() {
    let goals = weighted(&[-2, 0, -1, 2, 0, 1], &[3.0, 5.0, 1.0, 4.0, 2.0, 6.0]);
    assert_close!(t_score(&goals).expect("valid"), 55.0, abs = 1e-9);
    assert_close!(
        t_score_with_rho(&goals, 0.3).expect("valid"),
        55.0,
        abs = 1e-9
    );
    assert_eq!(DEFAULT_RHO, 0.3);
}

/// instruments.md §4 "More checks", every row (T printed to 3 dp).
#[test]
fn reference_table() {
    type Row<'a> = (&'a [i32], Option<&'a [f64]>, f64);
    let rows: [Row; 8] = [
        (&[1, 0, -1], None, 50.0),
        (&[1, 1, 1], None, 63.693),
        (&[1, 1, 2], None, 68.257),
        (&[-1, -1, -1], None, 36.307),
        (&[-2, -2, -2], None, 22.614),
        (&[2, 2, 2], None, 77.386),
        (&[1], None, 60.0),
        (&[-1, 0, 1, 2], Some(&[2.0, 1.0, 3.0, 1.0]), 55.976),
    ];
    for (levels, weights, t) in rows {
        let goals = weights.map_or_else(|| unweighted(levels), |w| weighted(levels, w));
        let got = t_score(&goals).expect("valid");
        assert!(
            (got - t).abs() <= 5e-4,
            "{levels:?} {weights:?}: T = {got}, table {t}"
        );
    }
    // Σx = 0 gives exactly 50, and one goal at +1 exactly 60 (√1 = 1).
    assert_eq!(t_score(&unweighted(&[1, 0, -1])).expect("valid"), 50.0);
    assert_eq!(t_score(&unweighted(&[1])).expect("valid"), 60.0);
}

/// instruments.md §4: unweighted multiplier 10 / √(0.7n + 0.3n²) for
/// n = 1…5 is 10.0000, 6.2017, 4.5644, 3.6274, 3.0151 (4 dp). With one goal at
/// +1 and the others at 0, T − 50 is the multiplier.
#[test]
fn unweighted_multipliers() {
    let multipliers = [10.0000, 6.2017, 4.5644, 3.6274, 3.0151];
    for (n, m) in (1..=5).zip(multipliers) {
        let mut levels = vec![0; n];
        levels[0] = 1;
        let t = t_score(&unweighted(&levels)).expect("valid");
        assert_close!(t - 50.0, m, abs = 5e-5);
        // Unit weights are the unweighted case.
        let ones = vec![1.0; n];
        assert_eq!(t_score(&weighted(&levels, &ones)).expect("valid"), t);
    }
}

/// methods.md §10 examples: T to 2 dp, denominators to 6 dp (recovered from
/// T as 10·Σwx / (T − 50)).
#[test]
fn methods_examples() {
    // Unweighted x = (1, 0, 2): denominator √4.8 = 2.190890, T = 63.69.
    let t = t_score(&unweighted(&[1, 0, 2])).expect("valid");
    assert_close!(t, 63.69, abs = 5e-3);
    assert_close!(30.0 / (t - 50.0), 2.190890, abs = 5e-7);
    // Weights (3, 2, 1), x = (1, 0, −1): denominator √20.6 = 4.538722, T = 54.41.
    let t = t_score(&weighted(&[1, 0, -1], &[3.0, 2.0, 1.0])).expect("valid");
    assert_close!(t, 54.41, abs = 5e-3);
    assert_close!(20.0 / (t - 50.0), 4.538722, abs = 5e-7);
    // All 0 → 50.
    assert_eq!(t_score(&unweighted(&[0, 0, 0, 0])).expect("valid"), 50.0);
    assert_eq!(
        t_score(&weighted(&[0, 0], &[2.0, 7.0])).expect("valid"),
        50.0
    );
    // Three goals all −2 → 22.61.
    assert_close!(
        t_score(&unweighted(&[-2, -2, -2])).expect("valid"),
        22.61,
        abs = 5e-3
    );
}

/// Other values of ρ, by hand: ρ = 0 gives 50 + 10·Σwx / √Σw²; for two
/// goals at +1 that is 50 + 20/√2.
#[test]
fn other_rho() {
    let two = unweighted(&[1, 1]);
    assert_close!(
        t_score_with_rho(&two, 0.0).expect("valid"),
        50.0 + 20.0 / 2.0_f64.sqrt(),
        rel = 1e-15
    );
    // ρ = 0.5, x = (2, −1), w = (1, 3): Σwx = −1; 0.5·10 + 0.5·16 = 13.
    let goals = weighted(&[2, -1], &[1.0, 3.0]);
    assert_close!(
        t_score_with_rho(&goals, 0.5).expect("valid"),
        50.0 - 10.0 / 13.0_f64.sqrt(),
        rel = 1e-15
    );
    // Just below 1 is allowed.
    assert!(t_score_with_rho(&two, 1.0_f64.next_down()).is_ok());
}

/// T does not depend on the unit of the weights, even at the ends of the f64
/// range (Σw² would overflow at 1e200 and underflow at 1e-200).
#[test]
fn weights_scale_free() {
    let levels = [-2, 0, -1, 2, 0, 1];
    let w = [3.0, 5.0, 1.0, 4.0, 2.0, 6.0];
    for c in [1e-200, 1e-3, 7.0, 1e3, 1e200] {
        let scaled: Vec<f64> = w.iter().map(|x| x * c).collect();
        let t = t_score(&weighted(&levels, &scaled)).expect("valid");
        assert_close!(t, 55.0, abs = 1e-9);
    }
    assert_eq!(t_score(&[Goal::new(1, 1e-300)]).expect("valid"), 60.0);
    assert_eq!(t_score(&[Goal::new(1, f64::MAX)]).expect("valid"), 60.0);
    assert_eq!(
        t_score(&[Goal::new(-2, f64::MIN_POSITIVE / 4.0)]).expect("valid"),
        30.0
    );
}

#[test]
fn errors() {
    // No goals.
    assert_eq!(t_score(&[]), Err(GoalError::NoGoals));
    assert_eq!(t_score_with_rho(&[], 0.5), Err(GoalError::NoGoals));
    // Weights ≤ 0 or not finite, reported with the goal's index.
    for w in [0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let goals = [Goal::unweighted(1), Goal::new(0, w)];
        match t_score(&goals) {
            Err(GoalError::BadWeight { index: 1, weight }) => {
                assert!(weight.to_bits() == w.to_bits(), "{weight} vs {w}");
            }
            other => panic!("weight {w}: {other:?}"),
        }
    }
    // Levels outside −2..=+2.
    for level in [3, -3, i32::MAX, i32::MIN] {
        let goals = [
            Goal::unweighted(0),
            Goal::unweighted(2),
            Goal::unweighted(level),
        ];
        assert_eq!(
            t_score(&goals),
            Err(GoalError::LevelOutOfRange { index: 2, level }),
            "level {level}"
        );
    }
    // ρ outside [0, 1).
    for rho in [-0.1, 1.0, 1.5, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(
            t_score_with_rho(&unweighted(&[1]), rho),
            Err(GoalError::BadRho { rho }),
            "rho {rho}"
        );
    }
    assert!(matches!(
        t_score_with_rho(&unweighted(&[1]), f64::NAN),
        Err(GoalError::BadRho { rho }) if rho.is_nan()
    ));
    // The first bad goal is reported.
    let goals = [Goal::new(5, 1.0), Goal::new(0, -1.0)];
    assert_eq!(
        t_score(&goals),
        Err(GoalError::LevelOutOfRange { index: 0, level: 5 })
    );
    // Messages name the goal.
    let msg = t_score(&[Goal::new(1, 0.0)]).expect_err("bad").to_string();
    assert!(msg.contains("goal 0"), "{msg}");
}

#[test]
fn goal_constructors_and_json() {
    assert_eq!(Goal::unweighted(-1), Goal::new(-1, 1.0));
    let g: Goal = serde_json::from_str(r#"{"level":2,"weight":0.5}"#).expect("parses");
    assert_eq!(g, Goal::new(2, 0.5));
    assert_eq!(
        serde_json::to_string(&Goal::new(-2, 3.0)).expect("serializes"),
        r#"{"level":-2,"weight":3.0}"#
    );
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/goals.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// For any valid goals, T is finite and within the bound the formula
    /// allows: |Σwx| ≤ 2Σw and the denominator ≥ √ρ·Σw, so
    /// |T − 50| ≤ 20/√ρ; and scaling every weight leaves T unchanged.
    #[test]
    fn t_is_finite_bounded_and_scale_free(
        goals in proptest::collection::vec((-2..=2_i32, 1e-6..1e6_f64), 1..12),
        rho in 0.05..0.95_f64,
        scale_exp in -250..250_i32,
    ) {
        let goals: Vec<Goal> = goals.into_iter().map(|(l, w)| Goal::new(l, w)).collect();
        let t = t_score_with_rho(&goals, rho).expect("valid");
        prop_assert!(t.is_finite());
        prop_assert!((t - 50.0).abs() <= 20.0 / rho.sqrt() + 1e-9, "T = {}", t);
        let c = 10.0_f64.powi(scale_exp);
        let scaled: Vec<Goal> = goals.iter().map(|g| Goal::new(g.level, g.weight * c)).collect();
        let ts = t_score_with_rho(&scaled, rho).expect("valid");
        prop_assert!((ts - t).abs() <= 1e-9 * t.abs(), "{} vs {}", ts, t);
    }

    /// Any input at all: an `Ok` is finite, and nothing panics.
    #[test]
    fn arbitrary_input_never_panics(
        goals in proptest::collection::vec((any::<i32>(), any::<f64>()), 0..8),
        rho in any::<f64>(),
    ) {
        let goals: Vec<Goal> = goals.into_iter().map(|(l, w)| Goal::new(l, w)).collect();
        if let Ok(t) = t_score_with_rho(&goals, rho) {
            prop_assert!(t.is_finite());
        }
    }
}
