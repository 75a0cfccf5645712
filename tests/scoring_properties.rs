//! Scoring properties (issue 3), over every built-in instrument where the
//! property is generic:
//!
//! - reversing twice is the identity;
//! - the order of answers in a JSON response does not change the score;
//! - a prorated (or substituted, or mean-of-answered) score equals the
//!   complete score when the missing items are answered at the mean of the
//!   answered ones;
//! - the batch path and the single-response path agree, bit for bit;
//! - no input (any f64, any item id, any JSON text) makes the scorer panic.
//!
//! Failures persist to `tests/proptest-regressions/scoring.txt` (the test
//! crate root is `tests/lib.rs`, so proptest's default would create a
//! top-level `proptest-regressions/`).

use std::collections::BTreeMap;

use bordin::{
    Answer, Catalog, Components, Instrument, MissingRule, Response, ResponseScaleKind, Scorer,
};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/scoring.txt",
        ))),
        ..Config::default()
    }
}

fn builtins() -> impl Iterator<Item = &'static Instrument> {
    Catalog::builtin().iter()
}

/// Runs `test` on values of `strategy` with [`config`], panicking with the
/// minimal failing input and the instrument's id.
fn check<S: Strategy>(what: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(config());
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{what}: {e}");
    }
}

// ---------------------------------------------------------------------------
// Valid values per item, from its declared response scale.

/// A valid answer value for an item's response scale.
fn valid_value(kind: &ResponseScaleKind) -> BoxedStrategy<f64> {
    match kind {
        ResponseScaleKind::Ordinal { values, .. } => select(values.clone()).boxed(),
        ResponseScaleKind::Continuous {
            min,
            max,
            resolution,
        } => {
            let (lo, hi) = (min.unwrap_or(-1e6), max.unwrap_or(1e6));
            match resolution {
                Some(r) => {
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "validated: the resolution divides the range"
                    )]
                    let steps = ((hi - lo) / r).round() as u32;
                    let r = *r;
                    (0..=steps).prop_map(move |k| lo + f64::from(k) * r).boxed()
                }
                None => (lo..=hi).boxed(),
            }
        }
        _ => panic!("a response scale kind this test does not know"),
    }
}

/// A batch cell / response answer: a valid value, or missing (NaN / `None`).
fn cell(kind: &ResponseScaleKind) -> BoxedStrategy<Option<f64>> {
    prop_oneof![
        1 => Just(None),
        4 => valid_value(kind).prop_map(Some),
    ]
    .boxed()
}

fn row(inst: &Instrument) -> Vec<BoxedStrategy<Option<f64>>> {
    inst.items()
        .iter()
        .map(|it| cell(it.response_scale().kind()))
        .collect()
}

fn response_of(inst: &Instrument, row: &[Option<f64>]) -> Response {
    let mut r = Response::new(inst.id().as_str());
    for (item, v) in inst.items().iter().zip(row) {
        if let Some(x) = v {
            r = r.answer(item.id().as_str(), *x);
        }
    }
    r
}

// ---------------------------------------------------------------------------
// Reversing twice.

/// A one-item instrument on `scale` (the SRS file with its scales replaced).
fn one_item(scale: &serde_json::Value, reverse: bool) -> Instrument {
    let mut spec = serde_json::to_value(Catalog::builtin().get("srs").expect("srs").spec())
        .expect("spec serializes");
    spec["id"] = "reverse-check".into();
    spec["response_scales"] = serde_json::json!([scale]);
    spec["items"] = serde_json::json!([{
        "id": "1", "label": "one", "response_scale": scale["id"], "reverse": reverse
    }]);
    spec["scales"] = serde_json::json!([{
        "id": "total", "label": "Total", "items": ["1"], "aggregation": "sum",
        "missing": {"rule": "complete"}, "polarity": "higher-is-better"
    }]);
    spec.as_object_mut().expect("object").remove("flags");
    Instrument::from_json(&spec.to_string()).expect("valid test instrument")
}

fn ordinal(lo: i32, hi: i32) -> serde_json::Value {
    let points: Vec<_> = (lo..=hi)
        .map(|v| serde_json::json!({"value": v, "label": v.to_string()}))
        .collect();
    serde_json::json!({"id": "points", "kind": "ordinal", "points": points})
}

