//! Every `ScoreError` kind of the response path, and the `ScoreOptions`
//! errors of `Scorer::with_options`.

use bordin::{Answer, MissingRule, Response, ScoreError, ScoreOptions, Scorer};

use super::builtin;

/// One input that must be rejected.
pub(crate) struct ErrorCase {
    pub(crate) name: String,
    /// Why the input is invalid (the instrument's declared response scale).
    pub(crate) source: &'static str,
    /// The scorer's instrument.
    pub(crate) instrument: &'static str,
    /// The instrument the response names.
    pub(crate) response_for: &'static str,
    pub(crate) answers: Vec<(String, Answer)>,
    pub(crate) expected: ScoreError,
    /// Whether the same input can be written as a batch row (a value for a
    /// known item that is not NaN, which a batch reads as missing).
    pub(crate) batch: bool,
}

fn case(
    instrument: &'static str,
    source: &'static str,
    item: &str,
    answer: Answer,
    expected: ScoreError,
) -> ErrorCase {
    let batch = matches!(answer, Answer::Value(x) if !x.is_nan())
        && !matches!(expected, ScoreError::UnknownItem { .. });
    ErrorCase {
        name: format!("{instrument} item {item} = {answer:?}"),
        source,
        instrument,
        response_for: instrument,
        answers: vec![(item.to_string(), answer)],
        expected,
        batch,
    }
}

fn out_of_range(item: &str, value: f64, min: f64, max: f64) -> ScoreError {
    ScoreError::OutOfRange {
        item: item.into(),
        value,
        min,
        max,
    }
}

fn not_a_point(item: &str, value: f64) -> ScoreError {
    ScoreError::NotAPoint {
        item: item.into(),
        value,
    }
}

fn non_finite(item: &str) -> ScoreError {
    ScoreError::NonFinite { item: item.into() }
}

fn unknown(item: &str) -> ScoreError {
    ScoreError::UnknownItem { item: item.into() }
}

fn no_na(item: &str) -> ScoreError {
    ScoreError::NotApplicableNotAllowed { item: item.into() }
}

const WAI: &str =
    "wai-sr: items 1-12 on 1-5 (Seldom..Always), no N/A (instruments.md WAI-SR Scale)";
const SRS: &str =
    "srs: items 1-4 on a 0-10 line at resolution 0.1, no N/A (instruments.md SRS Scale)";
const PHQ: &str =
    "phq-9: items 1-9 on 0-3, item 10 on 0-3 (difficulty), no N/A (instruments.md PHQ-9 Scale)";

