//! Per-client summaries and their JSON shape (issue 7, item 4).

use bordin::trend::{
    ChangeCategory, Comparison, Cutoff, DeclaredAlert, GainCutoff, Part, RciParams,
    RuptureCriteria, ScaleContext, ScaleRange, Series, SessionValue, SuddenGainCriteria,
    Summarizer, Summary, summarize,
};
use bordin::{Polarity, StatsError};

use crate::assert_close;

/// An alliance scale (1–7, higher is better), methods §7 series with one
/// insufficient session (11) and a declared "below 5" alert.
fn alliance_ctx() -> ScaleContext {
    ScaleContext::new(Polarity::HigherIsBetter)
        .rci(RciParams::new(0.6, 0.8).unwrap())
        .cutoff(Cutoff::declared(5.0).unwrap())
        .alert(DeclaredAlert::new("below-5", Comparison::Below, 5.0).unwrap())
        .range(ScaleRange::new(1.0, 7.0).unwrap())
}

fn alliance_points() -> Vec<(u32, Option<f64>)> {
    let v = [5.2, 5.4, 5.5, 5.6, 4.6, 5.5, 5.7, 5.8, 5.7, 5.9];
    let mut p: Vec<(u32, Option<f64>)> = (1..=10).zip(v.map(Some)).collect();
    p.push((11, None));
    p
}

#[test]
fn summary_of_the_section_7_client() {
    let s = summarize("c07", "total", alliance_points(), &alliance_ctx()).unwrap();
    assert_eq!((s.respondent.as_str(), s.scale.as_str()), ("c07", "total"));
    assert_eq!(s.sessions, (1..=11).collect::<Vec<u32>>());
    assert_eq!(s.values[4], Some(4.6));
    assert_eq!(s.values[10], None);
    // Rupture at 5, repaired at 7 (methods §7, stiles_2004 default).
    assert_eq!(s.ruptures.len(), 1);
    assert_eq!(
        (s.ruptures[0].session, s.ruptures[0].repaired_at),
        (5, Some(7))
    );
    // Reliable change 5.2 → 5.9 (scored sessions 1 and 10). Hand: SEM =
    // 0.6·sqrt(0.2) = 0.268328, S_diff = 0.379473, RC = 0.7/0.379473 = 1.8447
    // < 1.96: unchanged.
    let rc = s.reliable_change.unwrap();
    assert_eq!((rc.first_session, rc.last_session), (1, 10));
    assert_close!(rc.rci, 1.8447, abs = 5e-5);
    assert_eq!(rc.category, ChangeCategory::Unchanged);
    // rc_threshold = 1.96 · 0.379473 = 0.743768; drop 5.6 → 4.6 = 1.0 ≥ it.
    assert_close!(s.rc_threshold.unwrap(), 0.743768, abs = 5e-7);
    let rules: Vec<(&str, u32)> = s
        .alerts
        .iter()
        .map(|a| (a.rule.as_str(), a.session))
        .collect();
    // Hand: 4.6 is below 5; 5.2 → 4.6 is RC −1.58 (not reliable); the drop of 1.0 is.
    assert_eq!(rules, [("below-5", 5), ("reliable-drop", 5)]);
    // Sudden gains by default with the RCI threshold: 4.6 → 5.5 = 0.9 ≥ 0.744,
    // but 0.9 < 0.25 · 4.6 = 1.15 fails criterion 2; no losses either:
    // 5.6 → 4.6 = 1.0 < 0.25 · 5.6 = 1.4 fails criterion 2, and criterion 3
    // (pre 5.4, 5.5, 5.6 vs post 4.6, 5.5, 5.7: 0.233 < 2.776 · 0.420).
    assert!(s.sudden_gains.is_empty());
    assert!(s.sudden_losses.is_empty());
    assert!(s.slope.is_some() && s.theil_sen.is_some());
    assert!(s.unavailable.is_empty());
}

