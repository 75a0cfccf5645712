//! Properties: mirror and shift invariance, and no panic on any finite series.
//!
//! Values are generated on a quarter-point grid (as questionnaire scores
//! are), so negation and integer shifts are exact in floating point and the
//! properties must hold exactly, not just approximately.

use bordin::Polarity;
use bordin::trend::{
    ChangeCategory, Comparison, Cutoff, DeclaredAlert, GainCutoff, Pairing, RciParams,
    RelativeCriterion, RepairTarget, RuptureCriteria, RuptureReference, ScaleContext, ScaleRange,
    SdSource, Series, SuddenGainCriteria, Summary, ols_slope, ruptures, sudden_gains,
    sudden_losses, summarize, theil_sen,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fixtures/trend/proptest-regressions.txt",
        ))),
        ..ProptestConfig::default()
    }
}

/// The parameters of one scale, in the orientation of the generated data.
#[derive(Debug, Clone)]
struct Params {
    polarity: Polarity,
    sd: f64,
    cutoff: f64,
    alert: (Comparison, f64),
    range: (f64, f64),
    gain_cutoff: f64,
    origin: f64,
    pairing: Pairing,
    rupture: RuptureCriteria,
}

fn polarity() -> impl Strategy<Value = Polarity> {
    prop_oneof![
        Just(Polarity::HigherIsBetter),
        Just(Polarity::HigherIsWorse)
    ]
}

fn quarter(lo: i32, hi: i32) -> impl Strategy<Value = f64> {
    (lo..=hi).prop_map(|q| f64::from(q) / 4.0)
}

fn params() -> impl Strategy<Value = Params> {
    let rupture = (
        prop_oneof![Just(1.0), Just(2.0)],
        prop_oneof![
            Just(RuptureReference::PreviousSession),
            Just(RuptureReference::PersonMeanOfOthers)
        ],
        prop_oneof![
            Just(SdSource::SuccessiveDifferences),
            Just(SdSource::Scores),
            Just(SdSource::Given(1.5))
        ],
        prop_oneof![
            Just(RepairTarget::PreRupture),
            Just(RepairTarget::PersonMean)
        ],
        quarter(0, 4),
    )
        .prop_map(|(k, reference, sd, target, tol)| {
            RuptureCriteria::new(k)
                .reference(reference)
                .sd_source(sd)
                .repair_target(target)
                .tolerance(tol)
        });
    let comparison = prop_oneof![
        Just(Comparison::Below),
        Just(Comparison::AtMost),
        Just(Comparison::Above),
        Just(Comparison::AtLeast)
    ];
    (
        polarity(),
        1_u32..=8,
        quarter(-160, 160),
        (comparison, quarter(-160, 160)),
        (quarter(-200, -80), quarter(80, 200)),
        quarter(0, 40),
        quarter(-40, 40),
        prop_oneof![
            Just(Pairing::ConsecutiveSessions),
            Just(Pairing::ConsecutiveObservations)
        ],
        rupture,
    )
        .prop_map(
            |(polarity, sd, cutoff, alert, range, gain_cutoff, origin, pairing, rupture)| Params {
                polarity,
                sd: f64::from(sd),
                cutoff,
                alert,
                range,
                gain_cutoff,
                origin,
                pairing,
                rupture,
            },
        )
}

/// Sessions (gaps of 1–3) and quarter-point values in [−40, 40].
fn series_data() -> impl Strategy<Value = (Vec<u32>, Vec<f64>)> {
    (0_usize..=24)
        .prop_flat_map(|n| {
            (
                0_u32..5,
                prop::collection::vec(prop_oneof![4 => Just(1_u32), 1 => 2_u32..=3], n),
                prop::collection::vec(-160_i32..=160, n),
            )
        })
        .prop_map(|(start, gaps, quarters)| {
            let sessions = gaps
                .iter()
                .scan(start, |s, g| {
                    *s += g;
                    Some(*s)
                })
                .collect();
            let values = quarters.into_iter().map(|q| f64::from(q) / 4.0).collect();
            (sessions, values)
        })
}

fn flip(c: Comparison) -> Comparison {
    match c {
        Comparison::Below => Comparison::Above,
        Comparison::AtMost => Comparison::AtLeast,
        Comparison::Above => Comparison::Below,
        Comparison::AtLeast => Comparison::AtMost,
    }
}

fn reverse(p: Polarity) -> Polarity {
    match p {
        Polarity::HigherIsBetter => Polarity::HigherIsWorse,
        Polarity::HigherIsWorse => Polarity::HigherIsBetter,
    }
}

