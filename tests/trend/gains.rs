//! Sudden gains and losses (Tang & DeRubeis 1999; methods §6).

use bordin::trend::{
    CriterionOutcome, CriticalValue, GainCutoff, Pairing, RciParams, RelativeCriterion, Selection,
    Series, ShiftKind, StabilityCriterion, SuddenGainCriteria, check_interval, sudden_gains,
    sudden_losses,
};
use bordin::{Polarity, StatsError};

use super::consecutive;
use crate::assert_close;

const LOWER_BETTER: Polarity = Polarity::HigherIsWorse;

/// t_{0.975}(df) for df = 4, 3, 2 (R `qt(0.975, df)`; methods §6 prints
/// 2.776 / 3.182 / 4.303).
const T4: f64 = 2.7764451051977987;
const T3: f64 = 3.182446305284263;
const T2: f64 = 4.302652729749464;

/// methods §6 example: BDI, sessions 1–9.
const BDI: [f64; 9] = [30.0, 29.0, 28.0, 27.0, 16.0, 15.0, 14.0, 13.0, 12.0];

fn seven_points() -> SuddenGainCriteria {
    SuddenGainCriteria::new(GainCutoff::Points(7.0))
}

#[test]
fn section_6_example_complete_data() {
    let s = consecutive(LOWER_BETTER, &BDI);
    let gains = sudden_gains(&s, &seven_points()).unwrap();
    assert_eq!(gains.len(), 1);
    let g = gains[0];
    // Interval 4 → 5: gain 11 ≥ 7 and ≥ 0.25 · 27 = 6.75.
    assert_eq!(g.kind, ShiftKind::Gain);
    assert_eq!((g.pregain_session, g.postgain_session), (4, 5));
    assert_eq!(
        (g.pregain_value, g.postgain_value, g.magnitude),
        (27.0, 16.0, 11.0)
    );
    // pre 29, 28, 27 (M 28), post 16, 15, 14 (M 15), s_pooled 1.0, 13 > 2.776.
    let st = g.stability.unwrap();
    assert_eq!((st.n_pre, st.n_post), (3, 3));
    assert_close!(st.mean_pre, 28.0, abs = 1e-12);
    assert_close!(st.mean_post, 15.0, abs = 1e-12);
    assert_close!(st.pooled_sd, 1.0, abs = 1e-12);
    assert_close!(st.critical_value, T4, abs = 1e-9);
    // Reversal threshold 16 + 11/2 = 21.5; no later score exceeds it.
    assert_eq!(g.reversal_threshold, 21.5);
    assert_eq!(g.reversed_at, None);
    // The preset is the same rule.
    assert_eq!(
        sudden_gains(&s, &SuddenGainCriteria::tang_derubeis_1999()).unwrap(),
        gains
    );
    assert!(sudden_losses(&s, &seven_points()).unwrap().is_empty());
}

#[test]
fn section_6_example_criteria_one_by_one() {
    let s = consecutive(LOWER_BETTER, &BDI);
    let check = check_interval(&s, 4, ShiftKind::Gain, &seven_points()).unwrap();
    assert_eq!(check.magnitude, 11.0);
    assert_eq!(check.absolute, CriterionOutcome::Met);
    assert_eq!(check.relative, CriterionOutcome::Met);
    assert_eq!(check.stability, CriterionOutcome::Met);
    assert!(check.is_shift());
    // Interval 3 → 4: a 1-point gain meets neither criterion 1 (1 < 7) nor
    // criterion 2 (1 < 0.25 · 28 = 7).
    let check = check_interval(&s, 3, ShiftKind::Gain, &seven_points()).unwrap();
    assert_eq!(check.absolute, CriterionOutcome::NotMet);
    assert_eq!(check.relative, CriterionOutcome::NotMet);
    assert!(!check.is_shift());
    assert_eq!(
        check_interval(&s, 9, ShiftKind::Gain, &seven_points()).unwrap_err(),
        StatsError::SessionNotFound { session: 10 }
    );
}