/// The table of rejected inputs, one or more per error kind and instrument.
pub(crate) fn cases() -> Vec<ErrorCase> {
    use Answer::{Missing, NotApplicable, Value};
    let (inf, nan) = (f64::INFINITY, f64::NAN);
    let mut v = vec![
        // Unknown item id.
        case("wai-sr", WAI, "13", Value(3.0), unknown("13")),
        case("wai-sr", WAI, "q1", Value(3.0), unknown("q1")),
        case("wai-sr", WAI, "01", Value(3.0), unknown("01")),
        case("srs", SRS, "5", Value(9.0), unknown("5")),
        case("phq-9", PHQ, "0", Value(1.0), unknown("0")),
        case("phq-9", PHQ, "11", Missing, unknown("11")),
        // Outside the scale.
        case(
            "wai-sr",
            WAI,
            "3",
            Value(6.0),
            out_of_range("3", 6.0, 1.0, 5.0),
        ),
        case(
            "wai-sr",
            WAI,
            "12",
            Value(0.0),
            out_of_range("12", 0.0, 1.0, 5.0),
        ),
        case(
            "srs",
            SRS,
            "2",
            Value(10.1),
            out_of_range("2", 10.1, 0.0, 10.0),
        ),
        case(
            "srs",
            SRS,
            "3",
            Value(-0.1),
            out_of_range("3", -0.1, 0.0, 10.0),
        ),
        case(
            "srs",
            SRS,
            "4",
            Value(10.0_f64.next_up()),
            out_of_range("4", 10.0_f64.next_up(), 0.0, 10.0),
        ),
        case(
            "phq-9",
            PHQ,
            "1",
            Value(4.0),
            out_of_range("1", 4.0, 0.0, 3.0),
        ),
        case(
            "phq-9",
            PHQ,
            "9",
            Value(-1.0),
            out_of_range("9", -1.0, 0.0, 3.0),
        ),
        case(
            "phq-9",
            PHQ,
            "10",
            Value(4.0),
            out_of_range("10", 4.0, 0.0, 3.0),
        ),
        case(
            "phq-9",
            PHQ,
            "5",
            Value(1e300),
            out_of_range("5", 1e300, 0.0, 3.0),
        ),
        // Not an integer on an ordinal scale.
        case("wai-sr", WAI, "7", Value(2.5), not_a_point("7", 2.5)),
        case(
            "wai-sr",
            WAI,
            "8",
            Value(3.0_f64.next_up()),
            not_a_point("8", 3.0_f64.next_up()),
        ),
        case("phq-9", PHQ, "2", Value(1.5), not_a_point("2", 1.5)),
        case("phq-9", PHQ, "10", Value(0.5), not_a_point("10", 0.5)),
        // Off the resolution of a continuous scale.
        case(
            "srs",
            SRS,
            "1",
            Value(9.25),
            ScoreError::OffResolution {
                item: "1".into(),
                value: 9.25,
                resolution: 0.1,
            },
        ),
        case(
            "srs",
            SRS,
            "4",
            Value(0.05),
            ScoreError::OffResolution {
                item: "4".into(),
                value: 0.05,
                resolution: 0.1,
            },
        ),
        // NaN or infinity.
        case("wai-sr", WAI, "1", Value(nan), non_finite("1")),
        case("wai-sr", WAI, "2", Value(inf), non_finite("2")),
        case("wai-sr", WAI, "2", Value(-inf), non_finite("2")),
        case("srs", SRS, "4", Value(nan), non_finite("4")),
        case("srs", SRS, "3", Value(inf), non_finite("3")),
        case("srs", SRS, "3", Value(-inf), non_finite("3")),
        case("phq-9", PHQ, "9", Value(nan), non_finite("9")),
        case("phq-9", PHQ, "5", Value(inf), non_finite("5")),
        // "Not applicable" where the scale has no such option.
        case("wai-sr", WAI, "4", NotApplicable, no_na("4")),
        case("srs", SRS, "2", NotApplicable, no_na("2")),
        case("phq-9", PHQ, "9", NotApplicable, no_na("9")),
        case("phq-9", PHQ, "10", NotApplicable, no_na("10")),
    ];
    // A response for another instrument, whatever its answers.
    for (scorer, other, answers) in [
        ("wai-sr", "srs", vec![]),
        ("srs", "SRS", vec![("1".to_string(), Value(9.0))]),
        ("phq-9", "phq9", vec![("99".to_string(), Value(nan))]),
        ("phq-9", "", vec![]),
    ] {
        v.push(ErrorCase {
            name: format!("{scorer} scorer, response for {other:?}"),
            source: "the response names another instrument",
            instrument: scorer,
            response_for: other,
            answers,
            expected: ScoreError::WrongInstrument {
                expected: scorer.into(),
                found: other.into(),
            },
            batch: false,
        });
    }
    v
}

