//! Scoring (issue 3): golden cases for `wai-sr`, `srs` and `phq-9` through
//! the single-response and batch paths, band edges and flag conditions, every
//! `ScoreError` kind and the `ScoreOptions` errors.
//!
//! The golden cases live in `tests/fixtures/scoring/<id>.json`; each names its
//! source (a "Check:" line of the instrument reference, the published key, or
//! a hand computation written out in the case).

mod bands_flags;
mod batch;
mod errors;
mod golden;

use std::collections::BTreeMap;

use bordin::{
    Aggregation, Answer, Catalog, Instrument, MissingRule, Response, Score, ScoreOptions, Scorer,
};
use serde::Deserialize;

/// The built-in instrument `id`.
pub(crate) fn builtin(id: &str) -> &'static Instrument {
    Catalog::builtin()
        .get(id)
        .unwrap_or_else(|| panic!("{id} is built in"))
}

/// A fixture file: the golden cases of one instrument.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fixture {
    pub(crate) instrument: String,
    #[expect(dead_code, reason = "documentation for the reader of the fixture")]
    pub(crate) notes: Vec<String>,
    pub(crate) cases: Vec<Case>,
}

/// One golden case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Case {
    pub(crate) name: String,
    /// Where the expected numbers come from.
    pub(crate) source: String,
    pub(crate) answers: BTreeMap<String, Answer>,
    #[serde(default)]
    pub(crate) options: Options,
    /// Every scale of the instrument, by id.
    pub(crate) expected: BTreeMap<String, Expected>,
    /// Ids of the flags that fire, in the order the `Score` lists them.
    pub(crate) flags: Vec<String>,
}

/// `ScoreOptions` written as data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Options {
    #[serde(default)]
    missing: BTreeMap<String, MissingRule>,
    #[serde(default)]
    aggregation: Option<Aggregation>,
    #[serde(default)]
    enable_flags: Vec<String>,
    #[serde(default)]
    disable_flags: Vec<String>,
}

impl Options {
    pub(crate) fn to_score_options(&self) -> ScoreOptions {
        let mut o = ScoreOptions::default();
        for (scale, rule) in &self.missing {
            o = o.missing(scale.clone(), *rule);
        }
        if let Some(a) = self.aggregation {
            o = o.aggregation(a);
        }
        for f in &self.enable_flags {
            o = o.enable_flag(f.clone());
        }
        for f in &self.disable_flags {
            o = o.disable_flag(f.clone());
        }
        o
    }
}

/// The expected result for one scale.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expected {
    /// `None`: insufficient answers.
    pub(crate) value: Option<ExpectedValue>,
    /// Absolute tolerance; 0 (the default) means exact equality.
    #[serde(default)]
    pub(crate) abs: f64,
    pub(crate) prorated: bool,
    #[serde(default)]
    pub(crate) band: Option<String>,
    pub(crate) answered: usize,
    #[serde(default)]
    pub(crate) required: Option<usize>,
}

/// A number, or an exact ratio `"p/q"` evaluated as the f64 `p / q` (one
/// correctly rounded division, so the nearest f64 to the hand result).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum ExpectedValue {
    Number(f64),
    Ratio(String),
}

impl ExpectedValue {
    pub(crate) fn get(&self) -> f64 {
        match self {
            ExpectedValue::Number(x) => *x,
            ExpectedValue::Ratio(s) => {
                let (p, q) = s.split_once('/').expect("ratio is written p/q");
                let p: f64 = p.trim().parse().expect("numerator");
                let q: f64 = q.trim().parse().expect("denominator");
                p / q
            }
        }
    }
}

pub(crate) fn load(json: &str) -> Fixture {
    let f: Fixture = serde_json::from_str(json).expect("fixture parses");
    let inst = builtin(&f.instrument);
    for case in &f.cases {
        assert!(!case.source.trim().is_empty(), "{}: no source", case.name);
        let scales: Vec<&str> = inst.scales().iter().map(|s| s.id().as_str()).collect();
        let listed: Vec<&str> = case.expected.keys().map(String::as_str).collect();
        let mut sorted = scales.clone();
        sorted.sort_unstable();
        assert_eq!(
            listed, sorted,
            "{}: expected must list every scale",
            case.name
        );
    }
    f
}

pub(crate) const FIXTURES: [(&str, &str); 3] = [
    ("wai-sr", include_str!("../fixtures/scoring/wai-sr.json")),
    ("srs", include_str!("../fixtures/scoring/srs.json")),
    ("phq-9", include_str!("../fixtures/scoring/phq-9.json")),
];

