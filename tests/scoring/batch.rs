//! The golden cases through `Scorer::score_batch`, one row per case and all
//! rows of an instrument in one buffer; batch errors carry their row.

use bordin::{Answer, ScoreError, Scorer};

use super::{FIXTURES, builtin, check_value, load, response_for, row_for, scorer_for};

/// Each case alone, as a one-row batch, agrees with the fixture and with the
/// single-response path (bit for bit; NaN where the response path has `None`).
#[test]
fn each_case_as_a_one_row_batch() {
    for (id, json) in FIXTURES {
        let fixture = load(json);
        let inst = builtin(id);
        for case in &fixture.cases {
            let scorer = scorer_for(inst, case);
            let row = row_for(&scorer, &case.answers).expect("no n/a in these instruments");
            let mut out = vec![0.0; scorer.n_scales()];
            scorer
                .score_batch(&row, &mut out)
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
            let single = scorer.score(&response_for(id, case)).expect("valid");
            for (j, scale) in scorer.scale_ids().enumerate() {
                let got = Some(out[j]).filter(|v| !v.is_nan());
                check_value(case, scale, got, "batch");
                let want = single.value(scale);
                assert_eq!(
                    got.map(f64::to_bits),
                    want.map(f64::to_bits),
                    "{}: {scale}: batch {got:?} vs single {want:?}",
                    case.name
                );
            }
        }
    }
}

/// All default-option cases of an instrument in one buffer: each output row
/// belongs to its input row.
#[test]
fn all_cases_in_one_buffer() {
    for (id, json) in FIXTURES {
        let fixture = load(json);
        let inst = builtin(id);
        let scorer = Scorer::new(inst);
        let cases: Vec<_> = fixture
            .cases
            .iter()
            .filter(|c| c.options.to_score_options() == bordin::ScoreOptions::default())
            .collect();
        assert!(cases.len() >= 5, "{id}: enough default-option cases");
        let data: Vec<f64> = cases
            .iter()
            .flat_map(|c| row_for(&scorer, &c.answers).expect("no n/a"))
            .collect();
        let mut out = vec![f64::INFINITY; cases.len() * scorer.n_scales()];
        scorer.score_batch(&data, &mut out).expect("valid rows");
        for (case, out_row) in cases.iter().zip(out.chunks_exact(scorer.n_scales())) {
            for (j, scale) in scorer.scale_ids().enumerate() {
                let got = Some(out_row[j]).filter(|v| !v.is_nan());
                check_value(case, scale, got, "batch buffer");
            }
        }
    }
}

/// An empty batch is valid and writes nothing.
#[test]
fn empty_batch() {
    let scorer = Scorer::new(builtin("wai-sr"));
    scorer.score_batch(&[], &mut []).expect("zero rows");
}

#[test]
fn shape_errors() {
    let scorer = Scorer::new(builtin("wai-sr"));
    // 13 values are not a whole number of 12-item rows.
    let mut out = vec![0.0; 4];
    assert_eq!(
        scorer.score_batch(&[1.0; 13], &mut out),
        Err(ScoreError::Shape {
            what: "data",
            expected: 12,
            got: 13
        })
    );
    // Two rows need 2 × 4 outputs.
    let mut out = vec![0.0; 7];
    assert_eq!(
        scorer.score_batch(&[1.0; 24], &mut out),
        Err(ScoreError::Shape {
            what: "out",
            expected: 8,
            got: 7
        })
    );
    let mut out = vec![0.0; 9];
    assert!(matches!(
        scorer.score_batch(&[1.0; 24], &mut out),
        Err(ScoreError::Shape { what: "out", .. })
    ));
}

/// NaN is "missing" in a batch (where a response rejects `Answer::Value(NaN)`).
#[test]
fn nan_is_missing_in_a_batch() {
    let scorer = Scorer::new(builtin("phq-9"));
    // Published check "8 answered summing to 16 -> 18.0", item 5 as NaN.
    let row = [2.0, 2.0, 2.0, 2.0, f64::NAN, 2.0, 2.0, 2.0, 2.0, f64::NAN];
    let mut out = [0.0];
    scorer.score_batch(&row, &mut out).expect("NaN is missing");
    assert_eq!(out[0], 18.0);
}

/// Every value error of the response path, placed in row 2 of a batch after
/// two valid rows, comes back as `InRow { row: 2, source }` with the same
/// source error.
#[test]
fn value_errors_carry_their_row() {
    for case in super::errors::cases() {
        if !case.batch {
            continue;
        }
        let inst = builtin(case.instrument);
        let scorer = Scorer::new(inst);
        // A valid row: every item at the lowest point of its scale.
        let valid: Vec<f64> = inst
            .items()
            .iter()
            .map(|it| it.response_scale().bounds().expect("bounded").0)
            .collect();
        let mut bad = valid.clone();
        for (item, answer) in &case.answers {
            let Answer::Value(x) = answer else {
                panic!("{}: batch cases give values", case.name)
            };
            bad[inst.item_index(item).expect("known item")] = *x;
        }
        let data: Vec<f64> = [valid.clone(), valid.clone(), bad, valid]
            .into_iter()
            .flatten()
            .collect();
        let mut out = vec![0.0; 4 * scorer.n_scales()];
        let err = scorer.score_batch(&data, &mut out).expect_err(&case.name);
        assert_eq!(
            err,
            ScoreError::InRow {
                row: 2,
                source: Box::new(case.expected.clone())
            },
            "{} ({})",
            case.name,
            case.source
        );
        let message = err.to_string();
        assert_eq!(message, "row 2", "{}", case.name);
        let source = std::error::Error::source(&err).expect("has a source");
        assert_eq!(source.to_string(), case.expected.to_string());
    }
}