/// The parameters after mapping the data by `x ↦ sign · x + shift`
/// (sign −1 also reverses the polarity).
fn transformed(p: &Params, sign: f64, shift: f64) -> Params {
    let t = |x: f64| sign * x + shift;
    let mirrored = sign < 0.0;
    Params {
        polarity: if mirrored {
            reverse(p.polarity)
        } else {
            p.polarity
        },
        cutoff: t(p.cutoff),
        alert: (
            if mirrored { flip(p.alert.0) } else { p.alert.0 },
            t(p.alert.1),
        ),
        range: if mirrored {
            (t(p.range.1), t(p.range.0))
        } else {
            (t(p.range.0), t(p.range.1))
        },
        origin: t(p.origin),
        ..p.clone()
    }
}

fn gain_criteria(p: &Params) -> SuddenGainCriteria {
    SuddenGainCriteria::new(GainCutoff::Points(p.gain_cutoff))
        .relative(RelativeCriterion::Fraction {
            fraction: 0.25,
            origin: p.origin,
        })
        .pairing(p.pairing)
}

fn context(p: &Params) -> ScaleContext {
    ScaleContext::new(p.polarity)
        .rci(RciParams::new(p.sd, 0.8).unwrap())
        .cutoff(Cutoff::declared(p.cutoff).unwrap())
        .alert(DeclaredAlert::new("declared", p.alert.0, p.alert.1).unwrap())
        .range(ScaleRange::new(p.range.0, p.range.1).unwrap())
        .sudden_gains(gain_criteria(p))
        .ruptures(p.rupture)
}

/// Everything that classifies rather than measures, plus the sizes that are
/// differences of values (unchanged by a shift, unchanged by a mirror).
#[derive(Debug, PartialEq)]
struct Classes {
    category: Option<ChangeCategory>,
    gains: Vec<(u32, u32, f64, Option<u32>)>,
    losses: Vec<(u32, u32, f64, Option<u32>)>,
    ruptures: Vec<(u32, f64, Option<u32>)>,
    alerts: Vec<(String, u32)>,
    unavailable: Vec<bordin::trend::Part>,
}

fn classes(s: &Summary) -> Classes {
    let shifts = |v: &[bordin::trend::SuddenShift]| {
        v.iter()
            .map(|g| {
                (
                    g.pregain_session,
                    g.postgain_session,
                    g.magnitude,
                    g.reversed_at,
                )
            })
            .collect()
    };
    Classes {
        category: s.reliable_change.map(|r| r.category),
        gains: shifts(&s.sudden_gains),
        losses: shifts(&s.sudden_losses),
        ruptures: s
            .ruptures
            .iter()
            .map(|r| (r.session, r.depth, r.repaired_at))
            .collect(),
        alerts: s
            .alerts
            .iter()
            .map(|a| (a.rule.to_string(), a.session))
            .collect(),
        unavailable: s.unavailable.iter().map(|u| u.part).collect(),
    }
}

