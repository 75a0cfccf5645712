//! Golden cases through the single-response path.

use bordin::Instrument;

use super::{FIXTURES, builtin, check_score, load, response_for, scorer_for};

fn run(id: &str, json: &str) {
    let fixture = load(json);
    assert_eq!(fixture.instrument, id);
    let inst = builtin(id);
    for case in &fixture.cases {
        let scorer = scorer_for(inst, case);
        let response = response_for(id, case);
        let score = scorer
            .score(&response)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        check_score(inst, case, &score);
        // Respondent and session are copied, not interpreted.
        let tagged = response.clone().respondent("c01").session(7);
        let again = scorer.score(&tagged).expect("same answers");
        assert_eq!(again.respondent.as_deref(), Some("c01"));
        assert_eq!(again.session, Some(7));
        assert_eq!(again.scales, score.scales, "{}", case.name);
        // With default options, Instrument::score is the same plan.
        if case.options.to_score_options() == bordin::ScoreOptions::default() {
            assert_eq!(
                Instrument::score(inst, &response).expect("valid"),
                score,
                "{}",
                case.name
            );
        }
    }
}

#[test]
fn wai_sr() {
    run(FIXTURES[0].0, FIXTURES[0].1);
}

#[test]
fn srs() {
    run(FIXTURES[1].0, FIXTURES[1].1);
}

#[test]
fn phq_9() {
    run(FIXTURES[2].0, FIXTURES[2].1);
}

/// The same cases given as JSON responses (the documented input format).
#[test]
fn cases_as_json_responses() {
    for (id, json) in FIXTURES {
        let fixture = load(json);
        let inst = builtin(id);
        for case in &fixture.cases {
            let text = serde_json::json!({
                "instrument": id,
                "respondent": "c01",
                "session": 3,
                "answers": case.answers,
            })
            .to_string();
            let response: bordin::Response = serde_json::from_str(&text).expect("parses");
            assert_eq!(response.answers, case.answers, "{}", case.name);
            let score = scorer_for(inst, case).score(&response).expect("valid");
            check_score(inst, case, &score);
        }
    }
}

/// `Score` is plain data: it survives a JSON round trip unchanged.
#[test]
fn score_round_trips_through_json() {
    for (id, json) in FIXTURES {
        let fixture = load(json);
        let inst = builtin(id);
        for case in &fixture.cases {
            let score = scorer_for(inst, case)
                .score(&response_for(id, case))
                .expect("valid");
            let text = serde_json::to_string(&score).expect("serializes");
            let back: bordin::Score = serde_json::from_str(&text).expect("deserializes");
            assert_eq!(back, score, "{}", case.name);
        }
    }
}
