//! Reliable change, cut-offs and the Jacobson–Truax classification.

use bordin::trend::{
    ChangeCategory, ClinicalNorms, Cutoff, CutoffChoice, CutoffKind, Norm, RciParams, ZCritical,
    classify, reliable_change, reliable_change_between,
};
use bordin::{Polarity, StatsError};
use serde::Deserialize;

use super::consecutive;
use crate::assert_close;

const LOWER_BETTER: Polarity = Polarity::HigherIsWorse;
const HIGHER_BETTER: Polarity = Polarity::HigherIsBetter;

// ---------------------------------------------------------------------------
// Oracle: tests/fixtures/trend/rci.json (copy of oracle/expected/rci.json,
// R 4.2.2), tolerance 1e-12 absolute (methods §12.6).
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct RciCase {
    sd: f64,
    reliability: f64,
    #[serde(rename = "SEM")]
    sem: f64,
    #[serde(rename = "S_diff")]
    s_diff: f64,
    #[serde(rename = "RCI_threshold_1.96")]
    threshold_196: f64,
    #[serde(rename = "RCI_threshold_qnorm")]
    threshold_qnorm: f64,
    z_crit_qnorm: f64,
    pre: Option<f64>,
    post: Option<f64>,
    #[serde(rename = "RCI")]
    rci: Option<f64>,
    reliable_change: Option<bool>,
}

#[derive(Deserialize)]
struct CutoffCase {
    #[serde(rename = "M_functional")]
    m_functional: f64,
    s_functional: f64,
    #[serde(rename = "M_dysfunctional")]
    m_dysfunctional: f64,
    s_dysfunctional: f64,
    c: f64,
    a: f64,
    b: f64,
}

#[derive(Deserialize)]
struct Oracle {
    example_main: RciCase,
    example_2: RciCase,
    example_3: RciCase,
    likert_small_sum_score: RciCase,
    cutoffs_example: CutoffCase,
}

fn oracle() -> Oracle {
    serde_json::from_str(include_str!("../fixtures/trend/rci.json")).unwrap()
}

#[test]
fn oracle_rci_examples() {
    let o = oracle();
    for case in [
        o.example_main,
        o.example_2,
        o.example_3,
        o.likert_small_sum_score,
    ] {
        let p = RciParams::new(case.sd, case.reliability).unwrap();
        assert_close!(p.sem(), case.sem, abs = 1e-12);
        assert_close!(p.s_diff(), case.s_diff, abs = 1e-12);
        assert_close!(p.threshold(), case.threshold_196, abs = 1e-12);
        let z = ZCritical::two_sided(0.95).unwrap();
        assert_close!(z.value(), case.z_crit_qnorm, abs = 1e-12);
        assert_close!(p.with_z(z).threshold(), case.threshold_qnorm, abs = 1e-12);
        if let (Some(pre), Some(post), Some(rci), Some(reliable)) =
            (case.pre, case.post, case.rci, case.reliable_change)
        {
            assert_close!(p.rci(pre, post), rci, abs = 1e-12);
            // Every oracle example is a decrease on a lower-is-better score.
            let category = classify(pre, post, LOWER_BETTER, &p, None);
            let expected = if reliable {
                ChangeCategory::Improved
            } else {
                ChangeCategory::Unchanged
            };
            assert_eq!(category, expected);
        }
    }
}

#[test]
fn oracle_cutoffs_example() {
    let c = oracle().cutoffs_example;
    // The oracle writes a and b for "improvement = lower".
    let norms = ClinicalNorms::new(Norm::new(c.m_dysfunctional, c.s_dysfunctional).unwrap())
        .with_functional(Norm::new(c.m_functional, c.s_functional).unwrap());
    let cuts = norms.cutoffs(LOWER_BETTER);
    assert_close!(cuts.a, c.a, abs = 1e-12);
    assert_close!(cuts.b.unwrap(), c.b, abs = 1e-12);
    assert_close!(cuts.c.unwrap(), c.c, abs = 1e-12);
}

// ---------------------------------------------------------------------------
// methods §5.1 worked example: lower is better; s₁ = 7.5, r_xx = .88;
// clinical M 22 SD 7.5; functional M 6 SD 5. Printed to 6 dp (SEM, S_diff),
// 4 dp (threshold), 2 dp (RC).
// ---------------------------------------------------------------------------