fn summary_of(sessions: &[u32], values: &[f64], p: &Params) -> Summary {
    let points = sessions.iter().copied().zip(values.iter().copied());
    summarize("p", "s", points, &context(p)).unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mirroring_changes_no_classification((sessions, values) in series_data(), p in params()) {
        let negated: Vec<f64> = values.iter().map(|v| -v).collect();
        let a = summary_of(&sessions, &values, &p);
        let b = summary_of(&sessions, &negated, &transformed(&p, -1.0, 0.0));
        prop_assert_eq!(classes(&a), classes(&b));
        // The reliable-deterioration alert at the last session agrees with
        // the first-to-last category.
        if let Some(rc) = a.reliable_change {
            let deteriorated = matches!(rc.category, ChangeCategory::Deteriorated | ChangeCategory::Harmed);
            let alerted = a.alerts.iter().any(|x| {
                x.rule == bordin::trend::RULE_RELIABLE_DETERIORATION && x.session == rc.last_session
            });
            prop_assert_eq!(deteriorated, alerted);
        }
        // The raw-sign quantities flip sign exactly.
        if let (Some(x), Some(y)) = (a.reliable_change, b.reliable_change) {
            prop_assert_eq!(x.rci, -y.rci);
        }
        if let (Some(x), Some(y)) = (a.slope, b.slope) {
            prop_assert_eq!(x.estimate, -y.estimate);
        }
        if let (Some(x), Some(y)) = (a.theil_sen, b.theil_sen) {
            prop_assert_eq!(x.estimate, -y.estimate);
        }
    }

    #[test]
    fn adding_a_constant_changes_no_classification(
        (sessions, values) in series_data(),
        p in params(),
        c in -1000_i32..=1000,
    ) {
        let c = f64::from(c);
        let shifted: Vec<f64> = values.iter().map(|v| v + c).collect();
        let a = summary_of(&sessions, &values, &p);
        let b = summary_of(&sessions, &shifted, &transformed(&p, 1.0, c));
        prop_assert_eq!(classes(&a), classes(&b));
    }

    #[test]
    fn free_functions_agree_under_mirroring((sessions, values) in series_data(), p in params()) {
        // The same invariance through the free functions, one at a time.
        let s = Series::new(p.polarity, &sessions, &values).unwrap();
        let negated: Vec<f64> = values.iter().map(|v| -v).collect();
        let q = transformed(&p, -1.0, 0.0);
        let m = Series::new(q.polarity, &sessions, &negated).unwrap();
        let g = |s: &Series, p: &Params| -> Vec<u32> {
            sudden_gains(s, &gain_criteria(p)).unwrap().iter().map(|g| g.pregain_session).collect()
        };
        let l = |s: &Series, p: &Params| -> Vec<u32> {
            sudden_losses(s, &gain_criteria(p)).unwrap().iter().map(|g| g.pregain_session).collect()
        };
        prop_assert_eq!(g(&s, &p), g(&m, &q));
        prop_assert_eq!(l(&s, &p), l(&m, &q));
        let r = |s: &Series| ruptures(s, &p.rupture).map(|a| {
            a.episodes.iter().map(|e| (e.session, e.repaired_at)).collect::<Vec<_>>()
        });
        prop_assert_eq!(r(&s), r(&m));
    }

    #[test]
    fn summary_slopes_equal_the_free_functions((sessions, values) in series_data(), p in params()) {
        // The summary selects the Theil–Sen median within a band around the
        // OLS slope first; the result must be the full computation's.
        let s = Series::new(p.polarity, &sessions, &values).unwrap();
        let summary = summary_of(&sessions, &values, &p);
        prop_assert_eq!(summary.theil_sen, theil_sen(&s).ok());
        prop_assert_eq!(summary.slope, ols_slope(&s, 0.95).ok());
    }

    #[test]
    fn no_finite_series_panics(
        raw in prop::collection::btree_map(any::<u32>(), finite_or_huge(), 0..20),
        polarity in polarity(),
        sd in 1e-3_f64..1e3,
    ) {
        let sessions: Vec<u32> = raw.keys().copied().collect();
        let values: Vec<f64> = raw.values().copied().collect();
        let ctx = ScaleContext::new(polarity)
            .rci(RciParams::new(sd, 0.9).unwrap())
            .cutoff(Cutoff::declared(0.0).unwrap())
            .range(ScaleRange::new(-1.0, 1.0).unwrap());
        let points = sessions.iter().copied().zip(values.iter().copied());
        match summarize("p", "s", points, &ctx) {
            Ok(s) => assert_finite(&s),
            Err(e) => prop_assert!(values.iter().any(|v| v.abs() > 1e100), "{e}"),
        }
        if let Ok(series) = Series::new(polarity, &sessions, &values) {
            let _ = ols_slope(&series, 0.95);
            let _ = theil_sen(&series);
            for c in [
                RuptureCriteria::strauss_2006(),
                RuptureCriteria::stiles_2004().reference(RuptureReference::PersonMeanOfOthers).sd_source(SdSource::Scores),
            ] {
                if let Ok(a) = ruptures(&series, &c) {
                    for e in a.episodes {
                        prop_assert!(e.depth.is_finite() && e.depth_sd.is_finite());
                    }
                }
            }
            let gains = SuddenGainCriteria::new(GainCutoff::Off).pairing(Pairing::ConsecutiveObservations);
            let _ = sudden_gains(&series, &gains).unwrap();
            let _ = sudden_losses(&series, &gains).unwrap();
        }
    }
}

/// Any finite f64, including values beyond the ±1e100 the series accepts,
/// subnormals, zeros and ties.
fn finite_or_huge() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<f64>().prop_filter("finite", |v| v.is_finite()),
        2 => -1e100_f64..1e100,
        2 => quarter(-8, 8),
        1 => Just(1e100),
        1 => Just(-1e100),
        1 => Just(f64::MIN_POSITIVE / 4.0),
    ]
}

fn assert_finite(s: &Summary) {
    let mut xs: Vec<f64> = s.values.iter().flatten().copied().collect();
    if let Some(o) = s.slope {
        xs.extend([o.estimate, o.lower, o.upper, o.std_error, o.intercept]);
    }
    if let Some(t) = s.theil_sen {
        xs.extend([t.estimate, t.intercept]);
    }
    if let Some(r) = s.reliable_change {
        xs.extend([r.difference, r.rci]);
    }
    for g in s.sudden_gains.iter().chain(&s.sudden_losses) {
        xs.extend([g.magnitude, g.reversal_threshold]);
        if let Some(st) = g.stability {
            xs.extend([st.mean_pre, st.mean_post, st.pooled_sd, st.critical_value]);
        }
    }
    for r in &s.ruptures {
        xs.extend([r.reference, r.depth, r.depth_sd, r.repair_target]);
    }
    assert!(xs.iter().all(|x| x.is_finite()), "{s:?}");
}
