//! Validation of instrument definitions (issue 2).
//!
//! Every broken definition here is `tests/fixtures/invalid/base.json`, a small
//! valid instrument, with one thing broken through a JSON-pointer edit. The
//! expected problems are the exact multiset of `(pointer, kind, first)` that
//! validation must report: the pointer is the location the case edits (or the
//! reference that the edit leaves dangling), the kind is the rule of issue 2
//! that the edit breaks. Nothing else may be reported, so a cascade of
//! follow-on problems fails a case as surely as a missed one.

mod catalog;
mod conventions;
mod fingerprint;
mod robustness;
mod wording;

pub(crate) use catalog::instrument_files;

use bordin::spec::{BandSpec, Condition, CutoffSpec, ReliableChangeSpec, ResponseScaleSpec};
use bordin::{Confidence, Instrument, InstrumentSpec, LoadError, Problem, ProblemKind};
use serde_json::{Value, json};

/// A small valid instrument: an ordinal 1-5 scale and a continuous 0-10 line,
/// four items (item 2 reverse-keyed), `core` (items 1-3, range 3-15, three
/// bands), `line` (item 4), `total` (core + line) and two flags.
pub(crate) const BASE: &str = include_str!("../fixtures/invalid/base.json");

/// A separate small definition with eleven problems at once, listed in its `notes`.
const SEVERAL: &str = include_str!("../fixtures/invalid/several-problems.json");