#[test]
fn each_error_kind_is_reported_with_its_item() {
    for c in cases() {
        let scorer = Scorer::new(builtin(c.instrument));
        let mut response = Response::new(c.response_for);
        // Valid answers elsewhere must not hide the error.
        if c.response_for == c.instrument {
            for item in builtin(c.instrument).items() {
                let lo = item.response_scale().bounds().expect("bounded").0;
                response = response.answer(item.id().as_str(), lo);
            }
        }
        for (item, answer) in &c.answers {
            response = response.answer(item.clone(), *answer);
        }
        let err = scorer
            .score(&response)
            .expect_err(&format!("{} must be rejected", c.name));
        assert_eq!(err, c.expected, "{} ({})", c.name, c.source);
        // The message names the offending item (or instrument).
        let message = err.to_string();
        let named = match &c.expected {
            ScoreError::WrongInstrument { found, .. } => found.clone(),
            ScoreError::UnknownItem { item }
            | ScoreError::OutOfRange { item, .. }
            | ScoreError::NotAPoint { item, .. }
            | ScoreError::OffResolution { item, .. }
            | ScoreError::NonFinite { item }
            | ScoreError::NotApplicableNotAllowed { item } => item.clone(),
            other => panic!("unexpected kind {other:?}"),
        };
        assert!(message.contains(&named), "{message:?} names {named:?}");
        assert!(!message.ends_with('.'), "{message:?}: no trailing period");
    }
}

/// Every kind of the issue's list is in the table above.
#[test]
fn the_table_covers_every_value_error_kind() {
    let cases = cases();
    let has = |f: fn(&ScoreError) -> bool| cases.iter().filter(|c| f(&c.expected)).count();
    assert!(has(|e| matches!(e, ScoreError::UnknownItem { .. })) >= 3);
    assert!(has(|e| matches!(e, ScoreError::OutOfRange { .. })) >= 3);
    assert!(has(|e| matches!(e, ScoreError::NotAPoint { .. })) >= 2);
    assert!(has(|e| matches!(e, ScoreError::OffResolution { .. })) >= 1);
    assert!(has(|e| matches!(e, ScoreError::NonFinite { .. })) >= 3);
    assert!(has(|e| matches!(e, ScoreError::NotApplicableNotAllowed { .. })) >= 3);
    assert!(has(|e| matches!(e, ScoreError::WrongInstrument { .. })) >= 3);
    assert!(cases.iter().filter(|c| c.batch).count() >= 10);
}

