//! Rupture–repair detection (methods §7).

use bordin::trend::{
    RepairTarget, RepairWindow, RuptureCriteria, RuptureReference, SdSource, Series, ruptures,
};
use bordin::{Polarity, StatsError};

use super::consecutive;
use crate::assert_close;

const HIGHER_BETTER: Polarity = Polarity::HigherIsBetter;

/// methods §7 example: 1–7 alliance scores, sessions 1–10.
const ALLIANCE: [f64; 10] = [5.2, 5.4, 5.5, 5.6, 4.6, 5.5, 5.7, 5.8, 5.7, 5.9];

fn alliance() -> Series {
    consecutive(HIGHER_BETTER, &ALLIANCE)
}

#[test]
fn section_7_example_two_sd() {
    // SD of the successive differences = 0.489331 (6 dp); the drop at session
    // 5 is 1.00 = 2.04 SD → a rupture under the 2 SD rule; repair to ≥ the
    // pre-rupture 5.6 at session 7.
    let found = ruptures(&alliance(), &RuptureCriteria::stiles_2004()).unwrap();
    assert_close!(found.sd, 0.489331, abs = 5e-7);
    // Full precision, hand (Python statistics.stdev of the 9 differences).
    assert_close!(found.sd, 0.4893306085301067, rel = 1e-12);
    assert_close!(found.threshold, 2.0 * 0.4893306085301067, rel = 1e-12);
    assert_eq!(found.episodes.len(), 1);
    let r = found.episodes[0];
    assert_eq!(r.session, 5);
    assert_eq!(r.reference_session, Some(4));
    assert_eq!((r.reference, r.value), (5.6, 4.6));
    assert_close!(r.depth, 1.00, abs = 5e-3);
    assert_close!(r.depth, 1.0, abs = 1e-12);
    assert_close!(r.depth_sd, 2.04, abs = 5e-3);
    assert_close!(r.depth_sd, 2.0436081098705143, rel = 1e-9);
    assert_eq!(r.repair_target, 5.6);
    assert_eq!(r.repaired_at, Some(7));
}

#[test]
fn section_7_example_one_sd() {
    // Under 1 SD the same single episode (every other drop is ≤ 0.1 < 0.489).
    let found = ruptures(&alliance(), &RuptureCriteria::strauss_2006()).unwrap();
    assert_eq!(found.episodes.len(), 1);
    assert_eq!(found.episodes[0].session, 5);
    assert_eq!(found.episodes[0].repaired_at, Some(7));
    assert_close!(found.threshold, 0.4893306085301067, rel = 1e-12);
}

#[test]
fn section_7_example_repair_tolerance() {
    // Session 6 (5.5) misses the pre-rupture 5.6 by 0.1, so with tolerance
    // ≥ 0.1 repair is at session 6; below 0.1 it stays at session 7.
    let at = |tol: f64| {
        ruptures(&alliance(), &RuptureCriteria::stiles_2004().tolerance(tol))
            .unwrap()
            .episodes[0]
            .repaired_at
    };
    assert_eq!(at(0.0), Some(7));
    assert_eq!(at(0.09), Some(7));
    assert_eq!(at(0.1), Some(6));
    assert_eq!(at(0.5), Some(6));
}

#[test]
fn section_7_example_repair_window() {
    // Hand: within 1 session only session 6 (5.5 < 5.6) is eligible: unrepaired.
    // Within 2 sessions, session 7 counts.
    let with = |w| {
        ruptures(
            &alliance(),
            &RuptureCriteria::stiles_2004().window(RepairWindow::Sessions(w)),
        )
        .unwrap()
        .episodes[0]
            .repaired_at
    };
    assert_eq!(with(1), None);
    assert_eq!(with(2), Some(7));
}

#[test]
fn a_stricter_k_finds_nothing() {
    // 2.04 SD < 2.1 SD.
    let found = ruptures(&alliance(), &RuptureCriteria::new(2.1)).unwrap();
    assert!(found.episodes.is_empty());
    assert_eq!(RuptureCriteria::new(2.1).get_k(), 2.1);
}

#[test]
fn person_mean_reference_and_score_sd() {
    // Hand (methods §7 data): Σ = 54.9, mean of the other sessions at session 5
    // = (54.9 − 4.6)/9 = 5.588889; depth 0.988889; SD of the scores 0.372529
    // (Python statistics.stdev); 0.988889 / 0.372529 = 2.6545 SD. Session 1:
    // others' mean 5.522222, depth 0.322222 = 0.86 SD < 1. Repair to 5.588889:
    // session 6 (5.5) falls short, session 7 (5.7) repairs.
    let c = RuptureCriteria::strauss_2006()
        .reference(RuptureReference::PersonMeanOfOthers)
        .sd_source(SdSource::Scores);
    let found = ruptures(&alliance(), &c).unwrap();
    assert_close!(found.sd, 0.3725288952252937, rel = 1e-12);
    assert_eq!(found.episodes.len(), 1);
    let r = found.episodes[0];
    assert_eq!((r.session, r.reference_session), (5, None));
    assert_close!(r.reference, 50.3 / 9.0, abs = 1e-12);
    assert_close!(r.depth, 50.3 / 9.0 - 4.6, abs = 1e-12);
    assert_close!(r.depth_sd, 2.6545, abs = 5e-5);
    assert_eq!(r.repaired_at, Some(7));
}