/// One edit of the base definition.
enum Edit {
    /// Replace the value at a pointer; a last token `-` appends to an array.
    Set(&'static str, Value),
    /// Remove an object member.
    Remove(&'static str),
}
use Edit::{Remove, Set};

fn base_value() -> Value {
    serde_json::from_str(BASE).unwrap()
}

fn base_spec() -> InstrumentSpec {
    serde_json::from_str(BASE).unwrap()
}

fn split(pointer: &str) -> (&str, &str) {
    pointer.rsplit_once('/').unwrap()
}

fn edited(edits: &[Edit]) -> String {
    let mut doc = base_value();
    for edit in edits {
        match edit {
            Set(pointer, value) => {
                let (parent, last) = split(pointer);
                match doc.pointer_mut(parent) {
                    Some(Value::Array(a)) if last == "-" => a.push(value.clone()),
                    Some(Value::Array(a)) => a[last.parse::<usize>().unwrap()] = value.clone(),
                    Some(Value::Object(o)) => {
                        o.insert(last.to_owned(), value.clone());
                    }
                    _ => panic!("no container at {parent}"),
                }
            }
            Remove(pointer) => {
                let (parent, last) = split(pointer);
                let o = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
                assert!(o.remove(last).is_some(), "nothing to remove at {pointer}");
            }
        }
    }
    serde_json::to_string_pretty(&doc).unwrap()
}

/// The problems reported for a definition that must parse but fail validation.
fn problems_of(json: &str) -> Vec<Problem> {
    match Instrument::from_json(json) {
        Err(LoadError::Invalid { source, .. }) => {
            assert!(
                !source.problems.is_empty(),
                "an invalid definition has problems"
            );
            source.problems
        }
        Err(other) => panic!("expected LoadError::Invalid, got {other:?}"),
        Ok(inst) => panic!("expected LoadError::Invalid, got a valid {}", inst.id()),
    }
}

fn spec_problems(spec: InstrumentSpec) -> Vec<Problem> {
    match Instrument::try_from(spec) {
        Err(e) => e.problems,
        Ok(inst) => panic!("expected problems, got a valid {}", inst.id()),
    }
}

fn at(pointer: &str, kind: ProblemKind) -> Problem {
    Problem {
        pointer: pointer.to_owned(),
        kind,
        first: None,
    }
}

fn dup(pointer: &str, id: &str, first: &str) -> Problem {
    Problem {
        pointer: pointer.to_owned(),
        kind: ProblemKind::DuplicateId { id: id.to_owned() },
        first: Some(first.to_owned()),
    }
}

/// Asserts that `actual` and `expected` hold the same problems, in any order.
#[track_caller]
fn assert_same_problems(actual: &[Problem], expected: &[Problem]) {
    let mut extra: Vec<&Problem> = actual.iter().collect();
    let mut missing = Vec::new();
    for e in expected {
        match extra.iter().position(|a| *a == e) {
            Some(pos) => {
                extra.remove(pos);
            }
            None => missing.push(e),
        }
    }
    assert!(
        missing.is_empty() && extra.is_empty(),
        "problems differ\n  missing: {missing:#?}\n  unexpected: {extra:#?}\n  all reported: {actual:#?}"
    );
}

#[track_caller]
fn check(edits: &[Edit], expected: &[Problem]) {
    assert_same_problems(&problems_of(&edited(edits)), expected);
}

fn kebab(id: &str) -> ProblemKind {
    ProblemKind::NotKebabCase { id: id.to_owned() }
}

fn unknown_item(id: &str) -> ProblemKind {
    ProblemKind::UnknownItem { id: id.to_owned() }
}

fn unknown_scale(id: &str) -> ProblemKind {
    ProblemKind::UnknownScale { id: id.to_owned() }
}

// ---------------------------------------------------------------------------
// The base itself

#[test]
fn base_definition_is_valid() {
    let inst = Instrument::from_json(BASE).unwrap();
    assert_eq!(inst.id().as_str(), "mini");
    // Source: 3 items on 1..5 summed → 3..15; the bands in base.json are built on it.
    assert_eq!(inst.scale("core").unwrap().range(), Some((3.0, 15.0)));
    // Source: item 4 on the 0..10 line; total = core + line.
    assert_eq!(inst.scale("total").unwrap().range(), Some((3.0, 25.0)));
    // The edit helper round-trips the base unchanged.
    assert_eq!(
        Instrument::from_json(&edited(&[])).unwrap().fingerprint(),
        inst.fingerprint()
    );
}

// ---------------------------------------------------------------------------
// Duplicate ids, each with the pointer of its first occurrence

#[test]
fn duplicate_item_id() {
    check(
        &[Set(
            "/items/-",
            json!({"id": "2", "label": "again", "response_scale": "agree-5"}),
        )],
        &[dup("/items/4/id", "2", "/items/1/id")],
    );
}

#[test]
fn duplicate_scale_id() {
    check(
        &[Set(
            "/scales/-",
            json!({"id": "line", "label": "again", "items": ["4"], "aggregation": "mean",
                   "missing": {"rule": "complete"}, "polarity": "higher-is-worse"}),
        )],
        &[dup("/scales/3/id", "line", "/scales/1/id")],
    );
}

#[test]
fn duplicate_flag_id() {
    check(
        &[Set(
            "/flags/-",
            json!({"id": "core-low", "label": "again", "on": {"item": "3"},
                   "when": {"above": 4}, "source": "test"}),
        )],
        &[dup("/flags/2/id", "core-low", "/flags/0/id")],
    );
}

#[test]
fn duplicate_response_scale_id() {
    check(
        &[Set(
            "/response_scales/-",
            json!({"id": "line-10", "kind": "continuous", "min": 0, "max": 100}),
        )],
        &[dup(
            "/response_scales/2/id",
            "line-10",
            "/response_scales/1/id",
        )],
    );
}

#[test]
fn duplicate_item_within_a_scale() {
    // The third entry repeats the first. The scale's composition is then in
    // doubt, so its range is unknown and its bands are not held against it.
    check(
        &[Set("/scales/0/items/2", json!("1"))],
        &[dup("/scales/0/items/2", "1", "/scales/0/items/0")],
    );
}

#[test]
fn duplicate_cutoff_id() {
    let cutoff = json!({"id": "high", "label": "high", "when": {"at-least": 12}, "source": "test", "confidence": "confirmed"});
    check(
        &[Set("/scales/0/cutoffs", json!([cutoff, cutoff]))],
        &[dup(
            "/scales/0/cutoffs/1/id",
            "high",
            "/scales/0/cutoffs/0/id",
        )],
    );
}

// ---------------------------------------------------------------------------
// Dangling references

#[test]
fn scale_names_unknown_item() {
    check(
        &[Set("/scales/1/items/0", json!("99"))],
        &[at("/scales/1/items/0", unknown_item("99"))],
    );
}

#[test]
fn scale_names_unknown_scale() {
    check(
        &[Set("/scales/2/scales/1", json!("lines"))],
        &[at("/scales/2/scales/1", unknown_scale("lines"))],
    );
}

#[test]
fn scale_names_itself_or_a_later_scale() {
    // A scale may only combine scales defined before it, so cycles cannot occur.
    check(
        &[Set("/scales/2/scales/1", json!("total"))],
        &[at("/scales/2/scales/1", unknown_scale("total"))],
    );
    check(
        &[
            Set("/scales/1/scales", json!(["total"])),
            Remove("/scales/1/items"),
        ],
        &[at("/scales/1/scales/0", unknown_scale("total"))],
    );
}

#[test]
fn flag_names_unknown_scale() {
    check(
        &[Set("/flags/0/on", json!({"scale": "cores"}))],
        &[at("/flags/0/on/scale", unknown_scale("cores"))],
    );
}

#[test]
fn flag_names_unknown_item() {
    check(
        &[Set("/flags/1/on", json!({"item": "10"}))],
        &[at("/flags/1/on/item", unknown_item("10"))],
    );
}

#[test]
fn item_names_unknown_response_scale() {
    // Only the dangling reference is reported: item 4 still exists, so the
    // scale `line` that names it must not report it as unknown.
    check(
        &[Set("/items/3/response_scale", json!("line-100"))],
        &[at(
            "/items/3/response_scale",
            ProblemKind::UnknownResponseScale {
                id: "line-100".into(),
            },
        )],
    );
}

// ---------------------------------------------------------------------------
// Scales

#[test]
fn empty_scale() {
    check(
        &[Remove("/scales/1/items")],
        &[at(
            "/scales/1",
            ProblemKind::EmptyScale { found: "neither" },
        )],
    );
    check(
        &[Set("/scales/1/items", json!([]))],
        &[at(
            "/scales/1",
            ProblemKind::EmptyScale { found: "neither" },
        )],
    );
}

#[test]
fn scale_with_both_items_and_scales() {
    check(
        &[Set("/scales/1/scales", json!(["core"]))],
        &[at("/scales/1", ProblemKind::EmptyScale { found: "both" })],
    );
}

#[test]
fn missing_rule_permits_every_item_missing() {
    // Source: `core` has 3 items; a rule letting 3 be missing leaves nothing.
    let all = ProblemKind::MissingRuleAllowsNothing { components: 3 };
    check(
        &[Set(
            "/scales/0/missing",
            json!({"rule": "prorate", "max_missing": 3}),
        )],
        &[at("/scales/0/missing", all.clone())],
    );
    check(
        &[Set(
            "/scales/0/missing",
            json!({"rule": "substitute-mean", "max_missing": 7}),
        )],
        &[at("/scales/0/missing", all.clone())],
    );
    check(
        &[Set(
            "/scales/0/missing",
            json!({"rule": "mean-of-answered", "min_answered": 0}),
        )],
        &[at("/scales/0/missing", all)],
    );
    // Source: `total` has 2 component scales.
    check(
        &[Set(
            "/scales/2/missing",
            json!({"rule": "prorate", "max_missing": 2}),
        )],
        &[at(
            "/scales/2/missing",
            ProblemKind::MissingRuleAllowsNothing { components: 2 },
        )],
    );
}

#[test]
fn missing_rule_at_the_limit_is_valid() {
    // One answered item of three is enough for a (prorated) score.
    let json = edited(&[Set(
        "/scales/0/missing",
        json!({"rule": "prorate", "max_missing": 2}),
    )]);
    Instrument::from_json(&json).unwrap();
    let json = edited(&[Set(
        "/scales/0/missing",
        json!({"rule": "mean-of-answered", "min_answered": 1}),
    )]);
    Instrument::from_json(&json).unwrap();
}

// ---------------------------------------------------------------------------
// Bands (the `core` scale's possible range is 3..15)

#[test]
fn bands_overlap() {
    check(
        &[Set("/scales/0/bands/1/min", json!(8))],
        &[at(
            "/scales/0/bands/1/min",
            ProblemKind::BandsOverlap {
                previous_max: 9.0,
                min: 8.0,
            },
        )],
    );
}

#[test]
fn bands_leave_a_gap_between() {
    check(
        &[Set("/scales/0/bands/1/min", json!(10))],
        &[at(
            "/scales/0/bands/1/min",
            ProblemKind::BandsLeaveGap {
                from: 9.0,
                to: 10.0,
            },
        )],
    );
}

#[test]
fn bands_leave_a_gap_at_either_end() {
    check(
        &[Set("/scales/0/bands/0/min", json!(4))],
        &[at(
            "/scales/0/bands/0/min",
            ProblemKind::BandsLeaveGap { from: 3.0, to: 4.0 },
        )],
    );
    check(
        &[Set("/scales/0/bands/2/max", json!(14))],
        &[at(
            "/scales/0/bands/2/max",
            ProblemKind::BandsLeaveGap {
                from: 14.0,
                to: 15.0,
            },
        )],
    );
}

#[test]
fn bands_outside_the_possible_range() {
    check(
        &[Set("/scales/0/bands/2/max", json!(16))],
        &[at(
            "/scales/0/bands/2",
            ProblemKind::BandOutsideRange {
                min: 12.0,
                max: 16.0,
                range_min: 3.0,
                range_max: 15.0,
            },
        )],
    );
    check(
        &[Set("/scales/0/bands/0/min", json!(0))],
        &[at(
            "/scales/0/bands/0",
            ProblemKind::BandOutsideRange {
                min: 0.0,
                max: 9.0,
                range_min: 3.0,
                range_max: 15.0,
            },
        )],
    );
}

#[test]
fn band_min_not_below_max() {
    // Band 1 collapses to 9..9, so 9..12 is no longer covered either.
    check(
        &[Set("/scales/0/bands/1/max", json!(9))],
        &[
            at(
                "/scales/0/bands/1/max",
                ProblemKind::MinNotBelowMax { min: 9.0, max: 9.0 },
            ),
            at(
                "/scales/0/bands/2/min",
                ProblemKind::BandsLeaveGap {
                    from: 9.0,
                    to: 12.0,
                },
            ),
        ],
    );
}

#[test]
fn bands_inclusive_upper_edge_is_contiguous() {
    // ProQOL style: low ≤ 9, then mid from just above 9. Valid.
    let json = edited(&[Set("/scales/0/bands/0/max_inclusive", json!(true))]);
    let inst = Instrument::from_json(&json).unwrap();
    let core = inst.scale("core").unwrap();
    assert_eq!(core.band_of(9.0).unwrap().label, "low");
    assert_eq!(core.band_of(9.0_f64.next_up()).unwrap().label, "mid");
}

// ---------------------------------------------------------------------------
// Response scales

#[test]
fn continuous_min_not_below_max() {
    // Only the scale itself is reported, not item 4 that uses it.
    check(
        &[Set("/response_scales/1/max", json!(0))],
        &[at(
            "/response_scales/1/max",
            ProblemKind::MinNotBelowMax { min: 0.0, max: 0.0 },
        )],
    );
    check(
        &[Set("/response_scales/1/min", json!(20))],
        &[at(
            "/response_scales/1/max",
            ProblemKind::MinNotBelowMax {
                min: 20.0,
                max: 10.0,
            },
        )],
    );
}

#[test]
fn resolution_does_not_divide_the_range() {
    // Source: 10 / 0.3 = 33.3…, not a whole number of steps.
    check(
        &[Set("/response_scales/1/resolution", json!(0.3))],
        &[at(
            "/response_scales/1/resolution",
            ProblemKind::ResolutionDoesNotDivide {
                resolution: 0.3,
                min: 0.0,
                max: 10.0,
            },
        )],
    );
    // A non-positive resolution divides nothing.
    check(
        &[Set("/response_scales/1/resolution", json!(0))],
        &[at(
            "/response_scales/1/resolution",
            ProblemKind::ResolutionDoesNotDivide {
                resolution: 0.0,
                min: 0.0,
                max: 10.0,
            },
        )],
    );
}

#[test]
fn resolution_dividing_up_to_rounding_is_valid() {
    // 0.7 / 0.1 is 6.999… in binary floating point, yet 0.1 divides 0.7.
    assert_ne!((0.7_f64 / 0.1).fract(), 0.0);
    let json = edited(&[
        Set("/response_scales/1/max", json!(0.7)),
        Set("/response_scales/1/resolution", json!(0.1)),
    ]);
    Instrument::from_json(&json).unwrap();
}

#[test]
fn reverse_keying_on_an_unbounded_scale() {
    // The line loses its max, so min + max − x is undefined for item 4.
    check(
        &[
            Remove("/response_scales/1/max"),
            Set("/items/3/reverse", json!(true)),
        ],
        &[at("/items/3/reverse", ProblemKind::ReverseWithoutBounds)],
    );
}

#[test]
fn unbounded_scale_without_reverse_keying_is_valid() {
    let json = edited(&[Remove("/response_scales/1/max")]);
    let inst = Instrument::from_json(&json).unwrap();
    // Source: the line is unbounded above, so neither `line` nor `total` has a range.
    assert_eq!(inst.scale("line").unwrap().range(), None);
    assert_eq!(inst.scale("total").unwrap().range(), None);
}

#[test]
fn ordinal_points_out_of_order() {
    check(
        &[Set("/response_scales/0/points/2/value", json!(2))],
        &[at(
            "/response_scales/0/points/2/value",
            ProblemKind::BadPoints {
                reason: "values are not strictly increasing",
            },
        )],
    );
}

// ---------------------------------------------------------------------------
// License, ids, numbers

#[test]
fn item_text_while_license_excludes_it() {
    check(
        &[Set("/items/0/text", json!({"en": "placeholder wording"}))],
        &[at("/items/0/text", ProblemKind::TextNotLicensed)],
    );
    check(
        &[Set(
            "/instructions",
            json!({"en": "placeholder instructions"}),
        )],
        &[at("/instructions", ProblemKind::TextNotLicensed)],
    );
    // The same text is fine once the license includes it.
    let json = edited(&[
        Set("/items/0/text", json!({"en": "placeholder wording"})),
        Set("/license/item_text_included", json!(true)),
    ]);
    let inst = Instrument::from_json(&json).unwrap();
    assert_eq!(inst.items()[0].text("en"), Some("placeholder wording"));
}

#[test]
fn ids_not_kebab_case() {
    check(&[Set("/id", json!("Mini"))], &[at("/id", kebab("Mini"))]);
    check(
        &[Set("/flags/0/id", json!("core_low"))],
        &[at("/flags/0/id", kebab("core_low"))],
    );
    check(
        &[Set("/flags/0/id", json!("core--low"))],
        &[at("/flags/0/id", kebab("core--low"))],
    );
    check(
        &[Set("/flags/0/id", json!("-core"))],
        &[at("/flags/0/id", kebab("-core"))],
    );
    check(
        &[Set("/flags/0/id", json!(""))],
        &[at("/flags/0/id", kebab(""))],
    );
    // An item id is kebab-case too; the scale naming the old id now dangles.
    check(
        &[Set("/items/3/id", json!("Q4"))],
        &[
            at("/items/3/id", kebab("Q4")),
            at("/scales/1/items/0", unknown_item("4")),
        ],
    );
}

#[test]
fn kebab_case_rule() {
    for ok in ["wai-sr", "phq-9", "7", "work-7", "a1-b2"] {
        assert!(bordin::is_kebab_case(ok), "{ok}");
    }
    for bad in [
        "", "-", "WAI-SR", "wai_sr", "wai sr", "wai--sr", "wai-", "-wai", "é",
    ] {
        assert!(!bordin::is_kebab_case(bad), "{bad:?}");
    }
}

#[test]
fn text_in_an_unlisted_language() {
    check(
        &[
            Set("/license/item_text_included", json!(true)),
            Set(
                "/items/2/text",
                json!({"en": "placeholder", "de": "Platzhalter"}),
            ),
        ],
        &[at(
            "/items/2/text/de",
            ProblemKind::UnknownLanguage {
                language: "de".into(),
            },
        )],
    );
}

#[test]
fn recoding_must_map_every_point_of_an_ordinal_scale() {
    let four_of_five = json!([
        {"from": 1, "to": 10}, {"from": 2, "to": 20}, {"from": 3, "to": 30}, {"from": 4, "to": 40}
    ]);
    check(
        &[Set("/items/0/recode", four_of_five)],
        &[at(
            "/items/0/recode",
            ProblemKind::BadRecode {
                reason: "not every point is mapped".into(),
            },
        )],
    );
    check(
        &[Set("/items/3/recode", json!([{"from": 0, "to": 10}]))],
        &[at(
            "/items/3/recode",
            ProblemKind::BadRecode {
                reason: "only ordinal scales can be recoded".into(),
            },
        )],
    );
}

#[test]
fn provenance_and_reliable_change_rules() {
    check(
        &[Set("/provenance/confidence", json!("provisional"))],
        &[at(
            "/provenance/reason",
            ProblemKind::ProvisionalWithoutReason,
        )],
    );
    check(
        &[Set("/languages", json!([]))],
        &[at("/languages", ProblemKind::Empty { what: "languages" })],
    );
    let rc = |v: Value| Set("/scales/0/reliable_change", v);
    check(
        &[rc(
            json!({"sd": 4.0, "source": "test", "confidence": "confirmed"}),
        )],
        &[at(
            "/scales/0/reliable_change",
            ProblemKind::IncompleteReliableChange,
        )],
    );
    check(
        &[rc(
            json!({"sd": 4.0, "reliability": 1.0, "source": "test", "confidence": "confirmed"}),
        )],
        &[at(
            "/scales/0/reliable_change/reliability",
            ProblemKind::OutOfDomain {
                what: "reliability",
                value: 1.0,
            },
        )],
    );
}

/// Numbers cannot be NaN or infinite in JSON, so these specs are built in Rust.
#[test]
fn non_finite_numbers_anywhere() {
    type Mutation = fn(&mut InstrumentSpec, f64);
    let cases: &[(&str, Mutation)] = &[
        ("/response_scales/0/points/2/value", |s, x| {
            let ResponseScaleSpec::Ordinal { points, .. } = &mut s.response_scales[0] else {
                unreachable!()
            };
            points[2].value = x;
        }),
        ("/response_scales/1/min", |s, x| {
            let ResponseScaleSpec::Continuous { min, .. } = &mut s.response_scales[1] else {
                unreachable!()
            };
            *min = Some(x);
        }),
        ("/response_scales/1/max", |s, x| {
            let ResponseScaleSpec::Continuous { max, .. } = &mut s.response_scales[1] else {
                unreachable!()
            };
            *max = Some(x);
        }),
        ("/response_scales/1/resolution", |s, x| {
            let ResponseScaleSpec::Continuous { resolution, .. } = &mut s.response_scales[1] else {
                unreachable!()
            };
            *resolution = Some(x);
        }),
        ("/scales/0/bands/1/min", |s, x| s.scales[0].bands[1].min = x),
        ("/scales/0/bands/1/max", |s, x| s.scales[0].bands[1].max = x),
        ("/scales/0/cutoffs/0/when/at-least", |s, x| {
            s.scales[0].cutoffs.push(CutoffSpec {
                id: "high".into(),
                label: "high".into(),
                when: Condition::AtLeast(x),
                population: None,
                source: "test".into(),
                confidence: Confidence::Confirmed,
            });
        }),
        ("/scales/0/reliable_change/threshold", |s, x| {
            s.scales[0].reliable_change = Some(ReliableChangeSpec {
                threshold: Some(x),
                sd: None,
                reliability: None,
                source: "test".into(),
                confidence: Confidence::Confirmed,
            });
        }),
        ("/scales/0/reliable_change/sd", |s, x| {
            s.scales[0].reliable_change = Some(ReliableChangeSpec {
                threshold: None,
                sd: Some(x),
                reliability: Some(0.8),
                source: "test".into(),
                confidence: Confidence::Confirmed,
            });
        }),
        ("/scales/1/transform/add", |s, x| {
            s.scales[1].transform = Some(bordin::spec::Transform::Linear {
                multiply: 1.0,
                add: x,
            });
        }),
        ("/flags/0/when/below", |s, x| {
            s.flags[0].when = Condition::Below(x);
        }),
        ("/flags/1/when/at-most", |s, x| {
            s.flags[1].when = Condition::AtMost(x);
        }),
    ];
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for (pointer, mutate) in cases {
            let mut spec = base_spec();
            mutate(&mut spec, x);
            let problems = spec_problems(spec);
            assert!(
                problems == [at(pointer, ProblemKind::NonFinite)],
                "{x} at {pointer}: {problems:#?}"
            );
        }
    }
}

#[test]
fn non_finite_numbers_in_several_places_at_once() {
    let mut spec = base_spec();
    spec.scales[0].bands[0].max = f64::NAN;
    spec.scales[0].bands.push(BandSpec {
        label: "beyond".into(),
        min: 15.0,
        max: f64::INFINITY,
        max_inclusive: false,
    });
    spec.flags[0].when = Condition::Below(f64::NAN);
    assert_same_problems(
        &spec_problems(spec),
        &[
            at("/scales/0/bands/0/max", ProblemKind::NonFinite),
            at("/scales/0/bands/3/max", ProblemKind::NonFinite),
            at("/flags/0/when/below", ProblemKind::NonFinite),
        ],
    );
}

// ---------------------------------------------------------------------------
// Several problems in one file

#[test]
fn several_problems_are_all_reported() {
    // Each expected problem is marked in the fixture's `notes`.
    assert_same_problems(
        &problems_of(SEVERAL),
        &[
            at("/id", kebab("Several_Problems")),
            dup("/items/2/id", "1", "/items/0/id"),
            at("/items/2/text", ProblemKind::TextNotLicensed),
            at(
                "/items/3/response_scale",
                ProblemKind::UnknownResponseScale {
                    id: "agree-7".into(),
                },
            ),
            at(
                "/response_scales/1/resolution",
                ProblemKind::ResolutionDoesNotDivide {
                    resolution: 0.3,
                    min: 0.0,
                    max: 10.0,
                },
            ),
            at("/scales/0/items/1", unknown_item("9")),
            at(
                "/scales/0/missing",
                ProblemKind::MissingRuleAllowsNothing { components: 2 },
            ),
            at(
                "/scales/0/bands/1/min",
                ProblemKind::BandsLeaveGap { from: 4.0, to: 5.0 },
            ),
            at("/scales/1", ProblemKind::EmptyScale { found: "neither" }),
            at("/flags/0/on/scale", unknown_scale("totl")),
            dup("/flags/1/id", "low", "/flags/0/id"),
        ],
    );
}

// ---------------------------------------------------------------------------
// Display

#[test]
fn problem_display_is_one_pointer_and_message_per_line() {
    let json = edited(&[
        Set(
            "/items/-",
            json!({"id": "2", "label": "again", "response_scale": "agree-5"}),
        ),
        Set("/scales/0/bands/1/min", json!(10)),
        Set("/flags/1/on", json!({"item": "10"})),
    ]);
    let err = match Instrument::from_json(&json) {
        Err(LoadError::Invalid { source, .. }) => source,
        other => panic!("expected LoadError::Invalid, got {other:?}"),
    };
    // Source: the format of InvalidInstrument and Problem in src/error.rs.
    assert_eq!(
        err.to_string(),
        "instrument mini has 3 problem(s)\n  \
         /items/4/id: duplicate id 2 (first at /items/1/id)\n  \
         /scales/0/bands/1/min: bands leave a gap between 9 and 10\n  \
         /flags/1/on/item: unknown item 10"
    );
    for line in err.to_string().lines().skip(1) {
        let (pointer, message) = line.trim_start().split_once(": ").unwrap();
        assert!(pointer.starts_with('/'), "{line}");
        assert!(!message.is_empty() && !message.ends_with('.'), "{line}");
    }
    // The root pointer "" prints as "/".
    let root = at("", ProblemKind::Empty { what: "languages" });
    assert_eq!(root.to_string(), "/: languages must not be empty");
    // The load error names where the definition came from; the problems are its source.
    let load = Instrument::from_json(&json).unwrap_err();
    assert_eq!(load.to_string(), "<string>: invalid instrument definition");
    let source = std::error::Error::source(&load).unwrap();
    assert_eq!(source.to_string(), err.to_string());
}
