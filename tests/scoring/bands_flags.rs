//! Band edges and flag conditions one ULP either side.
//!
//! Integer totals reach the PHQ-9 band edges through real responses (the
//! golden cases); the values one ULP away cannot come from any response
//! (prorated PHQ-9 totals are multiples of 9/8 or 9/7), so the lookup the
//! scorer uses, `Scale::band_of`, is tested directly there. Likewise the SRS
//! total moves in steps of 0.1, so `36.0.next_down()` is tested on the flag's
//! condition. The golden tests check that the scorer's band is `band_of` of
//! its value and that reachable neighbours (35.9 / 36.0) behave.

use bordin::{Condition, FlagOn, Instrument, Scorer};

use super::builtin;

fn band(inst: &Instrument, scale: &str, x: f64) -> Option<String> {
    inst.scale(scale)
        .expect("scale")
        .band_of(x)
        .map(|b| b.label.clone())
}

/// PHQ-9 bands (instruments.md PHQ-9 Bands): 0-4 minimal, 5-9 mild, 10-14
/// moderate, 15-19 moderately severe, 20-27 severe; lower-inclusive
/// (instruments.md Conventions), so each edge belongs to the band above it.
#[test]
fn phq9_band_edges_one_ulp_either_side() {
    let phq = builtin("phq-9");
    let edges = [
        (5.0, "minimal", "mild"),
        (10.0, "mild", "moderate"),
        (15.0, "moderate", "moderately severe"),
        (20.0, "moderately severe", "severe"),
    ];
    for (edge, below, above) in edges {
        let edge: f64 = edge;
        assert_eq!(
            band(phq, "total", edge.next_down()).as_deref(),
            Some(below),
            "{edge} - 1 ulp"
        );
        assert_eq!(band(phq, "total", edge).as_deref(), Some(above), "{edge}");
        assert_eq!(
            band(phq, "total", edge.next_up()).as_deref(),
            Some(above),
            "{edge} + 1 ulp"
        );
    }
    // The ends of the range 0-27: both included, nothing outside.
    assert_eq!(band(phq, "total", 0.0).as_deref(), Some("minimal"));
    assert_eq!(band(phq, "total", -0.0).as_deref(), Some("minimal"));
    assert_eq!(
        band(phq, "total", 0.0_f64.next_up()).as_deref(),
        Some("minimal")
    );
    assert_eq!(band(phq, "total", 0.0_f64.next_down()), None);
    assert_eq!(
        band(phq, "total", 27.0_f64.next_down()).as_deref(),
        Some("severe")
    );
    assert_eq!(band(phq, "total", 27.0).as_deref(), Some("severe"));
    assert_eq!(band(phq, "total", 27.0_f64.next_up()), None);
    assert_eq!(band(phq, "total", f64::NAN), None);

    // The declared table itself.
    let table: Vec<(&str, f64, f64)> = phq
        .scale("total")
        .expect("total")
        .bands()
        .iter()
        .map(|b| (b.label.as_str(), b.min, b.max))
        .collect();
    assert_eq!(
        table,
        [
            ("minimal", 0.0, 5.0),
            ("mild", 5.0, 10.0),
            ("moderate", 10.0, 15.0),
            ("moderately severe", 15.0, 20.0),
            ("severe", 20.0, 27.0),
        ]
    );
}

/// Scales without published bands have none (WAI-SR: Rivet's bands are
/// unsourced; SRS: vendor bands are not instrument rules).
#[test]
fn no_bands_where_none_are_published() {
    for (id, scale) in [("wai-sr", "total"), ("wai-sr", "task"), ("srs", "total")] {
        let inst = builtin(id);
        assert!(
            inst.scale(scale).expect("scale").bands().is_empty(),
            "{id} {scale}"
        );
        assert_eq!(band(inst, scale, 36.0), None);
    }
}

fn flag<'a>(inst: &'a Instrument, id: &str) -> &'a bordin::Flag {
    inst.flags()
        .iter()
        .find(|f| f.id().as_str() == id)
        .unwrap_or_else(|| panic!("flag {id}"))
}

