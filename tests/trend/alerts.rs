//! Alerts: declared thresholds, reliable deterioration and drop, ceiling.

use bordin::trend::{
    AlertKind, AlertRules, CeilingRule, Comparison, DeclaredAlert, RULE_CEILING,
    RULE_RELIABLE_DETERIORATION, RULE_RELIABLE_DROP, RciParams, ScaleContext, ScaleEnd, ScaleRange,
    Toggle, alerts,
};
use bordin::{Polarity, StatsError};

use super::consecutive;
use crate::assert_close;

/// SRS-like: 0–40, higher is better, "below 36" declared (methods §8).
/// SEM 2 → S_diff = sqrt(8) = 2.828427, threshold 1.96 · S_diff = 5.543717.
fn srs() -> ScaleContext {
    ScaleContext::new(Polarity::HigherIsBetter)
        .rci(RciParams::from_sem(2.0).unwrap())
        .alert(DeclaredAlert::new("srs-below-36", Comparison::Below, 36.0).unwrap())
        .range(ScaleRange::new(0.0, 40.0).unwrap())
}

const SRS: [f64; 11] = [
    38.0, 37.0, 36.0, 30.0, 35.5, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0,
];

fn rule_session(a: &[bordin::trend::Alert]) -> Vec<(&str, u32)> {
    a.iter().map(|a| (a.rule.as_str(), a.session)).collect()
}

#[test]
fn every_rule_on_one_series() {
    assert_close!(
        srs().rci_params().unwrap().threshold(),
        5.543717,
        abs = 5e-7
    );
    let found = alerts(&consecutive(Polarity::HigherIsBetter, &SRS), &srs()).unwrap();
    // Hand:
    // - below 36: session 4 (30) and 5 (35.5); 36 itself is not below.
    // - reliable deterioration from session 1 (38): session 4, RC = −8/2.828 = −2.83;
    //   session 5 is −2.5/2.828 = −0.88, not reliable.
    // - reliable drop: 36 → 30 = 6 ≥ 5.54 at session 4.
    // - ceiling (max 40, more than half of the sessions so far, ≥ 3 sessions):
    //   6 of 11 at session 11 (5 of 10 at session 10 is not more than half).
    assert_eq!(
        rule_session(&found),
        [
            ("srs-below-36", 4),
            (RULE_RELIABLE_DETERIORATION, 4),
            (RULE_RELIABLE_DROP, 4),
            ("srs-below-36", 5),
            (RULE_CEILING, 11),
        ]
    );
    assert_eq!(found[0].kind, AlertKind::Declared);
    assert_eq!(found[1].kind, AlertKind::ReliableDeterioration);
    assert_eq!(found[2].kind, AlertKind::ReliableDrop);
    assert_eq!(found[4].kind, AlertKind::Ceiling);
    assert_eq!(found[0].value, 30.0);
}

#[test]
fn built_in_rules_can_be_switched_off() {
    let off = AlertRules::default()
        .reliable_deterioration(Toggle::Disabled)
        .reliable_drop(Toggle::Disabled)
        .ceiling(Toggle::Disabled);
    let found = alerts(
        &consecutive(Polarity::HigherIsBetter, &SRS),
        &srs().alert_rules(off),
    )
    .unwrap();
    assert_eq!(
        rule_session(&found),
        [("srs-below-36", 4), ("srs-below-36", 5)]
    );
    // Without RCI parameters or range the built-in rules have nothing to work with.
    let bare = ScaleContext::new(Polarity::HigherIsBetter);
    assert!(
        alerts(&consecutive(Polarity::HigherIsBetter, &SRS), &bare)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn ceiling_watches_the_best_end() {
    // A lower-is-better 0–63 scale: the best end is 0. Hand: 0 at sessions
    // 2, 3, 4 → 3 of 4 at session 4, but already 2 of 3 at session 3.
    let ctx = ScaleContext::new(Polarity::HigherIsWorse).range(ScaleRange::new(0.0, 63.0).unwrap());
    let s = consecutive(Polarity::HigherIsWorse, &[12.0, 0.0, 0.0, 0.0]);
    assert_eq!(
        rule_session(&alerts(&s, &ctx).unwrap()),
        [(RULE_CEILING, 3)]
    );
    // Watching the maximum instead: nothing.
    let max = ctx.clone().alert_rules(
        AlertRules::default().ceiling_rule(CeilingRule::default().end(ScaleEnd::Maximum)),
    );
    assert!(alerts(&s, &max).unwrap().is_empty());
    // With a tolerance of 0.5, values within half a point count; needing 4
    // sessions moves the alert to session 4.
    let tolerant = ctx.clone().alert_rules(
        AlertRules::default().ceiling_rule(CeilingRule::default().tolerance(0.5).min_sessions(4)),
    );
    let s = consecutive(Polarity::HigherIsWorse, &[12.0, 0.5, 0.25, 0.0]);
    assert_eq!(
        rule_session(&alerts(&s, &tolerant).unwrap()),
        [(RULE_CEILING, 4)]
    );
    let bad =
        ctx.alert_rules(AlertRules::default().ceiling_rule(CeilingRule::default().fraction(1.0)));
    assert!(matches!(
        alerts(&s, &bad).unwrap_err(),
        StatsError::InvalidParameter { .. }
    ));
}

#[test]
fn comparisons() {
    use Comparison::{Above, AtLeast, AtMost, Below};
    assert!(Below.holds(35.9, 36.0) && !Below.holds(36.0, 36.0));
    assert!(AtMost.holds(36.0, 36.0) && !AtMost.holds(36.1, 36.0));
    assert!(Above.holds(63.5, 63.0) && !Above.holds(63.0, 63.0));
    assert!(AtLeast.holds(64.0, 64.0) && !AtLeast.holds(63.9, 64.0));
    // OQ-45 clinical range is 64 or above (methods §8).
    let oq = DeclaredAlert::new("oq-clinical", AtLeast, 64.0).unwrap();
    assert_eq!(
        (oq.id().as_str(), oq.comparison(), oq.threshold()),
        ("oq-clinical", AtLeast, 64.0)
    );
    assert!(DeclaredAlert::new("x", Below, f64::NAN).is_err());
    assert!(ScaleRange::new(40.0, 0.0).is_err());
}

#[test]
fn rule_ids_short_and_long() {
    use bordin::trend::RuleId;
    let short = RuleId::new("srs-below-36");
    let long = RuleId::new("ors-below-clinical-cutoff-for-children-32");
    assert_eq!(short.as_str(), "srs-below-36");
    assert_eq!(long.as_str(), "ors-below-clinical-cutoff-for-children-32");
    assert_eq!(short, "srs-below-36");
    assert_eq!(RuleId::from(String::from("srs-below-36")), short);
    assert_eq!(short.to_string(), "srs-below-36");
    assert_eq!(
        format!("{long:?}"),
        r#""ors-below-clinical-cutoff-for-children-32""#
    );
    // Text order, whatever the storage.
    assert!(long < short);
    assert!(RuleId::new("a") < RuleId::new("b"));
    // 23 bytes is the inline limit; 24 bytes is shared; both round-trip.
    for id in [
        "x".repeat(23),
        "y".repeat(24),
        String::new(),
        "é-ü-∑".to_owned(),
    ] {
        let r = RuleId::new(&id);
        assert_eq!(r.as_str(), id);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), r);
    }
}
