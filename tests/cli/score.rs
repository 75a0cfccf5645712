//! `bordin score`: golden output, the WAI-SR key recomputed independently,
//! NDJSON and standard input, rejected rows, and CSV formula escaping.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Run, TempDir, arg, assert_golden, fixture, run, run_with_stdin};

const SESSIONS: &str = "examples/data/wai-sr-sessions.csv";
const BAD_ROWS: &str = "examples/data/wai-sr-bad-rows.csv";

/// The WAI-SR key (Hatcher & Gillaspy 2006; `instruments/wai-sr.json`, whose
/// key is confirmed by two independent sources): no reversed items, 1..5.
const WAI_SR_KEY: [(&str, [usize; 4]); 3] = [
    ("task", [1, 2, 10, 12]),
    ("bond", [3, 5, 7, 9]),
    ("goal", [4, 6, 8, 11]),
];

/// Golden JSON of the bundled practice export.
///
/// Rows checked by hand against the WAI-SR key (Task 1,2,10,12; Bond 3,5,7,9;
/// Goal 4,6,8,11; a subscale with one of four items missing is the mean of
/// the three answered × 4; total = sum of the subscales):
/// - c01/1 `5,4,4,3,3,4,3,3,3,4,4,4`: Task 5+4+4+4 = 17, Bond 4+3+3+3 = 13,
///   Goal 3+4+3+4 = 14, total 44 — golden 17.0, 13.0, 14.0, 44.0.
/// - c01/2 `3,4,4,4,4,3,3,4,4,3,3,_`: Task (3+4+3)/3·4 = 13.333…, Bond
///   4+4+3+4 = 15, Goal 4+3+4+3 = 14, total 42.333… (not 39/11·12 = 42.545:
///   the total sums the prorated subscales) — golden 13.333333333333334,
///   15.0, 14.0, 42.333333333333336, Task and total `prorated: true`.
/// - c01/3 `3,3,3,3,4,4,5,4,_,3,3,4`: Task 13, Bond (3+4+5)/3·4 = 16,
///   Goal 14, total 43 — golden 13.0, 16.0, 14.0, 43.0.
/// - c05/2 `2,2,2,3,_,4,3,3,3,2,3,2`: Task 8, Bond (2+3+3)/3·4 = 10.667,
///   Goal 13, total 31.667 — golden 8.0, 10.666666666666666, 13.0,
///   31.666666666666664.
/// - c06/9 `5,3,5,4,5,3,4,5,5,5,5,_`: Task (5+3+5)/3·4 = 17.333, Bond 19,
///   Goal 17, total 53.333 — golden 17.333333333333332, 19.0, 17.0,
///   53.33333333333333.
///
/// [`every_row_follows_the_published_key`] then recomputes all 80 rows from
/// the CSV with the key above, without the library.
#[test]
fn score_json_golden() {
    let out = run(&["score", "--instrument", "wai-sr", SESSIONS]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    assert_golden("wai-sr-score.ndjson", &out.stdout);
}

/// Golden CSV: `respondent,session,task,bond,goal,total,flags`, the same
/// numbers as the JSON golden (checked by [`csv_and_json_agree`]).
#[test]
fn score_csv_golden() {
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        SESSIONS,
    ]);
    out.expect_code(0);
    assert_golden("wai-sr-score.csv", &out.stdout);
}

#[test]
fn csv_and_json_agree() {
    let json = run(&["score", "--instrument", "wai-sr", SESSIONS]);
    let csv = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        SESSIONS,
    ]);
    let mut rdr = csv::Reader::from_reader(csv.stdout.as_bytes());
    assert_eq!(
        rdr.headers().unwrap(),
        vec![
            "respondent",
            "session",
            "task",
            "bond",
            "goal",
            "total",
            "flags"
        ]
    );
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let objects = json.json_lines();
    assert_eq!(records.len(), objects.len());
    for (rec, obj) in records.iter().zip(&objects) {
        assert_eq!(rec[0], obj["respondent"]);
        assert_eq!(rec[1], obj["session"].to_string());
        for (i, scale) in ["task", "bond", "goal", "total"].iter().enumerate() {
            let value = &obj["scales"][scale]["value"];
            let cell = &rec[2 + i];
            match value.as_f64() {
                Some(v) => assert_eq!(cell.parse::<f64>().unwrap(), v, "{rec:?}"),
                None => assert_eq!(cell, "", "{rec:?}"),
            }
        }
        assert_eq!(&rec[6], "");
    }
}