#[test]
fn section_6_example_with_session_3_missing() {
    // methods §6: pre window 29, 27 (session 3 missing): s_pooled 1.1547,
    // t = 3.182, still a gain. Hand: s²_pre = 2, s²_post = 1,
    // s_pooled = sqrt((1·2 + 2·1) / 3) = sqrt(4/3).
    let s = Series::new(
        LOWER_BETTER,
        &[1, 2, 4, 5, 6, 7, 8, 9],
        &[30.0, 29.0, 27.0, 16.0, 15.0, 14.0, 13.0, 12.0],
    )
    .unwrap();
    let gains = sudden_gains(&s, &seven_points()).unwrap();
    assert_eq!(gains.len(), 1);
    let st = gains[0].stability.unwrap();
    assert_eq!((st.n_pre, st.n_post), (2, 3));
    assert_close!(st.pooled_sd, 1.1547, abs = 5e-5);
    assert_close!(st.pooled_sd, (4.0_f64 / 3.0).sqrt(), abs = 1e-12);
    assert_close!(st.critical_value, T3, abs = 1e-9);
    assert_close!(st.critical_value, 3.182, abs = 5e-4);
}

#[test]
fn one_missing_on_each_side() {
    // Hand: sessions 3 and 6 missing: pre 29, 27 (M 28, s² 2), post 16, 14
    // (M 15, s² 2); s_pooled = sqrt((2 + 2) / 2) = √2; t(2) = 4.303;
    // 13 > 4.303 · 1.414 = 6.085 → gain.
    let s = Series::new(
        LOWER_BETTER,
        &[1, 2, 4, 5, 7, 8, 9],
        &[30.0, 29.0, 27.0, 16.0, 14.0, 13.0, 12.0],
    )
    .unwrap();
    let gains = sudden_gains(&s, &seven_points()).unwrap();
    assert_eq!(gains.len(), 1);
    let st = gains[0].stability.unwrap();
    assert_eq!((st.n_pre, st.n_post), (2, 2));
    assert_close!(st.pooled_sd, 2.0_f64.sqrt(), abs = 1e-12);
    assert_close!(st.critical_value, T2, abs = 1e-9);
    assert_close!(st.critical_value, 4.303, abs = 5e-4);
}

#[test]
fn fewer_than_two_values_on_a_side_is_not_assessable() {
    // Hand: the big drop is between sessions 1 and 2: one pregain value only.
    let s = consecutive(LOWER_BETTER, &[30.0, 15.0, 14.0, 13.0, 12.0]);
    let check = check_interval(&s, 1, ShiftKind::Gain, &seven_points()).unwrap();
    assert_eq!(check.absolute, CriterionOutcome::Met);
    assert_eq!(check.relative, CriterionOutcome::Met);
    assert_eq!(check.stability, CriterionOutcome::NotAssessable);
    assert_eq!(check.stability_test, None);
    assert!(!check.is_shift());
    assert!(sudden_gains(&s, &seven_points()).unwrap().is_empty());
    // With sessions 2 and 3 missing the pregain window (N−2..N) has one value too.
    let s = Series::new(
        LOWER_BETTER,
        &[1, 4, 5, 6, 7],
        &[29.0, 27.0, 16.0, 15.0, 14.0],
    )
    .unwrap();
    let check = check_interval(&s, 4, ShiftKind::Gain, &seven_points()).unwrap();
    assert_eq!(check.stability, CriterionOutcome::NotAssessable);
    // Without criterion 3 it is a gain.
    let no_stability = seven_points().stability(StabilityCriterion::Off);
    assert_eq!(sudden_gains(&s, &no_stability).unwrap().len(), 1);
}

#[test]
fn reversal_threshold_is_half_the_gain() {
    // methods §6: reversal threshold 16 + 11/2 = 21.5. A later 21.5 does not
    // reverse (not > 21.5); a later 22 does.
    let mut v = BDI.to_vec();
    v.push(21.5);
    let g = sudden_gains(&consecutive(LOWER_BETTER, &v), &seven_points()).unwrap();
    assert_eq!((g[0].reversal_threshold, g[0].reversed_at), (21.5, None));
    v.push(22.0);
    let g = sudden_gains(&consecutive(LOWER_BETTER, &v), &seven_points()).unwrap();
    assert_eq!(g[0].reversed_at, Some(11));
}