/// The first invalid row is reported by its index wherever it falls: in any
/// lane of a group of rows, in the padded last rows, and in either part of a
/// batch large enough to be split across threads. A missing cell in an
/// earlier row is not an error. Rows hold WAI-SR answers 1..=5; the invalid
/// value 2.5 is not a point (ScoreError::NotAPoint, the published 1..5 scale).
#[test]
fn first_invalid_row_is_reported_wherever_it_falls() {
    let scorer = Scorer::new(builtin("wai-sr"));
    let k = scorer.n_items();
    let s = scorer.n_scales();
    for rows in [1_usize, 3, 4, 5, 7, 8, 9, 13, 40_003] {
        let mut data: Vec<f64> = (0..rows * k).map(|i| (i % 5 + 1) as f64).collect();
        // A missing cell in row 0 is fine.
        data[3] = f64::NAN;
        let mut out = vec![0.0; rows * s];
        scorer.score_batch(&data, &mut out).expect("valid rows");
        let mut targets: Vec<usize> = (0..rows.min(13)).collect();
        targets.extend(
            [rows / 2, rows / 2 + 1, rows.saturating_sub(2), rows - 1]
                .iter()
                .filter(|&&r| r < rows),
        );
        for target in targets {
            for (item, bad) in [(0, 2.5), (k - 1, 0.0), (5, f64::INFINITY)] {
                let mut broken = data.clone();
                broken[target * k + item] = bad;
                // A second invalid row later on must not hide the first.
                if target + 1 < rows {
                    broken[(target + 1) * k] = 9.0;
                }
                let err = scorer
                    .score_batch(&broken, &mut out)
                    .expect_err("an invalid row");
                let ScoreError::InRow { row, .. } = err else {
                    panic!("{rows} rows: not a row error: {err:?}")
                };
                assert_eq!(row, target, "{rows} rows, invalid cell at item {item}");
            }
        }
    }
}

/// An instrument that declares no scale (the format allows it: a screen
/// whose items are read one by one) scores a batch into an empty output and
/// still rejects an invalid answer.
#[test]
fn instrument_without_scales() {
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../../instruments/phq-9.json")).expect("JSON");
    json["scales"] = serde_json::json!([]);
    let inst = bordin::Instrument::from_json(&json.to_string()).expect("no scale is valid");
    let scorer = Scorer::new(&inst);
    assert_eq!(scorer.n_scales(), 0);
    let mut data = vec![1.0; 3 * 10];
    scorer.score_batch(&data, &mut []).expect("valid rows");
    // PHQ-9 points are 0..=3: 7 is out of range (published scale).
    data[2 * 10 + 4] = 7.0;
    let err = scorer
        .score_batch(&data, &mut [])
        .expect_err("out of range");
    assert!(matches!(err, ScoreError::InRow { row: 2, .. }), "{err:?}");
}

/// A fraction just below an integer is not a point, even where `x − lo`
/// rounds it onto one: on a scale of −2..1, 0.9999999999999999 + 2 is 3.0 in
/// f64. The response path and the batch path both reject it (a hand-made
/// variant of PHQ-9 with points −2..1; PHQ-9's own points start at 0, where
/// the subtraction is exact).
#[test]
fn a_fraction_next_to_a_point_is_not_a_point() {
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../../instruments/phq-9.json")).expect("JSON");
    for rs in json["response_scales"].as_array_mut().expect("scales") {
        for (p, v) in rs["points"]
            .as_array_mut()
            .expect("points")
            .iter_mut()
            .zip(-2..)
        {
            p["value"] = serde_json::json!(v);
        }
    }
    for s in json["scales"].as_array_mut().expect("scales") {
        for key in ["bands", "cutoffs", "reliable_change", "norms"] {
            s.as_object_mut().expect("object").remove(key);
        }
    }
    json["flags"] = serde_json::json!([]);
    let inst = bordin::Instrument::from_json(&json.to_string()).expect("valid variant");
    let scorer = Scorer::new(&inst);
    let x = 0.999_999_999_999_999_9_f64;
    assert!(x < 1.0 && x + 2.0 == 3.0, "the premise of the test");
    let mut row = vec![1.0; scorer.n_items()];
    row[0] = x;
    let answers: Vec<Answer> = row.iter().map(|&v| Answer::Value(v)).collect();
    let single = scorer.score_answers(&answers, None, None);
    assert!(
        matches!(single, Err(ScoreError::NotAPoint { .. })),
        "{single:?}"
    );
    let mut out = vec![0.0; scorer.n_scales()];
    let batch = scorer.score_batch(&row, &mut out);
    assert!(
        matches!(&batch, Err(ScoreError::InRow { row: 0, source }) if matches!(**source, ScoreError::NotAPoint { .. })),
        "{batch:?}"
    );
    // The point itself is fine on both paths: 10 items at the top point 1.
    row[0] = 1.0;
    scorer.score_batch(&row, &mut out).expect("valid");
    assert_eq!(out[0], 9.0, "nine scored items at 1 (item 10 is unscored)");
}