#[test]
fn json_shape_matches_the_cli_contract() {
    let s = summarize("c07", "total", alliance_points(), &alliance_ctx()).unwrap();
    let v = serde_json::to_value(&s).unwrap();
    for key in [
        "respondent",
        "scale",
        "sessions",
        "values",
        "slope",
        "reliable_change",
        "sudden_gains",
        "ruptures",
        "alerts",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["estimate", "lower", "upper"] {
        assert!(v["slope"][key].is_f64(), "slope.{key}");
    }
    for key in ["first", "last", "rci"] {
        assert!(v["reliable_change"][key].is_f64(), "reliable_change.{key}");
    }
    assert_eq!(v["reliable_change"]["category"], "unchanged");
    assert_eq!(v["ruptures"][0]["session"], 5);
    assert!(v["ruptures"][0]["depth"].is_f64());
    assert_eq!(v["ruptures"][0]["repaired_at"], 7);
    assert_eq!(v["alerts"][0]["rule"], "below-5");
    assert_eq!(v["alerts"][0]["session"], 5);
    assert!(v["values"][10].is_null());
    assert_eq!(v["polarity"], "higher-is-better");
    assert!(v.get("dates").is_none(), "no dates, no key");
    // Round trip.
    let back: Summary = serde_json::from_value(v).unwrap();
    assert_eq!(back, s);
}

#[test]
fn degenerate_clients_still_get_a_summary() {
    let ctx = alliance_ctx();
    let one = summarize("c1", "total", [(1, 5.0)], &ctx).unwrap();
    let parts: Vec<Part> = one.unavailable.iter().map(|u| u.part).collect();
    assert_eq!(
        parts,
        [
            Part::Slope,
            Part::TheilSen,
            Part::ReliableChange,
            Part::Ruptures
        ]
    );
    assert!(one.unavailable[0].reason.contains("too few sessions"));
    assert!(one.slope.is_none() && one.reliable_change.is_none());
    // A flat series: slope 0 with SE 0; ruptures unavailable (zero variance).
    let flat = summarize("c2", "total", (1..=6).map(|s| (s, 6.0)), &ctx).unwrap();
    assert_eq!(flat.slope.unwrap().estimate, 0.0);
    assert_eq!(flat.unavailable.len(), 1);
    assert_eq!(flat.unavailable[0].part, Part::Ruptures);
    assert!(flat.unavailable[0].reason.contains("zero variance"));
    // No sessions at all.
    let none = summarize("c3", "total", Vec::<SessionValue>::new(), &ctx).unwrap();
    assert!(none.sessions.is_empty());
    // No RCI parameters: no reliable change, no default sudden-gain cut-off.
    let bare = ScaleContext::new(Polarity::HigherIsBetter);
    let s = summarize("c4", "total", alliance_points(), &bare).unwrap();
    let parts: Vec<Part> = s.unavailable.iter().map(|u| u.part).collect();
    assert_eq!(parts, [Part::ReliableChange, Part::SuddenGains]);
    // Explicitly off: not listed as unavailable.
    let off = bare
        .without_sudden_gains()
        .without_ruptures()
        .theil_sen(bordin::trend::Toggle::Disabled);
    let s = summarize("c4", "total", alliance_points(), &off).unwrap();
    assert_eq!(s.unavailable.len(), 1);
    assert!(s.ruptures.is_empty());
    assert!(s.theil_sen.is_none());
}

#[test]
fn input_errors_fail_the_summary() {
    let ctx = alliance_ctx();
    assert_eq!(
        summarize("c", "t", [(2, Some(5.0)), (1, None)], &ctx).unwrap_err(),
        StatsError::UnorderedSessions {
            previous: 2,
            found: 1
        }
    );
    assert_eq!(
        summarize("c", "t", [(1, f64::NAN)], &ctx).unwrap_err(),
        StatsError::NonFiniteValue { session: 1 }
    );
    let bad = ScaleContext::new(Polarity::HigherIsBetter).slope_level(1.5);
    assert!(Summarizer::new(&bad).is_err());
    let bad = ScaleContext::new(Polarity::HigherIsBetter).ruptures(RuptureCriteria::new(-1.0));
    assert!(Summarizer::new(&bad).is_err());
}

#[test]
fn summarizer_matches_the_free_functions() {
    // methods §6 BDI client through the summary, with its own criteria.
    let ctx = ScaleContext::new(Polarity::HigherIsWorse)
        .rci(RciParams::new(7.5, 0.88).unwrap())
        .sudden_gains(SuddenGainCriteria::new(GainCutoff::Points(7.0)));
    let bdi = [30.0, 29.0, 28.0, 27.0, 16.0, 15.0, 14.0, 13.0, 12.0];
    let series = super::consecutive(Polarity::HigherIsWorse, &bdi);
    let mut summarizer = Summarizer::new(&ctx).unwrap();
    let a = summarizer
        .summarize("b", "bdi", series.observations())
        .unwrap();
    // A reused summarizer gives the same result.
    let b = summarizer
        .summarize("b", "bdi", series.observations())
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.sudden_gains.len(), 1);
    assert_eq!(a.sudden_gains[0].pregain_session, 4);
    assert_eq!(
        a.slope.unwrap(),
        bordin::trend::ols_slope(&series, 0.95).unwrap()
    );
    assert_eq!(
        a.theil_sen.unwrap(),
        bordin::trend::theil_sen(&series).unwrap()
    );
    assert_eq!(
        a.reliable_change.unwrap(),
        bordin::trend::reliable_change(&series, &ctx.rci_params().unwrap(), None).unwrap()
    );
    // 30 → 12: RC = −18/3.674235 = −4.90 → improved (no cut-off set).
    assert_eq!(
        a.reliable_change.unwrap().category,
        ChangeCategory::Improved
    );
}

#[test]
fn dates_are_kept() {
    let d = |s: &str| Some(s.parse().unwrap());
    let pts = [
        SessionValue {
            session: 1,
            date: d("2024-03-01"),
            value: Some(30.0),
        },
        SessionValue {
            session: 2,
            date: None,
            value: None,
        },
        SessionValue {
            session: 3,
            date: d("2024-03-15"),
            value: Some(20.0),
        },
    ];
    let s = summarize("c", "t", pts, &ScaleContext::new(Polarity::HigherIsWorse)).unwrap();
    assert_eq!(s.dates, [d("2024-03-01"), None, d("2024-03-15")]);
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains(r#""dates":["2024-03-01",null,"2024-03-15"]"#));
    let series =
        Series::from_observations(Polarity::HigherIsWorse, [(1, 30.0), (3, 20.0)]).unwrap();
    assert_eq!(series.len(), 2);
}