/// The compiled scorer for a case.
pub(crate) fn scorer_for(inst: &Instrument, case: &Case) -> Scorer {
    Scorer::with_options(inst, &case.options.to_score_options())
        .unwrap_or_else(|e| panic!("{}: options rejected: {e}", case.name))
}

pub(crate) fn response_for(instrument: &str, case: &Case) -> Response {
    let mut r = Response::new(instrument);
    r.answers.clone_from(&case.answers);
    r
}

/// The batch row of a case (item order, NaN = missing), or `None` when an
/// answer is "not applicable" (the batch cannot express it).
pub(crate) fn row_for(scorer: &Scorer, answers: &BTreeMap<String, Answer>) -> Option<Vec<f64>> {
    scorer
        .item_ids()
        .map(|id| match answers.get(id) {
            None | Some(Answer::Missing) => Some(f64::NAN),
            Some(Answer::Value(x)) => Some(*x),
            Some(Answer::NotApplicable) => None,
        })
        .collect()
}

/// Asserts that `got` is the expected value of `scale` in `case`.
pub(crate) fn check_value(case: &Case, scale: &str, got: Option<f64>, path: &str) {
    let e = &case.expected[scale];
    match (&e.value, got) {
        (None, None) => {}
        (Some(want), Some(got)) => {
            let want = want.get();
            assert!(
                (got - want).abs() <= e.abs,
                "{path}: {}: {scale} = {got:?}, expected {want:?} (abs {:e}); source: {}",
                case.name,
                e.abs,
                case.source
            );
        }
        (want, got) => panic!(
            "{path}: {}: {scale} = {got:?}, expected {want:?}; source: {}",
            case.name, case.source
        ),
    }
}

/// Asserts every field of a `Score` that the case pins.
pub(crate) fn check_score(inst: &Instrument, case: &Case, score: &Score) {
    assert_eq!(&*score.instrument, inst.id().as_str());
    assert_eq!(&*score.version, inst.version());
    assert_eq!(&*score.fingerprint, inst.fingerprint());
    let ids: Vec<&str> = score.scales.iter().map(|s| &*s.scale).collect();
    let declared: Vec<&str> = inst.scales().iter().map(|s| s.id().as_str()).collect();
    assert_eq!(ids, declared, "{}: scales in declared order", case.name);
    for (scale, e) in &case.expected {
        let s = score.scale(scale).expect("scale present");
        check_value(case, scale, s.value, "score");
        let ctx = || format!("{}: {scale} ({})", case.name, case.source);
        assert_eq!(
            s.status,
            if e.value.is_some() {
                bordin::Status::Scored
            } else {
                bordin::Status::Insufficient
            },
            "{}",
            ctx()
        );
        assert_eq!(s.prorated, e.prorated, "prorated, {}", ctx());
        assert!(!s.substituted, "substituted, {}", ctx());
        assert_eq!(s.not_applicable, 0, "not applicable, {}", ctx());
        assert_eq!(s.answered, e.answered, "answered, {}", ctx());
        if let Some(r) = e.required {
            assert_eq!(s.required, r, "required, {}", ctx());
        }
        assert_eq!(s.band.as_deref(), e.band.as_deref(), "band, {}", ctx());
        // The scorer's band is the instrument's own band lookup (unless the
        // options changed the metric, which drops the bands).
        if case.options.aggregation.is_none()
            && let Some(v) = s.value
        {
            let declared = inst.scale(scale).and_then(|sc| sc.band_of(v));
            assert_eq!(
                s.band.as_deref(),
                declared.map(|b| b.label.as_str()),
                "{}",
                ctx()
            );
        }
    }
    let fired: Vec<&str> = score.flags.iter().map(|f| &*f.id).collect();
    assert_eq!(
        fired, case.flags,
        "{}: flags fired ({})",
        case.name, case.source
    );
    // Each fired flag reports what it watched: the scale value or the chosen option.
    for f in &score.flags {
        match (&f.scale, &f.item) {
            (Some(scale), None) => assert_eq!(Some(f.value), score.value(scale), "{}", case.name),
            (None, Some(item)) => {
                assert_eq!(case.answers.get(&**item), Some(&Answer::Value(f.value)));
            }
            other => panic!("{}: flag {} watches {other:?}", case.name, f.id),
        }
    }
}