fn section_5_1() -> (RciParams, ClinicalNorms) {
    let rci = RciParams::new(7.5, 0.88).unwrap();
    let norms = ClinicalNorms::new(Norm::new(22.0, 7.5).unwrap())
        .with_functional(Norm::new(6.0, 5.0).unwrap());
    (rci, norms)
}

#[test]
fn section_5_1_parameters_and_cutoffs() {
    let (rci, norms) = section_5_1();
    assert_close!(rci.sem(), 2.598076, abs = 5e-7);
    assert_close!(rci.s_diff(), 3.674235, abs = 5e-7);
    assert_close!(rci.threshold(), 7.2015, abs = 5e-5);
    assert_eq!(rci.sd(), Some(7.5));
    assert_eq!(rci.reliability(), Some(0.88));
    assert_eq!(rci.z(), ZCritical::JACOBSON_TRUAX);

    let cuts = norms.cutoffs(LOWER_BETTER);
    assert_close!(cuts.a, 7.0, abs = 1e-12);
    assert_close!(cuts.b.unwrap(), 16.0, abs = 1e-12);
    assert_close!(cuts.c.unwrap(), 12.4, abs = 1e-12);
    // a = 7 < b = 16: the ±2 SD ranges overlap, so J&T's choice is c.
    let auto = norms.cutoff(LOWER_BETTER, CutoffChoice::Auto).unwrap();
    assert_eq!(auto.kind(), CutoffKind::C);
    assert_close!(auto.value(), 12.4, abs = 1e-12);
    assert_eq!(
        norms.cutoff(LOWER_BETTER, CutoffChoice::A).unwrap().kind(),
        CutoffKind::A
    );
    assert_eq!(
        norms.cutoff(LOWER_BETTER, CutoffChoice::B).unwrap().value(),
        16.0
    );
}

#[test]
fn section_5_1_classification_table() {
    let (rci, norms) = section_5_1();
    let c = norms.cutoff(LOWER_BETTER, CutoffChoice::C).unwrap();
    let table = [
        (24.0, 12.0, -3.27, ChangeCategory::Recovered),
        (24.0, 13.0, -2.99, ChangeCategory::Improved), // 13 > 12.4: still clinical
        (24.0, 15.0, -2.45, ChangeCategory::Improved),
        (24.0, 20.0, -1.09, ChangeCategory::Unchanged),
        (14.0, 23.0, 2.45, ChangeCategory::Deteriorated), // 14 already clinical
    ];
    for (pre, post, rc, class) in table {
        assert_close!(rci.rci(pre, post), rc, abs = 5e-3);
        assert_eq!(
            classify(pre, post, LOWER_BETTER, &rci, Some(c)),
            class,
            "{pre} → {post}"
        );
    }
}

#[test]
fn section_5_1_on_a_series_first_to_last_and_between() {
    let (rci, norms) = section_5_1();
    let c = norms.cutoff(LOWER_BETTER, CutoffChoice::Auto).unwrap();
    let s = consecutive(LOWER_BETTER, &[24.0, 20.0, 15.0, 13.0, 12.0]);
    let rc = reliable_change(&s, &rci, Some(c)).unwrap();
    assert_eq!((rc.first_session, rc.last_session), (1, 5));
    assert_eq!((rc.first, rc.last, rc.difference), (24.0, 12.0, -12.0));
    // RC = −12 / 3.674235 = −3.27 (methods §5.1 table, row 1)
    assert_close!(rc.rci, -3.27, abs = 5e-3);
    assert_eq!(rc.category, ChangeCategory::Recovered);
    // Any two sessions: 1 → 2 is row "24 → 20", 1 → 4 is row "24 → 13".
    let b = |from, to| {
        reliable_change_between(&s, from, to, &rci, Some(c))
            .unwrap()
            .category
    };
    assert_eq!(b(1, 2), ChangeCategory::Unchanged);
    assert_eq!(b(1, 3), ChangeCategory::Improved);
    assert_eq!(b(1, 4), ChangeCategory::Improved);
    assert_eq!(
        reliable_change_between(&s, 1, 9, &rci, Some(c)).unwrap_err(),
        StatsError::SessionNotFound { session: 9 }
    );
    let short = consecutive(LOWER_BETTER, &[24.0]);
    assert!(matches!(
        reliable_change(&short, &rci, None).unwrap_err(),
        StatsError::TooFew {
            needed: 2,
            got: 1,
            ..
        }
    ));
}

