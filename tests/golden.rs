//! Golden scoring cases for every catalog instrument (`tests/fixtures/golden/*.json`),
//! and one-ULP band-edge checks written out from the reference.
//!
//! Each fixture case names its source (a "Check:" line of
//! `reference/instruments.md` or a hand computation shown in the case) and was
//! re-computed in exact rational arithmetic when written; see the fixtures'
//! README. Values are compared at 1e-9 absolute, since values such as 300/7
//! are written as the nearest f64.

use std::collections::BTreeMap;

use bordin::{Answer, Catalog, Response, ScoreOptions, Scorer};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    #[expect(dead_code, reason = "documentation of the expected values")]
    source: String,
    #[serde(default)]
    options: Options,
    answers: BTreeMap<String, Answer>,
    expected: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    bands: BTreeMap<String, Option<String>>,
    #[serde(default)]
    cutoffs: BTreeMap<String, Vec<String>>,
    flags: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Options {
    #[serde(default)]
    enable_flags: Vec<String>,
}

fn run(id: &str, json: &str) -> usize {
    let inst = Catalog::builtin()
        .get(id)
        .unwrap_or_else(|| panic!("{id} is built in"));
    let cases: Vec<Case> = serde_json::from_str(json).unwrap();
    for case in &cases {
        let ctx = format!("{id} / {}", case.name);
        let mut options = ScoreOptions::default();
        for f in &case.options.enable_flags {
            options = options.enable_flag(f.clone());
        }
        let scorer = Scorer::with_options(inst, &options).unwrap();
        let mut response = Response::new(id);
        response.answers = case.answers.clone();
        let score = scorer
            .score(&response)
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_eq!(
            score.scales.len(),
            case.expected.len(),
            "{ctx}: every scale is listed"
        );
        for (scale, expected) in &case.expected {
            let got = score
                .scale(scale)
                .unwrap_or_else(|| panic!("{ctx}: no scale {scale}"));
            match (got.value, expected) {
                (Some(g), Some(e)) => {
                    assert!((g - e).abs() <= 1e-9, "{ctx}: {scale} = {g}, expected {e}");
                }
                (None, None) => {}
                (g, e) => panic!("{ctx}: {scale} = {g:?}, expected {e:?}"),
            }
        }
        for (scale, band) in &case.bands {
            let got = score.scale(scale).unwrap().band.as_deref();
            assert_eq!(got, band.as_deref(), "{ctx}: band of {scale}");
        }
        for (scale, expected) in &case.cutoffs {
            let value = score.value(scale);
            let holding: Vec<&str> = inst
                .scale(scale)
                .unwrap()
                .cutoffs()
                .iter()
                .filter(|c| value.is_some_and(|v| c.when.holds(v)))
                .map(|c| c.id.as_str())
                .collect();
            assert_eq!(holding, *expected, "{ctx}: cut-offs of {scale}");
        }
        let mut fired: Vec<&str> = score.flags.iter().map(|f| &*f.id).collect();
        let mut expected: Vec<&str> = case.flags.iter().map(String::as_str).collect();
        fired.sort_unstable();
        expected.sort_unstable();
        assert_eq!(fired, expected, "{ctx}: flags");

        // The positional path agrees with the response path.
        let positional: Vec<Answer> = inst
            .items()
            .iter()
            .map(|item| {
                case.answers
                    .get(item.id().as_str())
                    .copied()
                    .unwrap_or_default()
            })
            .collect();
        let by_position = scorer.score_answers(&positional, None, None).unwrap();
        assert_eq!(by_position.scales, score.scales, "{ctx}: score_answers");
        assert_eq!(by_position.flags, score.flags, "{ctx}: score_answers flags");

        // The batch path agrees wherever the response has no "not applicable".
        if case.answers.values().all(|a| *a != Answer::NotApplicable) {
            let row: Vec<f64> = inst
                .items()
                .iter()
                .map(|item| match case.answers.get(item.id().as_str()) {
                    Some(Answer::Value(v)) => *v,
                    _ => f64::NAN,
                })
                .collect();
            let mut out = vec![0.0; scorer.n_scales()];
            scorer.score_batch(&row, &mut out).unwrap();
            for (s, id) in scorer.scale_ids().enumerate() {
                match score.value(id) {
                    Some(v) => assert!((out[s] - v).abs() <= 1e-9, "{ctx}: batch {id}"),
                    None => assert!(out[s].is_nan(), "{ctx}: batch {id} should be NaN"),
                }
            }
        }
    }
    cases.len()
}

#[test]
fn golden_cases_of_every_catalog_instrument() {
    let mut total = 0;
    for (id, json) in crate::support::GOLDEN {
        total += run(id, json);
    }
    // The fixtures hold 199 cases; a fixture that silently stops loading fails here.
    assert!(total >= 190, "only {total} cases ran");
}

#[test]
fn every_instrument_outside_the_first_three_has_a_golden_file() {
    let mut ids: Vec<&str> = Catalog::builtin()
        .iter()
        .map(|i| i.id().as_str())
        .filter(|id| !["wai-sr", "srs", "phq-9"].contains(id))
        .collect();
    ids.sort_unstable();
    let listed: Vec<&str> = crate::support::GOLDEN.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, listed);
}