/// Reverse keying is min + max − x on the declared scale (instruments.md
/// Conventions: 1–7 → 8 − x, 1–6 → 7 − x, 1–5 → 6 − x, 0–4 → 4 − x), and
/// applying it twice gives x back, for every point.
#[test]
fn reversing_twice_is_the_identity_on_ordinal_scales() {
    for (lo, hi) in [(1, 7), (1, 6), (1, 5), (0, 4), (0, 3), (-3, 3)] {
        let inst = one_item(&ordinal(lo, hi), true);
        let item = &inst.items()[0];
        let scorer = Scorer::new(&inst);
        for x in lo..=hi {
            let x = f64::from(x);
            let once = item.scored_value(x);
            assert_eq!(once, f64::from(lo + hi) - x, "{lo}..{hi}: {x}");
            assert_eq!(item.scored_value(once), x, "{lo}..{hi}: {x}");
            let r = |v: f64| {
                scorer
                    .score(&Response::new("reverse-check").answer("1", v))
                    .expect("valid")
                    .value("total")
                    .expect("scored")
            };
            assert_eq!(r(r(x)), x);
        }
    }
    // Every reverse-keyed item of the built-in catalog (without recoding).
    for inst in builtins() {
        for item in inst.items().iter().filter(|i| i.is_reversed()) {
            if let ResponseScaleKind::Ordinal { values, .. } = item.response_scale().kind()
                && item.recoding().is_empty()
            {
                for &x in values {
                    assert_eq!(
                        item.scored_value(item.scored_value(x)),
                        x,
                        "{} {}",
                        inst.id(),
                        item.id()
                    );
                }
            }
        }
    }
}

/// On a 0–10 line at resolution 0.1, reverse keying through the scorer is an
/// involution on every answer: the scored value is the grid point nearest
/// 10 − x, so 0.3 → 9.7 → 0.3 (a bare f64 `10 − (10 − 0.3)` is
/// 0.3000000000000007).
#[test]
fn reversing_twice_is_the_identity_on_a_visual_analogue_scale() {
    let vas = serde_json::json!({
        "id": "vas", "kind": "continuous", "min": 0.0, "max": 10.0, "resolution": 0.1
    });
    let inst = one_item(&vas, true);
    let scorer = Scorer::new(&inst);
    let r = |v: f64| {
        scorer
            .score(&Response::new("reverse-check").answer("1", v))
            .expect("valid")
            .value("total")
            .expect("scored")
    };
    let mut data = Vec::new();
    for k in 0..=100 {
        let x = f64::from(k) / 10.0;
        assert_eq!(r(x), f64::from(100 - k) / 10.0, "reverse of {x}");
        assert_eq!(r(r(x)), x, "{x}");
        data.push(x);
    }
    // The batch path agrees.
    let mut out = vec![0.0; data.len()];
    scorer.score_batch(&data, &mut out).expect("valid");
    let mut back = vec![0.0; data.len()];
    scorer.score_batch(&out, &mut back).expect("valid");
    assert_eq!(back, data);
}

// ---------------------------------------------------------------------------
// Order of answers.

fn json_response(instrument: &str, answers: &[(String, Option<f64>)], top_first: bool) -> String {
    let answers: Vec<String> = answers
        .iter()
        .map(|(k, v)| {
            let v = v.map_or_else(
                || "null".to_string(),
                |x| serde_json::to_string(&x).expect("finite"),
            );
            format!("{}:{v}", serde_json::to_string(k).expect("string"))
        })
        .collect();
    let answers = format!("\"answers\":{{{}}}", answers.join(","));
    let instrument = format!(
        "\"instrument\":{}",
        serde_json::to_string(instrument).expect("string")
    );
    let session = "\"session\":4".to_string();
    let parts = if top_first {
        [instrument, session, answers]
    } else {
        [answers, session, instrument]
    };
    format!("{{{}}}", parts.join(","))
}

/// Permuting the keys of a JSON response (the answers, and the top-level
/// fields) leaves the score unchanged, flags included.
#[test]
fn order_of_answers_does_not_matter() {
    for inst in builtins() {
        let ids: Vec<String> = inst.items().iter().map(|i| i.id().to_string()).collect();
        let answers = row(inst).prop_map(move |row| {
            ids.iter()
                .cloned()
                .zip(row)
                .collect::<Vec<(String, Option<f64>)>>()
        });
        let strategy =
            answers.prop_flat_map(|a| (Just(a.clone()), Just(a).prop_shuffle(), any::<bool>()));
        let scorer = Scorer::new(inst);
        let id = inst.id().as_str();
        check(id, strategy, |(canonical, shuffled, top_first)| {
            let a: Response =
                serde_json::from_str(&json_response(id, &canonical, true)).expect("parses");
            let b: Response =
                serde_json::from_str(&json_response(id, &shuffled, top_first)).expect("parses");
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(
                scorer.score(&a).expect("valid"),
                scorer.score(&b).expect("valid")
            );
            Ok(())
        });
    }
}