#[test]
fn suddengains_pitfall_an_increase_is_not_a_loss_by_accident() {
    // methods §6: suddengains codes loss criterion 2 as x_N − x_{N+1} ≤ 0.25·x_N,
    // which any increase satisfies (10 → 11 passes). Here 10 → 11 on a
    // lower-is-better scale meets criterion 1 (cut-off 1) and criterion 3
    // (pre 10, 10, 10 vs post 11, 11, 11: 1 > t · 0), but the loss is 1 point,
    // less than 0.25 · 10 = 2.5: not a loss.
    let s = consecutive(LOWER_BETTER, &[10.0, 10.0, 10.0, 11.0, 11.0, 11.0]);
    let criteria = SuddenGainCriteria::new(GainCutoff::Points(1.0));
    let check = check_interval(&s, 3, ShiftKind::Loss, &criteria).unwrap();
    assert_eq!(check.magnitude, 1.0);
    assert_eq!(check.absolute, CriterionOutcome::Met);
    assert_eq!(check.stability, CriterionOutcome::Met);
    assert_eq!(check.relative, CriterionOutcome::NotMet);
    assert!(sudden_losses(&s, &criteria).unwrap().is_empty());
    // Criterion 2 is what stops it: without it, the increase is a loss.
    let without = criteria.relative(RelativeCriterion::Off);
    assert_eq!(sudden_losses(&s, &without).unwrap().len(), 1);
    // And an increase is never a gain on this scale.
    assert!(sudden_gains(&s, &without).unwrap().is_empty());
    let as_gain = check_interval(&s, 3, ShiftKind::Gain, &without).unwrap();
    assert_eq!(as_gain.magnitude, -1.0);
    assert!(!as_gain.is_shift());
}

#[test]
fn suddengains_check_interval_loss_example() {
    // suddengains `check_interval` documentation example for a sudden loss:
    // pre (5, NA, 7), post (16, 12, 14), cut-off 7. Hand: loss 7 → 16 = 9
    // ≥ 7 and ≥ 0.25·7; M_pre 6 (s² 2), M_post 14 (s² 4);
    // s_pooled = sqrt((1·2 + 2·4) / 3) = sqrt(10/3) = 1.825742; t(3) 3.182;
    // 8 > 5.810 → loss. Reversal threshold 16 − 9/2 = 11.5.
    let s = Series::new(
        LOWER_BETTER,
        &[1, 3, 4, 5, 6],
        &[5.0, 7.0, 16.0, 12.0, 14.0],
    )
    .unwrap();
    let losses = sudden_losses(&s, &seven_points()).unwrap();
    assert_eq!(losses.len(), 1);
    let l = losses[0];
    assert_eq!(
        (l.kind, l.pregain_session, l.magnitude),
        (ShiftKind::Loss, 3, 9.0)
    );
    let st = l.stability.unwrap();
    assert_close!(st.mean_pre, 6.0, abs = 1e-12);
    assert_close!(st.mean_post, 14.0, abs = 1e-12);
    assert_close!(st.pooled_sd, (10.0_f64 / 3.0).sqrt(), abs = 1e-12);
    assert_close!(st.critical_value, T3, abs = 1e-9);
    assert_eq!(l.reversal_threshold, 11.5);
    assert_eq!(l.reversed_at, None);
}

#[test]
fn higher_is_better_mirrors_lower_is_better() {
    let negated: Vec<f64> = BDI.iter().map(|v| -v).collect();
    let s = consecutive(Polarity::HigherIsBetter, &negated);
    let g = sudden_gains(&s, &seven_points()).unwrap();
    assert_eq!((g[0].pregain_session, g[0].magnitude), (4, 11.0));
    assert_eq!(g[0].reversal_threshold, -21.5);
    let st = g[0].stability.unwrap();
    assert_close!(st.mean_pre, -28.0, abs = 1e-12);
}

#[test]
fn rci_threshold_as_cutoff() {
    // oracle rci.json example_main: SD 7.2, r .88 → 1.96 · S_diff = 6.913440;
    // the 11-point gain passes, a 6.9-point one would not.
    let rci = RciParams::new(7.2, 0.88).unwrap();
    let criteria = SuddenGainCriteria::new(GainCutoff::Reliable(rci));
    let s = consecutive(LOWER_BETTER, &BDI);
    assert_eq!(sudden_gains(&s, &criteria).unwrap().len(), 1);
    let small = consecutive(LOWER_BETTER, &[30.0, 29.0, 28.0, 27.0, 20.1, 19.0, 18.0]);
    let check = check_interval(&small, 4, ShiftKind::Gain, &criteria).unwrap();
    assert_eq!(check.absolute, CriterionOutcome::NotMet);
}