#[test]
fn harmed_needs_a_crossing_into_the_clinical_range() {
    let (rci, norms) = section_5_1();
    let c = norms.cutoff(LOWER_BETTER, CutoffChoice::C).unwrap();
    // Hand: 10 → 20 is RC = 10 / 3.674235 = +2.72 > 1.96, from 10 ≤ 12.4
    // (functional) into 20 > 12.4 (clinical): harmed.
    assert_eq!(
        classify(10.0, 20.0, LOWER_BETTER, &rci, Some(c)),
        ChangeCategory::Harmed
    );
    // Without a cut-off the same change is deteriorated.
    assert_eq!(
        classify(10.0, 20.0, LOWER_BETTER, &rci, None),
        ChangeCategory::Deteriorated
    );
}

#[test]
fn a_value_at_the_cutoff_is_functional() {
    // Boundary at x.next_down(), x, x.next_up() (STYLE §2.6), with pre = 24
    // and the §5.1 parameters: every post near 12.4 is a reliable improvement
    // (RC ≈ −3.16).
    let (rci, _) = section_5_1();
    let c = Cutoff::declared(12.4).unwrap();
    let at = |post: f64| classify(24.0, post, LOWER_BETTER, &rci, Some(c));
    assert_eq!(at(12.4_f64.next_down()), ChangeCategory::Recovered);
    assert_eq!(at(12.4), ChangeCategory::Recovered);
    assert_eq!(at(12.4_f64.next_up()), ChangeCategory::Improved);
    assert!(!c.is_clinical(12.4, LOWER_BETTER));
    assert!(c.is_clinical(12.4_f64.next_up(), LOWER_BETTER));
    assert!(!c.is_clinical(12.4, HIGHER_BETTER));
    assert!(c.is_clinical(12.4_f64.next_down(), HIGHER_BETTER));
}

#[test]
fn reliability_needs_more_than_the_threshold() {
    // |RC| > z (J&T): changes just inside z · S_diff are unchanged, just
    // outside are reliable, in both directions and both polarities.
    let (rci, _) = section_5_1();
    let t = rci.threshold();
    let c = |pre: f64, post: f64, p| classify(pre, post, p, &rci, None);
    assert_eq!(
        c(20.0, 20.0 + t * (1.0 - 1e-9), HIGHER_BETTER),
        ChangeCategory::Unchanged
    );
    assert_eq!(
        c(20.0, 20.0 + t * (1.0 + 1e-9), HIGHER_BETTER),
        ChangeCategory::Improved
    );
    assert_eq!(
        c(20.0, 20.0 - t * (1.0 - 1e-9), HIGHER_BETTER),
        ChangeCategory::Unchanged
    );
    assert_eq!(
        c(20.0, 20.0 - t * (1.0 + 1e-9), HIGHER_BETTER),
        ChangeCategory::Deteriorated
    );
    assert_eq!(
        c(20.0, 20.0 + t * (1.0 + 1e-9), LOWER_BETTER),
        ChangeCategory::Deteriorated
    );
    assert_eq!(
        c(20.0, 20.0 - t * (1.0 + 1e-9), LOWER_BETTER),
        ChangeCategory::Improved
    );
}

#[test]
fn dyadic_adjustment_scale_higher_is_better() {
    // methods §5.1: DAS (Spanier 1976), married M 114.8 SD 17.8 (functional),
    // divorced M 70.7 SD 23.8 (clinical) → c = 95.93 (2 dp).
    let norms = ClinicalNorms::new(Norm::new(70.7, 23.8).unwrap())
        .with_functional(Norm::new(114.8, 17.8).unwrap());
    let cuts = norms.cutoffs(HIGHER_BETTER);
    assert_close!(cuts.c.unwrap(), 95.93, abs = 5e-3);
    // Hand: a = 70.7 + 2·23.8 = 118.3; b = 114.8 − 2·17.8 = 79.2.
    assert_close!(cuts.a, 118.3, abs = 1e-12);
    assert_close!(cuts.b.unwrap(), 79.2, abs = 1e-12);
    // b = 79.2 below a = 118.3 on a higher-is-better scale: overlap → c.
    assert_eq!(
        norms
            .cutoff(HIGHER_BETTER, CutoffChoice::Auto)
            .unwrap()
            .kind(),
        CutoffKind::C
    );
}