// ---------------------------------------------------------------------------
// Proration at the mean.

/// How many of `n` components a rule lets be missing.
fn allowed_missing(rule: MissingRule, n: usize) -> usize {
    let cap = |k: u32| usize::try_from(k).unwrap_or(usize::MAX).min(n - 1);
    match rule {
        MissingRule::Prorate { max_missing, .. }
        | MissingRule::SubstituteMean { max_missing, .. } => cap(max_missing),
        MissingRule::MeanOfAnswered { min_answered, .. } => {
            n - usize::try_from(min_answered).unwrap_or(n).clamp(1, n)
        }
        MissingRule::Complete => 0,
    }
}

/// For one item scale: the scored values each item can take, with the
/// option that gives each (recoding and reverse keying undone).
fn scored_options(inst: &Instrument, items: &[usize]) -> Option<Vec<Vec<(f64, f64)>>> {
    items
        .iter()
        .map(|&i| {
            let item = &inst.items()[i];
            match item.response_scale().kind() {
                ResponseScaleKind::Ordinal { values, .. } => Some(
                    values
                        .iter()
                        .map(|&x| (item.scored_value(x), x))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            }
        })
        .collect()
}

/// Every built-in item scale whose rule allows missing items (WAI-SR
/// subscales 1 of 4, PHQ-9 2 of 9, …): answer some items with scored values
/// whose mean is m (a value every item can take), leave 1..=allowed missing,
/// then answer those at m. The two scores are equal, the first prorated (or
/// substituted). A WAI-SR-style total over sub-scales is equal too.
#[test]
fn prorated_equals_complete_at_the_mean() {
    let mut checked = 0;
    for inst in builtins() {
        for (si, scale) in inst.scales().iter().enumerate() {
            let Components::Items(items) = scale.components() else {
                continue;
            };
            let n = items.len();
            let allowed = allowed_missing(scale.missing_rule(), n);
            let Some(options) = scored_options(inst, items) else {
                continue;
            };
            // Values every item can score.
            let common: Vec<f64> = options[0]
                .iter()
                .map(|(s, _)| *s)
                .filter(|s| options.iter().all(|o| o.iter().any(|(t, _)| t == s)))
                .collect();
            if allowed == 0 || common.is_empty() {
                continue;
            }
            checked += 1;
            let others: Vec<BoxedStrategy<f64>> = inst
                .items()
                .iter()
                .map(|it| valid_value(it.response_scale().kind()))
                .collect();
            let strategy = (
                select(common),
                subsequence((0..n).collect::<Vec<_>>(), 1..=allowed),
                proptest::collection::vec((0..n, 0..n, any::<prop::sample::Index>()), 0..12),
                others,
            );
            let scorer = Scorer::new(inst);
            let what = format!("{} {}", inst.id(), scale.id());
            check(&what, strategy, |(m, missing, transfers, others)| {
                // Start every item of the scale at m; move value between
                // answered items, keeping each on one of its options.
                let mut scored = vec![m; n];
                for (i, j, k) in transfers {
                    if i == j || missing.contains(&i) || missing.contains(&j) {
                        continue;
                    }
                    let target = options[i][k.index(options[i].len())].0;
                    let t = target - scored[i];
                    if options[j].iter().any(|(s, _)| *s == scored[j] - t) {
                        scored[i] = target;
                        scored[j] -= t;
                    }
                }
                let raw = |pos: usize, s: f64| {
                    options[pos]
                        .iter()
                        .find(|(t, _)| *t == s)
                        .expect("an option")
                        .1
                };
                let mut row = others.clone();
                for (pos, &i) in items.iter().enumerate() {
                    row[i] = raw(pos, scored[pos]);
                }
                let complete = response_of(inst, &row.iter().map(|x| Some(*x)).collect::<Vec<_>>());
                let mut partial = complete.clone();
                for &pos in &missing {
                    partial
                        .answers
                        .insert(inst.items()[items[pos]].id().to_string(), Answer::Missing);
                }
                let a = scorer.score(&partial).expect("valid");
                let b = scorer.score(&complete).expect("valid");
                let (sa, sb) = (&a.scales[si], &b.scales[si]);
                prop_assert!(sa.value.is_some(), "scored with {} missing", missing.len());
                prop_assert_eq!(sa.value, sb.value);
                prop_assert!(sa.prorated || sa.substituted);
                prop_assert!(!sb.prorated && !sb.substituted);
                prop_assert_eq!(&sa.band, &sb.band);
                // Totals over sub-scales that hold this scale and no other missing item.
                for (ti, total) in inst.scales().iter().enumerate() {
                    if let Components::Scales(parts) = total.components()
                        && parts.contains(&si)
                    {
                        prop_assert_eq!(a.scales[ti].value, b.scales[ti].value, "{}", total.id());
                    }
                }
                Ok(())
            });
        }
    }
    assert!(
        checked >= 4,
        "WAI-SR's three subscales and the PHQ-9 total at least"
    );
}

// ---------------------------------------------------------------------------
// Batch and single paths.

/// On random valid rows with random missing cells, for every built-in
/// instrument: each batch output equals the single-response value bit for bit
/// (NaN where the response has `None`). "Not applicable" cannot be written in
/// a batch and is not generated.
#[test]
fn batch_and_single_agree() {
    for inst in builtins() {
        let scorer = Scorer::new(inst);
        let rows = proptest::collection::vec(row(inst), 1..12);
        check(inst.id().as_str(), rows, |rows| {
            let data: Vec<f64> = rows
                .iter()
                .flat_map(|r| r.iter().map(|x| x.unwrap_or(f64::NAN)))
                .collect();
            let mut out = vec![0.0; rows.len() * scorer.n_scales()];
            scorer.score_batch(&data, &mut out).expect("valid rows");
            for (r, out_row) in rows.iter().zip(out.chunks_exact(scorer.n_scales())) {
                let score = scorer.score(&response_of(inst, r)).expect("valid");
                for (s, &v) in score.scales.iter().zip(out_row) {
                    let single = s.value.map_or(f64::NAN, |x| x);
                    prop_assert!(
                        single.to_bits() == v.to_bits() || (single.is_nan() && v.is_nan()),
                        "{}: batch {} vs single {:?}",
                        s.scale,
                        v,
                        s.value
                    );
                    // A scored value lies in the scale's range and its band is the declared one.
                    if let Some(x) = s.value {
                        let decl = inst.scale(&s.scale).expect("scale");
                        if let Some((lo, hi)) = decl.range() {
                            prop_assert!(
                                lo <= x && x <= hi,
                                "{} = {} outside {}..{}",
                                s.scale,
                                x,
                                lo,
                                hi
                            );
                        }
                        prop_assert_eq!(
                            s.band.as_deref(),
                            decl.band_of(x).map(|b| b.label.as_str())
                        );
                    }
                }
            }
            Ok(())
        });
    }
}

// ---------------------------------------------------------------------------
// No panics.

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        4 => any::<f64>().prop_map(Answer::Value),
        1 => prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(f64::MAX),
            Just(f64::MIN_POSITIVE),
        ]
        .prop_map(Answer::Value),
        1 => Just(Answer::Missing),
        1 => Just(Answer::NotApplicable),
    ]
}