#[test]
fn fixed_critical_value_ignores_missingness() {
    // suddengains `sg_crit3_adjust = FALSE`: 2.776 whatever is missing.
    let s = Series::new(
        LOWER_BETTER,
        &[1, 2, 4, 5, 6, 7, 8, 9],
        &[30.0, 29.0, 27.0, 16.0, 15.0, 14.0, 13.0, 12.0],
    )
    .unwrap();
    let fixed = seven_points().stability(StabilityCriterion::MeanDifference(CriticalValue::Fixed(
        2.776,
    )));
    let g = sudden_gains(&s, &fixed).unwrap();
    assert_eq!(g[0].stability.unwrap().critical_value, 2.776);
    // α = 0.01 instead of 0.05: t_{0.995}(3) = 5.840909 (R qt(0.995, 3)).
    let strict = seven_points().stability(StabilityCriterion::MeanDifference(
        CriticalValue::AdjustedT { alpha: 0.01 },
    ));
    let g = sudden_gains(&s, &strict).unwrap();
    assert_close!(g[0].stability.unwrap().critical_value, 5.840909, abs = 5e-7);
}

#[test]
fn several_gains_and_selection() {
    // Hand: a 12-point drop (≥ 0.25 · 40) and a 10-point drop (≥ 0.25 · 28),
    // each flanked by flat stretches (pooled SD 0).
    let v = [40.0, 40.0, 40.0, 28.0, 28.0, 28.0, 18.0, 18.0, 18.0];
    let s = consecutive(LOWER_BETTER, &v);
    let all = sudden_gains(&s, &seven_points()).unwrap();
    let at: Vec<u32> = all.iter().map(|g| g.pregain_session).collect();
    assert_eq!(at, [3, 6]);
    let pick = |sel| sudden_gains(&s, &seven_points().selection(sel)).unwrap()[0].pregain_session;
    assert_eq!(pick(Selection::First), 3);
    assert_eq!(pick(Selection::Last), 6);
    assert_eq!(pick(Selection::Largest), 3);
    assert_eq!(pick(Selection::Smallest), 6);
    assert_eq!(
        sudden_gains(&s, &seven_points().selection(Selection::First))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn pairing_by_observations_bridges_gaps() {
    // Sessions 4 and 5 are not both observed: no consecutive-session pair
    // spans the drop, but consecutive observations 3 → 6 do.
    let s = Series::new(
        LOWER_BETTER,
        &[1, 2, 3, 6, 7, 8],
        &[30.0, 29.0, 28.0, 16.0, 15.0, 14.0],
    )
    .unwrap();
    assert!(sudden_gains(&s, &seven_points()).unwrap().is_empty());
    let by_obs = seven_points().pairing(Pairing::ConsecutiveObservations);
    let g = sudden_gains(&s, &by_obs).unwrap();
    assert_eq!((g[0].pregain_session, g[0].postgain_session), (3, 6));
    assert_eq!(g[0].stability.unwrap().n_pre, 3);
}

#[test]
fn invalid_criteria_are_rejected() {
    let s = consecutive(LOWER_BETTER, &BDI);
    for bad in [
        SuddenGainCriteria::new(GainCutoff::Points(-1.0)),
        SuddenGainCriteria::new(GainCutoff::Points(f64::NAN)),
        seven_points().relative(RelativeCriterion::Fraction {
            fraction: -0.25,
            origin: 0.0,
        }),
        seven_points().stability(StabilityCriterion::MeanDifference(
            CriticalValue::AdjustedT { alpha: 0.0 },
        )),
        seven_points().stability(StabilityCriterion::MeanDifference(CriticalValue::Fixed(
            0.0,
        ))),
    ] {
        assert!(matches!(
            sudden_gains(&s, &bad).unwrap_err(),
            StatsError::InvalidParameter { .. }
        ));
    }
}
