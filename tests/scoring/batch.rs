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