#[test]
fn given_sd_and_person_mean_target() {
    // Hand: previous-session reference with a given SD of 0.25 and k = 2
    // (threshold 0.5); repair to the mean of the other sessions,
    // (54.9 − 4.6)/9 = 5.588889: session 6 (5.5) short, session 7 repairs.
    let c = RuptureCriteria::stiles_2004()
        .sd_source(SdSource::Given(0.25))
        .repair_target(RepairTarget::PersonMean);
    let found = ruptures(&alliance(), &c).unwrap();
    assert_eq!(found.sd, 0.25);
    assert_eq!(found.episodes.len(), 1);
    let r = found.episodes[0];
    assert_close!(r.repair_target, 50.3 / 9.0, abs = 1e-12);
    assert_close!(r.depth_sd, 4.0, abs = 1e-12);
    assert_eq!(r.repaired_at, Some(7));
}

#[test]
fn a_multi_session_decline_is_one_episode() {
    // Hand, given SD 0.25 (threshold 0.5 at k = 2): drops of 1 at sessions 3
    // and 4; the second falls inside the open episode. Session 5 returns to
    // the pre-rupture 5.0: repaired. A later drop at 7 opens a new episode,
    // never repaired.
    let s = consecutive(HIGHER_BETTER, &[5.0, 5.0, 4.0, 3.0, 5.0, 5.0, 4.0, 4.25]);
    let c = RuptureCriteria::stiles_2004().sd_source(SdSource::Given(0.25));
    let found = ruptures(&s, &c).unwrap();
    let got: Vec<(u32, Option<u32>)> = found
        .episodes
        .iter()
        .map(|r| (r.session, r.repaired_at))
        .collect();
    assert_eq!(got, [(3, Some(5)), (7, None)]);
}

#[test]
fn lower_is_better_ruptures_go_up() {
    // Mirror of the §7 example on a lower-is-better scale (negated values).
    let negated: Vec<f64> = ALLIANCE.iter().map(|v| -v).collect();
    let s = consecutive(Polarity::HigherIsWorse, &negated);
    let found = ruptures(&s, &RuptureCriteria::stiles_2004()).unwrap();
    assert_eq!(found.episodes.len(), 1);
    assert_eq!(
        (found.episodes[0].session, found.episodes[0].repaired_at),
        (5, Some(7))
    );
    assert_eq!(found.episodes[0].reference, -5.6);
}

#[test]
fn series_that_cannot_support_the_sd_are_errors() {
    let c = RuptureCriteria::stiles_2004();
    // Too few sessions for successive differences (need 3).
    let two = consecutive(HIGHER_BETTER, &[5.0, 4.0]);
    assert_eq!(
        ruptures(&two, &c).unwrap_err(),
        StatsError::TooFew {
            what: "sessions",
            needed: 3,
            got: 2
        }
    );
    // Too few for any source.
    let one = consecutive(HIGHER_BETTER, &[5.0]);
    let given = c.sd_source(SdSource::Given(1.0));
    assert!(matches!(
        ruptures(&one, &given).unwrap_err(),
        StatsError::TooFew { needed: 2, .. }
    ));
    // A flat series, and a perfectly linear one (constant differences).
    let flat = consecutive(HIGHER_BETTER, &[5.0; 6]);
    assert!(matches!(
        ruptures(&flat, &c).unwrap_err(),
        StatsError::ZeroVariance { .. }
    ));
    assert!(matches!(
        ruptures(&flat, &c.sd_source(SdSource::Scores)).unwrap_err(),
        StatsError::ZeroVariance { .. }
    ));
    let linear = consecutive(HIGHER_BETTER, &[1.0, 2.0, 3.0, 4.0]);
    assert!(matches!(
        ruptures(&linear, &c).unwrap_err(),
        StatsError::ZeroVariance { .. }
    ));
    // A flat series with a given SD is fine: no episodes.
    assert!(ruptures(&flat, &given).unwrap().episodes.is_empty());
}

#[test]
fn invalid_criteria_are_rejected() {
    let s = alliance();
    for bad in [
        RuptureCriteria::new(0.0),
        RuptureCriteria::new(f64::NAN),
        RuptureCriteria::stiles_2004().tolerance(-0.1),
        RuptureCriteria::stiles_2004().sd_source(SdSource::Given(0.0)),
    ] {
        assert!(matches!(
            ruptures(&s, &bad).unwrap_err(),
            StatsError::InvalidParameter { .. }
        ));
    }
    assert_eq!(RuptureCriteria::default(), RuptureCriteria::stiles_2004());
}