/// Any answers (any f64, NaN and infinities, missing, n/a) under real or
/// arbitrary item ids: the scorer returns `Ok` or `Err`, never panics, and an
/// `Ok` holds finite values only.
#[test]
fn arbitrary_answers_never_panic() {
    for inst in builtins() {
        let scorer = Scorer::new(inst);
        let ids: Vec<String> = inst.items().iter().map(|i| i.id().to_string()).collect();
        let key = prop_oneof![3 => select(ids), 1 => "\\PC{0,6}"];
        let answers = proptest::collection::btree_map(key, any_answer(), 0..16);
        let instrument = prop_oneof![9 => Just(inst.id().to_string()), 1 => "\\PC{0,8}"];
        check(
            inst.id().as_str(),
            (instrument, answers),
            |(instrument, answers)| {
                let mut r = Response::new(instrument);
                r.answers = answers;
                if let Ok(score) = scorer.score(&r) {
                    for s in &score.scales {
                        prop_assert!(s.value.is_none_or(f64::is_finite));
                    }
                }
                Ok(())
            },
        );
    }
}

/// Any buffer of any f64, of any length, with an output of any length.
#[test]
fn arbitrary_batches_never_panic() {
    for inst in builtins() {
        let scorer = Scorer::new(inst);
        let k = scorer.n_items();
        let s = scorer.n_scales();
        let value = prop_oneof![
            3 => any::<f64>(),
            3 => (-5..=105_i32).prop_map(|x| f64::from(x) / 10.0),
            1 => Just(f64::NAN),
        ];
        // Mostly well-shaped buffers, so the row loop is reached.
        let shaped = (0..5_usize).prop_flat_map(move |rows| {
            (
                proptest::collection::vec(value.clone(), rows * k),
                Just(rows * s),
            )
        });
        let any_shape = (proptest::collection::vec(any::<f64>(), 0..3 * k), 0..4 * s);
        let strategy = prop_oneof![3 => shaped, 1 => any_shape];
        check(inst.id().as_str(), strategy, |(data, n_out)| {
            let mut out = vec![0.0; n_out];
            let _ = scorer.score_batch(&data, &mut out);
            Ok(())
        });
    }
}