#[test]
fn automatic_choice_without_overlap_or_functional_norms() {
    // Hand: clinical M 40 SD 2, functional M 10 SD 3, lower is better:
    // a = 40 − 4 = 36, b = 10 + 6 = 16 < a: the ±2 SD ranges do not meet → b.
    let separate = ClinicalNorms::new(Norm::new(40.0, 2.0).unwrap())
        .with_functional(Norm::new(10.0, 3.0).unwrap());
    let cut = separate.cutoff(LOWER_BETTER, CutoffChoice::Auto).unwrap();
    assert_eq!((cut.kind(), cut.value()), (CutoffKind::B, 16.0));
    // Only clinical norms: a, and b / c are errors.
    let clinical_only = ClinicalNorms::new(Norm::new(40.0, 2.0).unwrap());
    let cut = clinical_only
        .cutoff(LOWER_BETTER, CutoffChoice::Auto)
        .unwrap();
    assert_eq!((cut.kind(), cut.value()), (CutoffKind::A, 36.0));
    assert_eq!(
        clinical_only
            .cutoff(LOWER_BETTER, CutoffChoice::C)
            .unwrap_err(),
        StatsError::MissingFunctionalNorms { cutoff: 'c' }
    );
    assert!(clinical_only.cutoffs(LOWER_BETTER).b.is_none());
}

#[test]
fn invalid_parameters_are_rejected() {
    assert!(RciParams::new(0.0, 0.8).is_err());
    assert!(RciParams::new(-1.0, 0.8).is_err());
    assert!(RciParams::new(f64::NAN, 0.8).is_err());
    assert!(RciParams::new(5.0, 1.0).is_err());
    assert!(RciParams::new(5.0, -0.1).is_err());
    assert!(RciParams::new(5.0, 0.0).is_ok());
    assert!(RciParams::from_sem(0.0).is_err());
    assert!(ZCritical::new(0.0).is_err());
    assert!(ZCritical::two_sided(1.0).is_err());
    assert!(Norm::new(1.0, 0.0).is_err());
    assert!(Cutoff::declared(f64::INFINITY).is_err());
    assert_eq!(
        RciParams::new(5.0, 1.0).unwrap_err(),
        StatsError::InvalidParameter {
            name: "reliability",
            value: 1.0
        }
    );
}

// ---------------------------------------------------------------------------
// methods §5.2: Hageman & Arrindell (1999). Pre M 22 SD 7.5, post M 14 SD 8.5,
// r₁₂ = .45, r_xx = .88, person 24 → 12: r_xx1 = .88, r_xx2 = .9066,
// r_DD = .8102, RC_ID = −3.40 (printed to 4 / 2 dp).
// ---------------------------------------------------------------------------

#[test]
fn section_5_2_hageman_arrindell() {
    use bordin::trend::{HagemanArrindell, true_score_cutoff};
    let ha = HagemanArrindell::new(
        Norm::new(22.0, 7.5).unwrap(),
        Norm::new(14.0, 8.5).unwrap(),
        0.45,
        0.88,
    )
    .unwrap();
    assert_close!(ha.se(), 2.598076, abs = 5e-7); // = 7.5 · sqrt(.12), as §5.1
    assert_close!(ha.reliability_post(), 0.9066, abs = 5e-5);
    assert_close!(ha.r_dd(), 0.8102, abs = 5e-5);
    assert_close!(ha.rc_id(24.0, 12.0), -3.40, abs = 5e-3);
    assert!(ha.rc_id(24.0, 12.0).abs() > HagemanArrindell::CRITICAL);
    // Hand: clinical M 22 SD 7.5 and functional M 6 SD 5, both r = .88: the
    // √r weights cancel, so c_true = (7.5·6 + 5·22)/12.5 = 12.4 (= J&T c).
    let c_true = true_score_cutoff(
        Norm::new(22.0, 7.5).unwrap(),
        0.88,
        Norm::new(6.0, 5.0).unwrap(),
        0.88,
    )
    .unwrap();
    assert_close!(c_true, 12.4, abs = 1e-12);
    // Hand: CS_ID = [14 + (12 − 14)·0.906574 − 12.4] / (sqrt(0.906574) · 2.598076)
    //             = −0.213149 / 2.473738 = −0.0862.
    assert_close!(ha.cs_id(12.0, c_true), -0.0862, abs = 5e-5);
    // r₁₂ = 1 or a post SD below SE are rejected.
    assert!(
        HagemanArrindell::new(
            Norm::new(22.0, 7.5).unwrap(),
            Norm::new(14.0, 8.5).unwrap(),
            1.0,
            0.88
        )
        .is_err()
    );
    assert!(
        HagemanArrindell::new(
            Norm::new(22.0, 7.5).unwrap(),
            Norm::new(14.0, 2.0).unwrap(),
            0.45,
            0.88
        )
        .is_err()
    );
}
