//! Exit codes and messages of usage and definition errors; `--help`,
//! `--version`; the catalogue subcommands `list`, `show`, `schema`, `validate`.

use super::{Run, arg, fixture, run};

/// Exit code 2, nothing on stdout, and a `bordin:` message naming `needle`.
#[track_caller]
fn usage_error(out: &Run, needle: &str) {
    out.expect_code(2);
    assert_eq!(out.stdout, "", "nothing on stdout after a usage error");
    assert!(
        out.stderr.contains(needle),
        "stderr does not mention {needle:?}:\n{}",
        out.stderr
    );
}

#[test]
fn unknown_instrument() {
    for sub in ["score", "trend"] {
        let out = run(&[
            sub,
            "--instrument",
            "wai-xx",
            "examples/data/wai-sr-sessions.csv",
        ]);
        usage_error(&out, "unknown instrument `wai-xx`");
        assert!(out.stderr.contains("bordin list"), "{}", out.stderr);
    }
    usage_error(&run(&["show", "wai-xx"]), "unknown instrument `wai-xx`");
}

/// A CSV column that is not an item of the instrument stops the run before
/// any row is scored, naming the column and the instrument's items.
#[test]
fn unknown_csv_column() {
    let input = fixture("unknown-column.csv");
    let out = run(&["score", "--instrument", "wai-sr", arg(&input)]);
    usage_error(&out, "column 5 `foo` is not an item of wai-sr");
    assert!(out.stderr.contains("items: 1, 2, 3"), "{}", out.stderr);

    // the same for trend, and for reliability's --reverse list
    let out = run(&["trend", "--instrument", "wai-sr", arg(&input)]);
    usage_error(&out, "`foo` is not an item of wai-sr");
    let out = run(&[
        "reliability",
        "--reverse",
        "item99",
        "--min",
        "1",
        "--max",
        "5",
        "tests/fixtures/oracle/data/likert_small.csv",
    ]);
    usage_error(&out, "`item99`");
}

/// A CSV without the `respondent` column is a usage error too.
#[test]
fn missing_respondent_column() {
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "tests/fixtures/oracle/data/likert_small.csv",
    ]);
    usage_error(&out, "no `respondent` column");
}

#[test]
fn missing_input_file() {
    let missing = "tests/fixtures/cli/no-such-file.csv";
    for args in [
        &["score", "--instrument", "wai-sr", missing][..],
        &["trend", "--instrument", "srs", missing],
        &[
            "reliability",
            "--reverse",
            "item4",
            "--min",
            "1",
            "--max",
            "5",
            missing,
        ],
        &["icc", missing],
    ] {
        let out = run(args);
        usage_error(&out, &format!("cannot open {missing}"));
    }
}

/// clap's own usage errors: exit code 2 with a usage line.
#[test]
fn clap_usage_errors() {
    let out = run(&["score", "examples/data/wai-sr-sessions.csv"]);
    usage_error(&out, "--instrument <INSTRUMENT>");
    let out = run(&["frobnicate"]);
    usage_error(&out, "unrecognized subcommand 'frobnicate'");
    let out = run(&["reliability", "--reverse", "item4", "x.csv"]);
    usage_error(&out, "--min <MIN>");
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--format",
        "xml",
        "examples/data/wai-sr-sessions.csv",
    ]);
    usage_error(&out, "invalid value 'xml'");
}

#[test]
fn version() {
    let out = run(&["--version"]);
    out.expect_code(0);
    assert_eq!(
        out.stdout,
        format!("bordin {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help() {
    let out = run(&["--help"]);
    out.expect_code(0);
    assert!(
        out.stdout.contains("Usage: bordin <COMMAND>"),
        "{}",
        out.stdout
    );
    for sub in [
        "list",
        "show",
        "schema",
        "validate",
        "score",
        "trend",
        "reliability",
        "icc",
    ] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "{sub} missing from --help:\n{}",
            out.stdout
        );
    }
    // the exit codes are explained
    assert!(out.stdout.contains("Exit codes"), "{}", out.stdout);

    let out = run(&["score", "--help"]);
    out.expect_code(0);
    for option in ["--instrument", "--format", "--rejects", "--input-format"] {
        assert!(out.stdout.contains(option), "{option}:\n{}", out.stdout);
    }
    let out = run(&["help", "trend"]);
    out.expect_code(0);
    assert!(out.stdout.contains("--chart"), "{}", out.stdout);
}