/// JSON-ish tokens, for responses that are nearly valid.
fn json_token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|x| x.to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        select(vec![
            "null",
            "\"n/a\"",
            "\"N/A\"",
            "\"na\"",
            "true",
            "[]",
            "{}",
            "-0",
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551616",
            "-9223372036854775809",
            "3.0",
            "2.5",
            "9.25",
            "\"\"",
            "\"\\u0000\"",
            "0.1",
            "1E2",
        ])
        .prop_map(str::to_string),
    ]
}

/// Arbitrary text, and nearly valid responses, into `serde_json::from_str::<Response>`
/// and, when that parses, into every scorer: no panic.
#[test]
fn arbitrary_json_never_panics() {
    let scorers: Vec<Scorer> = builtins().map(Scorer::new).collect();
    let score_all = move |text: &str| {
        if let Ok(r) = serde_json::from_str::<Response>(text) {
            for s in &scorers {
                let _ = s.score(&r);
            }
        }
    };
    let score_all = std::sync::Arc::new(score_all);

    let f = score_all.clone();
    check("any text", any::<String>(), move |text| {
        f(&text);
        Ok(())
    });

    let ids: Vec<String> = builtins().map(|i| i.id().to_string()).collect();
    let key = prop_oneof![3 => (1..=40_u32).prop_map(|i| i.to_string()), 1 => "\\PC{0,4}"];
    let answers = proptest::collection::btree_map(key, json_token(), 0..14);
    let instrument = prop_oneof![4 => select(ids), 1 => "\\PC{0,6}"];
    let extra = prop_oneof![
        4 => Just(String::new()),
        1 => json_token().prop_map(|t| format!(",\"session\":{t}")),
        1 => json_token().prop_map(|t| format!(",\"respondent\":{t}")),
        1 => json_token().prop_map(|t| format!(",\"other\":{t}")),
    ];
    let f = score_all;
    check(
        "near-valid JSON",
        (instrument, answers, extra),
        move |(instrument, answers, extra)| {
            let body: Vec<String> = answers
                .iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).expect("string")))
                .collect();
            let text = format!(
                "{{\"instrument\":{},\"answers\":{{{}}}{extra}}}",
                serde_json::to_string(&instrument).expect("string"),
                body.join(",")
            );
            f(&text);
            Ok(())
        },
    );
}

/// The answers a JSON response holds are those written (a sanity check of
/// the generator above, so the near-valid case really reaches the scorer).
#[test]
fn near_valid_json_reaches_the_scorer() {
    let text = r#"{"instrument":"phq-9","answers":{"1":3,"2":"n/a","3":null,"9":1e400}}"#;
    assert!(serde_json::from_str::<Response>(text).is_err());
    let text = r#"{"instrument":"phq-9","answers":{"1":3,"3":null,"9":-0},"session":2}"#;
    let r: Response = serde_json::from_str(text).expect("parses");
    let expected: BTreeMap<String, Answer> = [
        ("1".to_string(), Answer::Value(3.0)),
        ("3".to_string(), Answer::Missing),
        ("9".to_string(), Answer::Value(0.0)),
    ]
    .into_iter()
    .collect();
    assert_eq!(r.answers, expected);
    let score = Scorer::new(Catalog::builtin().get("phq-9").expect("built in"))
        .score(&r)
        .expect("valid");
    assert!(!score.flagged("item-9"));
}