/// One WAI-SR response recomputed from a CSV record with [`WAI_SR_KEY`]:
/// `(scale, value, answered, prorated)`.
fn by_hand(rec: &csv::StringRecord) -> Vec<(&'static str, Option<f64>, usize, bool)> {
    // respondent, session, date, then items 1..12 in columns 3..14
    let item = |n: usize| -> Option<f64> {
        let cell = &rec[2 + n];
        (!cell.is_empty()).then(|| cell.parse().unwrap())
    };
    let mut out = Vec::new();
    for (scale, items) in WAI_SR_KEY {
        let answered: Vec<f64> = items.iter().filter_map(|&n| item(n)).collect();
        let value = (answered.len() >= 3)
            .then(|| answered.iter().sum::<f64>() / answered.len() as f64 * 4.0);
        out.push((scale, value, answered.len(), answered.len() < 4));
    }
    let total = out.iter().map(|s| s.1).sum::<Option<f64>>();
    let answered = out.iter().map(|s| s.2).sum();
    let prorated = total.is_some() && out.iter().any(|s| s.3);
    out.push(("total", total, answered, prorated));
    out
}

#[test]
fn every_row_follows_the_published_key() {
    let out = run(&["score", "--instrument", "wai-sr", SESSIONS]);
    let objects = out.json_lines();
    let mut rdr = csv::Reader::from_path(super::root().join(SESSIONS)).unwrap();
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 80);
    assert_eq!(objects.len(), records.len());
    let mut prorated_rows = 0;
    for (rec, obj) in records.iter().zip(&objects) {
        assert_eq!(obj["respondent"], rec[0]);
        assert_eq!(obj["session"], rec[1].parse::<u64>().unwrap());
        assert_eq!(obj["instrument"], "wai-sr");
        assert_eq!(obj["flags"], Value::Array(vec![]));
        for (scale, value, answered, prorated) in by_hand(rec) {
            let got = &obj["scales"][scale];
            let items = if scale == "total" { 12 } else { 4 };
            assert_eq!(got["items"], items, "{rec:?} {scale}");
            assert_eq!(got["answered"], answered, "{rec:?} {scale}");
            assert_eq!(got["prorated"], prorated, "{rec:?} {scale}");
            assert_eq!(got["band"], Value::Null, "WAI-SR has no published bands");
            if let Some(v) = value {
                assert_eq!(got["status"], "scored", "{rec:?} {scale}");
                crate::assert_close!(got["value"].as_f64().unwrap(), v, rel = 1e-12);
            } else {
                assert_eq!(got["status"], "insufficient", "{rec:?} {scale}");
                assert_eq!(got["value"], Value::Null);
            }
        }
        if obj["scales"]["total"]["prorated"] == true {
            prorated_rows += 1;
        }
    }
    // the 12 rows with one empty cell (counted in the CSV)
    assert_eq!(prorated_rows, 12);
}

/// Scored objects keyed by (respondent, session).
fn keyed(lines: Vec<Value>) -> BTreeMap<(String, u64), Value> {
    lines
        .into_iter()
        .map(|v| {
            let key = (
                v["respondent"].as_str().unwrap().to_owned(),
                v["session"].as_u64().unwrap(),
            );
            (key, v)
        })
        .collect()
}