/// The JSON spelling of answers: numbers, `null`, `"n/a"` (any case); anything
/// else fails to parse, and a parsed `"n/a"` is rejected by the scorer.
#[test]
fn json_answers() {
    let parse = |a: &str| {
        serde_json::from_str::<Response>(&format!(
            r#"{{"instrument":"wai-sr","answers":{{"4":{a}}}}}"#
        ))
    };
    assert_eq!(parse("3").expect("int").answers["4"], Answer::Value(3.0));
    assert_eq!(
        parse("3.0").expect("float").answers["4"],
        Answer::Value(3.0)
    );
    assert_eq!(parse("null").expect("null").answers["4"], Answer::Missing);
    for na in [r#""n/a""#, r#""N/A""#, r#""N/a""#] {
        let r = parse(na).expect("n/a");
        assert_eq!(r.answers["4"], Answer::NotApplicable);
        assert_eq!(
            Scorer::new(builtin("wai-sr")).score(&r),
            Err(no_na("4")),
            "{na}"
        );
    }
    for bad in [
        r#""na""#, r#""3""#, r#""""#, "true", "[3]", "{}", "1e400", "NaN",
    ] {
        assert!(parse(bad).is_err(), "{bad} must not parse");
    }
    // Unknown top-level fields and a missing answers map are rejected.
    assert!(
        serde_json::from_str::<Response>(r#"{"instrument":"wai-sr","answers":{},"x":1}"#).is_err()
    );
    assert!(serde_json::from_str::<Response>(r#"{"instrument":"wai-sr"}"#).is_err());
    assert!(
        serde_json::from_str::<Response>(r#"{"instrument":"wai-sr","session":-1,"answers":{}}"#)
            .is_err()
    );
}

#[test]
fn option_errors() {
    let wai = builtin("wai-sr");
    let phq = builtin("phq-9");
    let srs = builtin("srs");
    let err = |inst, o: ScoreOptions| Scorer::with_options(inst, &o).expect_err("rejected");

    // Unknown scale in a missing-data override.
    assert_eq!(
        err(
            wai,
            ScoreOptions::default().missing("alliance", MissingRule::Complete)
        ),
        ScoreError::UnknownScale {
            scale: "alliance".into()
        }
    );
    // Unknown flag, enabled or disabled.
    assert_eq!(
        err(srs, ScoreOptions::default().enable_flag("item-5-low")),
        ScoreError::UnknownFlag {
            flag: "item-5-low".into()
        }
    );
    assert_eq!(
        err(phq, ScoreOptions::default().disable_flag("item-10")),
        ScoreError::UnknownFlag {
            flag: "item-10".into()
        }
    );
    // A flag of another instrument.
    assert_eq!(
        err(wai, ScoreOptions::default().enable_flag("alliance-concern")),
        ScoreError::UnknownFlag {
            flag: "alliance-concern".into()
        }
    );
    // Rules that let every component be missing: PHQ-9 total has 9 items,
    // a WAI-SR subscale 4, the WAI-SR total 3 subscales.
    for (inst, scale, rule) in [
        (
            phq,
            "total",
            MissingRule::Prorate {
                max_missing: 9,
                not_applicable_is_missing: true,
            },
        ),
        (
            wai,
            "task",
            MissingRule::SubstituteMean {
                max_missing: 4,
                not_applicable_is_missing: true,
            },
        ),
        (
            wai,
            "total",
            MissingRule::Prorate {
                max_missing: 3,
                not_applicable_is_missing: false,
            },
        ),
        (
            srs,
            "total",
            MissingRule::MeanOfAnswered {
                min_answered: 0,
                not_applicable_is_missing: true,
            },
        ),
    ] {
        assert_eq!(
            err(inst, ScoreOptions::default().missing(scale, rule)),
            ScoreError::RuleAllowsNothing {
                scale: scale.into()
            },
            "{scale} {rule:?}"
        );
    }
    // One short of "everything missing" is accepted.
    Scorer::with_options(
        phq,
        &ScoreOptions::default().missing(
            "total",
            MissingRule::Prorate {
                max_missing: 8,
                not_applicable_is_missing: true,
            },
        ),
    )
    .expect("8 of 9 may be missing");
    Scorer::with_options(
        wai,
        &ScoreOptions::default().missing(
            "total",
            MissingRule::MeanOfAnswered {
                min_answered: 1,
                not_applicable_is_missing: true,
            },
        ),
    )
    .expect("min 1 answered");
    // The default options compile every built-in instrument.
    for inst in bordin::Catalog::builtin().iter() {
        Scorer::with_options(inst, &ScoreOptions::default()).expect("defaults are valid");
    }
}

/// The last override of a scale wins; an override of one scale leaves the
/// others alone.
#[test]
fn option_overrides() {
    let phq = builtin("phq-9");
    let strict_then_lenient = ScoreOptions::default()
        .missing("total", MissingRule::Complete)
        .missing(
            "total",
            MissingRule::Prorate {
                max_missing: 2,
                not_applicable_is_missing: true,
            },
        );
    let r = Response::new("phq-9").with_values(&[2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]);
    let s = Scorer::with_options(phq, &strict_then_lenient)
        .expect("valid")
        .score(&r)
        .expect("valid");
    // Published check: 8 answered summing to 16 -> 18.0.
    assert_eq!(s.value("total"), Some(18.0));

    let wai = builtin("wai-sr");
    let strict_task = ScoreOptions::default().missing("task", MissingRule::Complete);
    // Item 3 (bond) missing: bond still prorates under its own rule.
    let mut r = Response::new("wai-sr").with_values(&[4.0; 12]);
    r.answers.remove("3");
    let s = Scorer::with_options(wai, &strict_task)
        .expect("valid")
        .score(&r)
        .expect("valid");
    assert_eq!(s.value("task"), Some(16.0));
    assert_eq!(s.value("bond"), Some(16.0));
    assert!(s.scale("bond").expect("bond").prorated);
}