/// SRS: total < 36 (instruments.md SRS Flag; not <= 36).
#[test]
fn srs_total_flag_condition_one_ulp_either_side() {
    let srs = builtin("srs");
    let f = flag(srs, "alliance-concern");
    assert!(f.enabled_by_default());
    assert_eq!(
        f.on(),
        FlagOn::Scale(srs.scale_index("total").expect("total"))
    );
    assert_eq!(f.condition(), Condition::Below(36.0));
    let when = f.condition();
    assert!(when.holds(36.0_f64.next_down()));
    assert!(!when.holds(36.0));
    assert!(!when.holds(36.0_f64.next_up()));
    assert!(when.holds(35.9));
    assert!(!when.holds(f64::NAN));
}

/// SRS per-item < 9 flags: informal guidance, off by default.
#[test]
fn srs_item_flag_conditions() {
    let srs = builtin("srs");
    for item in ["1", "2", "3", "4"] {
        let f = flag(srs, &format!("item-{item}-low"));
        assert!(!f.enabled_by_default(), "item {item}: off by default");
        assert_eq!(f.on(), FlagOn::Item(srs.item_index(item).expect("item")));
        let when = f.condition();
        assert_eq!(when, Condition::Below(9.0));
        assert!(when.holds(9.0_f64.next_down()));
        assert!(!when.holds(9.0));
        assert!(!when.holds(9.0_f64.next_up()));
    }
}

/// PHQ-9: item 9 >= 1 (instruments.md PHQ-9 Flag); the only reachable
/// values are 0..=3, so the score-level cases are 0 (no) and 1, 2, 3 (yes).
#[test]
fn phq9_item9_flag_condition() {
    let phq = builtin("phq-9");
    let f = flag(phq, "item-9");
    assert!(f.enabled_by_default());
    assert_eq!(f.on(), FlagOn::Item(phq.item_index("9").expect("item 9")));
    let when = f.condition();
    assert_eq!(when, Condition::AtLeast(1.0));
    assert!(!when.holds(1.0_f64.next_down()));
    assert!(when.holds(1.0));
    assert!(when.holds(1.0_f64.next_up()));

    let scorer = Scorer::new(phq);
    for (x, fires) in [(0.0, false), (1.0, true), (2.0, true), (3.0, true)] {
        let r = bordin::Response::new("phq-9").answer("9", x);
        let s = scorer.score(&r).expect("valid");
        assert_eq!(s.flagged("item-9"), fires, "item 9 = {x}");
        // One answered item: no total, the flag alone.
        assert_eq!(s.value("total"), None);
    }
}

/// WAI-SR declares no flags.
#[test]
fn wai_sr_has_no_flags() {
    assert!(builtin("wai-sr").flags().is_empty());
}

/// Every SRS response whose decimal total is 36.0 scores exactly 36.0 (no
/// flag), and every one totalling 35.9 scores 35.9 (flag): all 4-tuples of
/// tenths summing to 360 and 359, through the batch path, with each answer
/// the f64 nearest its decimal (as JSON parsing gives it). A plain f64 sum
/// misses 36.0 for 20 of the tuples (8.6, 9.7, 9.9, 7.8 among them).
#[test]
fn srs_decimal_totals_are_exact_at_the_flag_edge() {
    let srs = builtin("srs");
    let scorer = Scorer::new(srs);
    let when = flag(srs, "alliance-concern").condition();
    let tenth = |k: i32| f64::from(k) / 10.0;
    for (tenths, total, flags) in [(360, 36.0, false), (359, 35.9, true)] {
        let mut data = Vec::new();
        for a in 0..=100 {
            for b in 0..=100 {
                for c in 0..=100 {
                    let d = tenths - a - b - c;
                    if (0..=100).contains(&d) {
                        data.extend([tenth(a), tenth(b), tenth(c), tenth(d)]);
                    }
                }
            }
        }
        let mut out = vec![0.0; data.len() / 4];
        scorer.score_batch(&data, &mut out).expect("valid");
        for (row, v) in data.chunks_exact(4).zip(&out) {
            assert_eq!(*v, total, "{row:?}");
            assert_eq!(when.holds(*v), flags, "{row:?}");
        }
    }
    // The response path on the tuple the fixture names.
    let r = bordin::Response::new("srs").with_values(&[8.6, 9.7, 9.9, 7.8]);
    let s = scorer.score(&r).expect("valid");
    assert_eq!(s.value("total"), Some(36.0));
    assert!(!s.flagged("alliance-concern"));
}