/// Every instrument file shipped in `instruments/` is listed, by id.
#[test]
fn list() {
    let out = run(&["list"]);
    out.expect_code(0);
    let listed: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut shipped: Vec<String> = std::fs::read_dir(super::root().join("instruments"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_owned())
        .filter(|stem| stem != "instrument.schema")
        .collect();
    shipped.sort();
    assert_eq!(listed, shipped);

    let json = run(&["list", "--format", "json"]);
    json.expect_code(0);
    let ids: Vec<String> = json
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, shipped);
    let wai_sr = json
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "wai-sr")
        .cloned()
        .unwrap();
    assert_eq!(wai_sr["items"], 12);
    assert_eq!(
        wai_sr["scales"],
        serde_json::json!(["task", "bond", "goal", "total"])
    );
}

#[test]
fn show_wai_sr() {
    let out = run(&["show", "wai-sr"]);
    out.expect_code(0);
    let text = &out.stdout;
    for needle in [
        "WAI-SR (wai-sr)",
        "Hatcher, R. L., & Gillaspy, J. A. (2006)",
        "10.1080/10503300500352500",
        "sha256:",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    // the key (Task 1,2,10,12; Bond 3,5,7,9; Goal 4,6,8,11)
    for (scale, items) in [
        ("task", "1 2 10 12"),
        ("bond", "3 5 7 9"),
        ("goal", "4 6 8 11"),
        ("total", "task bond goal"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(scale) && l.contains(items)),
            "{scale}: {items}\n{text}"
        );
    }
    // the same instrument given as a file
    let file = run(&["show", "instruments/wai-sr.json"]);
    file.expect_code(0);
    assert_eq!(file.stdout, out.stdout);
}

/// `schema` prints exactly the committed `instruments/instrument.schema.json`.
#[test]
fn schema() {
    let out = run(&["schema"]);
    out.expect_code(0);
    let committed =
        std::fs::read_to_string(super::root().join("instruments/instrument.schema.json")).unwrap();
    let printed = out.json();
    assert_eq!(
        printed,
        serde_json::from_str::<serde_json::Value>(&committed).unwrap()
    );
    assert_eq!(out.stdout, committed);
}

#[test]
fn validate_good_file() {
    let out = run(&["validate", "instruments/wai-sr.json"]);
    out.expect_code(0);
    assert!(
        out.stdout
            .starts_with("instruments/wai-sr.json: ok (wai-sr 1.0.0, sha256:"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "");
}

/// `broken-instrument.json` is `signed.json` with three problems; each is
/// reported with its JSON pointer, and a good file next to it still passes.
#[test]
fn validate_broken_file() {
    let broken = fixture("broken-instrument.json");
    let out = run(&["validate", "instruments/wai-sr.json", arg(&broken)]);
    out.expect_code(2);
    assert!(
        out.stdout.contains("instruments/wai-sr.json: ok"),
        "{}",
        out.stdout
    );
    for problem in [
        "3 problem(s)",
        "/items/1/id: duplicate id a",
        "/scales/0/items/1: unknown item c",
        "/flags/0/on/scale: unknown scale totl",
        "1 of 2 definitions are invalid",
    ] {
        assert!(out.stderr.contains(problem), "{problem}:\n{}", out.stderr);
    }

    // a file that is not JSON: the position of the error
    let out = run(&["validate", arg(&fixture("not-json.json"))]);
    out.expect_code(2);
    assert!(out.stderr.contains("line 3 column"), "{}", out.stderr);

    // a broken definition given to score is a definition error: exit 2
    let out = run(&[
        "score",
        "--instrument",
        arg(&broken),
        "examples/data/wai-sr-sessions.csv",
    ]);
    usage_error(&out, "/items/1/id: duplicate id a");
}

/// A `--respondent` that is not in the input is a usage error, not an empty
/// result and a blank chart.
#[test]
fn unknown_respondent() {
    let tmp = super::TempDir::new("unknown-respondent");
    let chart = tmp.path("none.svg");
    let out = run(&[
        "trend",
        "--instrument",
        "srs",
        "--respondent",
        "c99",
        "--chart",
        arg(&chart),
        "examples/data/srs-sessions.csv",
    ]);
    usage_error(&out, "--respondent c99");
    assert!(!chart.exists(), "no chart is drawn");
}

/// Output files that cannot be created: exit code 2 and the path.
#[test]
fn uncreatable_output_files() {
    let tmp = super::TempDir::new("uncreatable");
    let missing_dir = tmp.path("no-such-dir");
    let rejects = missing_dir.join("rejects.csv");
    let out = run(&[
        "score",
        "--instrument",
        "wai-sr",
        "--rejects",
        arg(&rejects),
        "examples/data/wai-sr-bad-rows.csv",
    ]);
    usage_error(&out, &format!("cannot create {}", rejects.display()));

    let chart = missing_dir.join("chart.svg");
    let out = run(&[
        "trend",
        "--instrument",
        "srs",
        "--chart",
        arg(&chart),
        "examples/data/srs-sessions.csv",
    ]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains(&format!("cannot draw {}", chart.display())),
        "{}",
        out.stderr
    );
}