/// Band edges one ULP either side, from `reference/instruments.md`: bands are
/// lower-inclusive ("5–9 mild" is 5 ≤ x < 10), except ProQOL 5's "≤ 22 low"
/// and "≥ 42 high", where 22 is low and anything above 22 is moderate.
#[test]
fn band_edges_one_ulp_either_side() {
    // (instrument, scale, edge, band just below, band at the edge and just above)
    let edges: &[(&str, &str, f64, &str, &str)] = &[
        // GAD-7: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
        ("gad-7", "total", 5.0, "minimal", "mild"),
        ("gad-7", "total", 10.0, "mild", "moderate"),
        ("gad-7", "total", 15.0, "moderate", "severe"),
        // PHQ-9: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.
        ("phq-9", "total", 5.0, "minimal", "mild"),
        ("phq-9", "total", 10.0, "mild", "moderate"),
        ("phq-9", "total", 15.0, "moderate", "moderately severe"),
        ("phq-9", "total", 20.0, "moderately severe", "severe"),
        // CORE-10: 0–5 healthy, 6–10 low level, 11–14 mild, 15–19 moderate,
        // 20–24 moderate-to-severe, ≥ 25 severe.
        ("core-10", "total", 6.0, "healthy", "low level"),
        ("core-10", "total", 11.0, "low level", "mild"),
        ("core-10", "total", 15.0, "mild", "moderate"),
        ("core-10", "total", 20.0, "moderate", "moderate-to-severe"),
        ("core-10", "total", 25.0, "moderate-to-severe", "severe"),
    ];
    for &(id, scale, edge, below, at) in edges {
        let s = Catalog::builtin().get(id).unwrap().scale(scale).unwrap();
        let label = |x: f64| s.band_of(x).map(|b| b.label.as_str());
        assert_eq!(
            label(edge.next_down()),
            Some(below),
            "{id} {scale} just below {edge}"
        );
        assert_eq!(label(edge), Some(at), "{id} {scale} at {edge}");
        assert_eq!(
            label(edge.next_up()),
            Some(at),
            "{id} {scale} just above {edge}"
        );
    }
    // ProQOL 5: low ≤ 22 (22 itself is low), moderate strictly between, high ≥ 42.
    let proqol = Catalog::builtin().get("proqol-5").unwrap();
    for scale in [
        "compassion-satisfaction",
        "burnout",
        "secondary-traumatic-stress",
    ] {
        let s = proqol.scale(scale).unwrap();
        let label = |x: f64| s.band_of(x).map(|b| b.label.as_str());
        assert_eq!(label(22.0_f64.next_down()), Some("low"), "{scale}");
        assert_eq!(label(22.0), Some("low"), "{scale}");
        assert_eq!(label(22.0_f64.next_up()), Some("moderate"), "{scale}");
        assert_eq!(label(42.0_f64.next_down()), Some("moderate"), "{scale}");
        assert_eq!(label(42.0), Some("high"), "{scale}");
        assert_eq!(label(42.0_f64.next_up()), Some("high"), "{scale}");
        // The ends of the range belong to the outer bands.
        assert_eq!(label(10.0), Some("low"));
        assert_eq!(label(50.0), Some("high"));
        assert_eq!(label(50.0_f64.next_up()), None);
    }
}

/// Cut-off edges one ULP either side, from the reference's operators:
/// ORS clinical range strictly below 25 (adult), 28 (13–17), CORS below 32;
/// CBI "high burnout" at 50 or more; CORE-10 clinical range at 11 or more;
/// GAD-7 and PHQ-9 positive screen at 10 or more; SRS alliance concern below 36.
#[test]
fn cutoff_edges_one_ulp_either_side() {
    // (instrument, scale, cut-off id, edge, holds just below, holds at the edge)
    let cases: &[(&str, &str, f64, bool, bool)] = &[
        ("ors", "total", 25.0, true, false),
        ("cors", "total", 32.0, true, false),
        ("srs", "total", 36.0, true, false),
        ("core-10", "total", 11.0, false, true),
        ("gad-7", "total", 10.0, false, true),
        ("phq-9", "total", 10.0, false, true),
    ];
    for &(id, scale, edge, below, at) in cases {
        let s = Catalog::builtin().get(id).unwrap().scale(scale).unwrap();
        let c = s
            .cutoffs()
            .iter()
            .find(|c| c.when.threshold() == edge)
            .unwrap_or_else(|| panic!("{id} has a cut-off at {edge}"));
        assert_eq!(c.when.holds(edge.next_down()), below, "{id} {}", c.id);
        assert_eq!(c.when.holds(edge), at, "{id} {}", c.id);
        assert_eq!(c.when.holds(edge.next_up()), at, "{id} {}", c.id);
    }
    for scale in ["personal", "work", "client"] {
        let s = Catalog::builtin().get("cbi").unwrap().scale(scale).unwrap();
        let c = &s.cutoffs()[0];
        assert!(!c.when.holds(50.0_f64.next_down()), "cbi {scale}");
        assert!(c.when.holds(50.0), "cbi {scale}");
    }
}
