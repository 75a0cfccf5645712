//! Trend statistics with the parameters the instruments declare: the ORS
//! "Check:" lines of `reference/instruments.md` and the PHQ-9 change rules.

use bordin::trend::{ChangeCategory, ScaleContext};
use bordin::{Catalog, Response, Score, Scorer, client_summary, summarize_scores};

/// Scores of one client whose four ORS lines are each `total / 4` (totals on the 0.1 grid).
fn ors_scores(id: &str, totals: &[[f64; 4]]) -> Vec<Score> {
    let inst = Catalog::builtin().get(id).unwrap();
    let scorer = Scorer::new(inst);
    totals
        .iter()
        .zip(1..)
        .map(|(v, s)| {
            scorer
                .score(&Response::new(id).respondent("x").session(s).with_values(v))
                .unwrap()
        })
        .collect()
}

#[test]
fn ors_adult_reliable_improvement_still_clinical() {
    // Reference, ORS Check: adult 18.0 -> 24.0 is a reliable improvement (RC 5,
    // provisional) that stays below the adult cut-off 25: improved, not recovered.
    let scores = ors_scores("ors", &[[4.5; 4], [6.0; 4]]);
    let ors = Catalog::builtin().get("ors").unwrap();
    let s = client_summary(ors, "total", &scores).unwrap();
    let rc = s.reliable_change.unwrap();
    assert_eq!((rc.first, rc.last), (18.0, 24.0));
    assert_eq!(rc.category, ChangeCategory::Improved);
    // Both sessions are under the adult cut-off: the declared alert fires twice.
    let alerts: Vec<(&str, u32)> = s
        .alerts
        .iter()
        .map(|a| (a.rule.as_str(), a.session))
        .collect();
    assert!(
        alerts.contains(&("clinical-adult", 1)) && alerts.contains(&("clinical-adult", 2)),
        "{alerts:?}"
    );
}

#[test]
fn ors_adult_reliable_and_clinically_significant() {
    // Reference, ORS Check: adult 18.0 -> 31.0 is reliable and clinically significant.
    let scores = ors_scores("ors", &[[4.5; 4], [7.7, 7.8, 7.7, 7.8]]);
    let ors = Catalog::builtin().get("ors").unwrap();
    let s = client_summary(ors, "total", &scores).unwrap();
    assert_eq!(
        s.reliable_change.unwrap().category,
        ChangeCategory::Recovered
    );
}

#[test]
fn ors_adolescent_and_cors_cutoffs() {
    // Reference, ORS Check: adolescent 27.0 is clinical (< 28, provisional);
    // the adult cut-off (25) would not flag it. CORS 30.0 is clinical (< 32).
    let ors = Catalog::builtin().get("ors").unwrap();
    let scores = ors_scores("ors", &[[6.8, 6.7, 6.8, 6.7]]);
    assert_eq!(scores[0].value("total"), Some(27.0));
    let adult = ScaleContext::from_instrument(ors, "total", None).unwrap();
    let teen = ScaleContext::from_instrument(ors, "total", Some("clinical-adolescent")).unwrap();
    let fired = |ctx: &ScaleContext| {
        summarize_scores("x", "total", &scores, ctx)
            .unwrap()
            .alerts
            .iter()
            .map(|a| a.rule.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(fired(&adult).is_empty());
    assert_eq!(fired(&teen), ["clinical-adolescent"]);

    let cors = Catalog::builtin().get("cors").unwrap();
    let scores = ors_scores("cors", &[[7.5; 4]]);
    let s = client_summary(cors, "total", &scores).unwrap();
    assert_eq!(s.alerts.len(), 1, "{:?}", s.alerts);
    assert_eq!(s.alerts[0].session, 1);
}

#[test]
fn unknown_cutoff_or_scale_is_an_error() {
    let ors = Catalog::builtin().get("ors").unwrap();
    assert!(ScaleContext::from_instrument(ors, "total", Some("no-such-cutoff")).is_err());
    assert!(ScaleContext::from_instrument(ors, "bond", None).is_err());
}