/// `wai-sr-sessions.ndjson` holds five rows of the CSV (c01/1–3, c05/2,
/// c06/16), missing answers written as `null` or left out: the same output
/// objects as those CSV rows, and from standard input too.
#[test]
fn ndjson_input_scores_like_the_csv_rows() {
    let ndjson = fixture("wai-sr-sessions.ndjson");
    let from_ndjson = run(&["score", "--instrument", "wai-sr", arg(&ndjson)]);
    from_ndjson.expect_code(0);
    let from_csv = keyed(run(&["score", "--instrument", "wai-sr", SESSIONS]).json_lines());
    let lines = from_ndjson.json_lines();
    assert_eq!(lines.len(), 5);
    for (key, obj) in keyed(lines) {
        assert_eq!(Some(&obj), from_csv.get(&key), "{key:?}");
    }

    let text = std::fs::read(&ndjson).unwrap();
    let piped = run_with_stdin(
        &[
            "score",
            "--instrument",
            "wai-sr",
            "--input-format",
            "ndjson",
            "-",
        ],
        Some(&text),
    );
    piped.expect_code(0);
    assert_eq!(piped.stdout, from_ndjson.stdout);
}

#[test]
fn csv_from_standard_input() {
    let text = std::fs::read(super::root().join(SESSIONS)).unwrap();
    let piped = run_with_stdin(&["score", "--instrument", "wai-sr"], Some(&text));
    piped.expect_code(0);
    let file = run(&["score", "--instrument", "wai-sr", SESSIONS]);
    assert_eq!(piped.stdout, file.stdout);
}

/// The rejects of `wai-sr-bad-rows.csv`, read off the file (columns are
/// 1-based: respondent 1, session 2, date 3, item n at n + 3).
const EXPECTED_REJECTS: [&str; 7] = [
    "line 3, column 15 (12): item 12: 7 is outside the scale 1..5",
    "line 4, column 9 (6): item 6: `three` is not a number",
    "line 5, column 2 (session): session `two` is not a whole number",
    "line 6, column 4 (1): item 1: 2.5 is not a point of the ordinal scale",
    "line 8, column 4 (1): item 1: the response scale has no not-applicable option",
    "line 9: expected 15 fields, found 13",
    "line 10, column 1 (respondent): empty respondent",
];

fn bad_rows_run(tmp: &TempDir) -> (Run, String) {
    let rejects = tmp.path("rejects.csv");
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--rejects",
        arg(&rejects),
        BAD_ROWS,
    ]);
    (out, std::fs::read_to_string(&rejects).unwrap())
}

#[test]
fn bad_rows_are_rejected_and_the_rest_scored() {
    let tmp = TempDir::new("bad-rows");
    let (out, rejects_file) = bad_rows_run(&tmp);
    out.expect_code(1);

    // stderr: one line per rejected row, nothing else
    let stderr: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(stderr, EXPECTED_REJECTS);

    // the rejects file: the header, then the original lines 3–6 and 8–10
    let text = std::fs::read_to_string(super::root().join(BAD_ROWS)).unwrap();
    let original: Vec<&str> = text.lines().collect();
    let want: Vec<&str> = [1, 3, 4, 5, 6, 8, 9, 10]
        .iter()
        .map(|&line| original[line - 1])
        .collect();
    assert_eq!(rejects_file.lines().collect::<Vec<_>>(), want);
    assert!(rejects_file.ends_with('\n'));

    // stdout: every good row scored, in input order
    let lines = out.json_lines();
    let ids: Vec<(&str, u64)> = lines
        .iter()
        .map(|v| {
            (
                v["respondent"].as_str().unwrap(),
                v["session"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ids, [("b01", 1), ("b03", 2), ("b05", 1)]);
    // b01/1: every answer 4 → 16 per subscale, total 48
    let b01 = &lines[0]["scales"];
    for scale in ["task", "bond", "goal"] {
        assert_eq!(b01[scale]["value"], 16.0);
    }
    assert_eq!(b01["total"]["value"], 48.0);
    // b03/2: every answer 5 → 20, total 60
    assert_eq!(lines[1]["scales"]["total"]["value"], 60.0);
    // b05/1: items 1 and 2 empty → Task has 2 of 4 (at most 1 may be missing)
    let b05 = &lines[2]["scales"];
    assert_eq!(b05["task"]["status"], "insufficient");
    assert_eq!(b05["task"]["value"], Value::Null);
    assert_eq!(b05["task"]["answered"], 2);
    assert_eq!(b05["bond"]["value"], 16.0);
    assert_eq!(b05["goal"]["value"], 16.0);
    assert_eq!(b05["total"]["status"], "insufficient");
    assert_eq!(b05["total"]["value"], Value::Null);
}

/// The same rejects without `--rejects`, and in CSV output mode.
#[test]
fn bad_rows_without_a_rejects_file() {
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        BAD_ROWS,
    ]);
    out.expect_code(1);
    assert_eq!(out.stderr.lines().collect::<Vec<_>>(), EXPECTED_REJECTS);
    assert_eq!(
        out.stdout,
        "respondent,session,task,bond,goal,total,flags\n\
         b01,1,16.0,16.0,16.0,48.0,\n\
         b03,2,20.0,20.0,20.0,60.0,\n\
         b05,1,,16.0,16.0,,\n"
    );
}

/// Text that a spreadsheet would run as a formula gets a leading `'` in CSV
/// output (OWASP); JSON output and numbers are left alone.
#[test]
fn csv_output_escapes_formula_text() {
    let input = fixture("formula-injection.csv");
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        arg(&input),
    ]);
    out.expect_code(0);
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let respondents: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(
        respondents,
        [
            r#"'=HYPERLINK("http://example.com/x","click")"#,
            "'@cmd",
            "'+1",
            "'-c07",
            "c08",
        ]
    );
    // the raw line too: the quote goes inside the CSV quoting
    assert!(
        out.stdout
            .contains(r#""'=HYPERLINK(""http://example.com/x"",""click"")",1,10.0,"#),
        "{}",
        out.stdout
    );

    // JSON output is not a spreadsheet: the respondent id as it was
    let json = run(&["score", "--instrument", "wai-sr", arg(&input)]);
    assert_eq!(
        json.json_lines()[0]["respondent"],
        r#"=HYPERLINK("http://example.com/x","click")"#
    );

    // trend's CSV output too
    let trend = run(&[
        "trend",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        arg(&input),
    ]);
    trend.expect_code(0);
    let mut rdr = csv::Reader::from_reader(trend.stdout.as_bytes());
    let mut respondents: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_owned()).collect();
    respondents.sort();
    assert_eq!(
        respondents,
        [
            "'+1",
            "'-c07",
            r#"'=HYPERLINK("http://example.com/x","click")"#,
            "'@cmd",
            "c08",
        ]
    );
}

/// Negative scores are numbers, not text: `-3.0` stays as it is while the
/// respondent `-r1` is escaped (`signed.json`: two items on −2..2, total =
/// a + b; `-r1` answers −2, −1 → −3, flag `worse`; `=1+1` answers 2, 1 → 3).
#[test]
fn csv_numbers_are_not_escaped() {
    let instrument = fixture("signed.json");
    let input = fixture("signed.csv");
    let out = run(&[
        "score",
        "--instrument",
        arg(&instrument),
        "--format",
        "csv",
        arg(&input),
    ]);
    out.expect_code(0);
    assert_eq!(
        out.stdout,
        "respondent,session,total,flags\n'-r1,1,-3.0,worse\n'=1+1,2,3.0,\n"
    );
}

/// Spreadsheet exports from Windows end lines with CRLF: the same rejects,
/// with the same line numbers, and the same scores (csv 1.x alone reports
/// every record after a CRLF one line too low, rust-csv issue 395; the CLI
/// turns CRLF into LF before parsing).
#[test]
fn crlf_input_reports_the_same_lines() {
    let tmp = TempDir::new("crlf");
    let lf = std::fs::read_to_string(super::root().join(BAD_ROWS)).unwrap();
    let crlf_path = tmp.path("bad-rows-crlf.csv");
    std::fs::write(&crlf_path, lf.replace('\n', "\r\n")).unwrap();
    let rejects = tmp.path("rejects-crlf.csv");
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--rejects",
        arg(&rejects),
        arg(&crlf_path),
    ]);
    out.expect_code(1);
    assert_eq!(out.stderr.lines().collect::<Vec<_>>(), EXPECTED_REJECTS);
    let (lf_out, lf_rejects) = bad_rows_run(&tmp);
    assert_eq!(out.stdout, lf_out.stdout);
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), lf_rejects);
}

/// A CRLF whose CR ends the 64 KiB input buffer and whose LF starts the next
/// one: still one line break, and the line numbers after it are right.
#[test]
fn crlf_split_across_input_buffers() {
    const BUFFER: usize = 1 << 16; // the CLI's input buffer (examples/bordin/input.rs)
    let header = "respondent,session,1,2,3,4,5,6,7,8,9,10,11,12\r\n";
    let row = |id: &str, s: usize| format!("{id},{s},4,4,4,4,4,4,4,4,4,4,4,4\r\n");
    let mut text = header.to_owned();
    let mut line = 1;
    // rows until the next one would reach the buffer's end, then one row
    // padded so that its CR is the buffer's last byte
    loop {
        let next = row("c01", line);
        if text.len() + next.len() + 40 > BUFFER {
            break;
        }
        text.push_str(&next);
        line += 1;
    }
    let short = row("c02", 1);
    let pad = BUFFER - 1 - text.len() - (short.len() - 2);
    text.push_str(&row(&format!("c02{}", "x".repeat(pad)), 1));
    assert_eq!(text.as_bytes()[BUFFER - 1], b'\r');
    assert_eq!(text.as_bytes()[BUFFER], b'\n');
    line += 1;
    // then a bad row: its line number is the proof
    text.push_str("c03,1,4,4,4,4,4,4,4,4,4,4,4,9\r\n");
    let bad_line = line + 1;
    text.push_str(&row("c04", 1));

    let tmp = TempDir::new("crlf-split");
    let path = tmp.path("split.csv");
    std::fs::write(&path, &text).unwrap();
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        arg(&path),
    ]);
    out.expect_code(1);
    assert_eq!(
        out.stderr,
        format!("line {bad_line}, column 14 (12): item 12: 9 is outside the scale 1..5\n")
    );
    let rows: Vec<&str> = out.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), line - 1 + 1, "every good row scored");
    assert!(rows.iter().all(|r| !r.contains('\r')));
    assert!(rows[rows.len() - 2].starts_with("c02xx"));
    assert!(rows[rows.len() - 1].starts_with("c04,1,16.0,"));
}

/// NDJSON rejects: one line per bad response (the blank line 5 is skipped),
/// the input line and, for JSON errors, the column; the rejects file holds
/// exactly the original lines (no header).
#[test]
fn ndjson_bad_rows() {
    let tmp = TempDir::new("ndjson-bad");
    let rejects = tmp.path("rejects.ndjson");
    let input = fixture("wai-sr-bad-rows.ndjson");
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "csv",
        "--rejects",
        arg(&rejects),
        arg(&input),
    ]);
    out.expect_code(1);
    assert_eq!(
        out.stderr.lines().collect::<Vec<_>>(),
        [
            "line 2, column 70: EOF while parsing a value",
            "line 3: response is for instrument srs, not wai-sr",
            "line 4: item 1: 9 is outside the scale 1..5",
            "line 6: unknown item 13",
            "line 7: item 1: the response scale has no not-applicable option",
            "line 8, column 54: invalid type: string \"x\", expected u32",
            "line 9, column 73: unknown field `extra`, expected one of `instrument`, \
             `respondent`, `session`, `date`, `answers`",
        ]
    );
    assert_eq!(
        out.stdout,
        "respondent,session,task,bond,goal,total,flags\nn1,1,16.0,16.0,16.0,48.0,\n"
    );
    let text = std::fs::read_to_string(&input).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut want = String::new();
    for l in [2, 3, 4, 6, 7, 8, 9] {
        want.push_str(lines[l - 1]);
        want.push('\n');
    }
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), want);
}

/// `trend` rejects the same rows as `score`, and summarizes the rest.
#[test]
fn trend_bad_rows() {
    let out = run(&["trend", "--instrument", "wai-sr", BAD_ROWS]);
    out.expect_code(1);
    assert_eq!(out.stderr.lines().collect::<Vec<_>>(), EXPECTED_REJECTS);
    let lines = out.json_lines();
    let ids: Vec<&str> = lines
        .iter()
        .map(|v| v["respondent"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b01", "b03", "b05"]);
    // b05/1 has no total (Task insufficient): a session without a value
    assert_eq!(lines[2]["sessions"], serde_json::json!([1]));
    assert_eq!(lines[2]["values"], serde_json::json!([null]));
}
