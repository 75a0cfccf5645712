//! Hostile or broken input returns an error and never panics.

use bordin::{Instrument, LoadError, MAX_DEFINITION_BYTES, Wording};

use super::BASE;

#[track_caller]
fn assert_json_error(json: &str) {
    match Instrument::from_json(json) {
        Err(LoadError::Json { source, .. }) => {
            // serde_json reports a position for syntax errors and for shape errors alike.
            assert!(source.line() >= 1, "{source}");
        }
        other => panic!("expected LoadError::Json, got {other:?}"),
    }
}

#[test]
fn malformed_json() {
    let truncated = &BASE[..BASE.len() / 2];
    let trailing = format!("{BASE} }}");
    let cases = [
        "",
        "   ",
        "{",
        "}",
        "not json",
        "{\"id\": }",
        "{\"id\": \"mini\",}",
        "{'id': 'mini'}",
        "{\"id\": \"mini\" \"version\": \"1\"}",
        "{\"id\": NaN}",
        "{\"id\": \"\\u12\"}",
        truncated,
        &trailing,
    ];
    for json in cases {
        assert_json_error(json);
    }
}

#[test]
fn numbers_json_cannot_hold_are_malformed() {
    // serde_json rejects numbers that overflow f64 rather than reading them as infinity.
    let json = BASE.replacen("\"max\": 10,", "\"max\": 1e400,", 1);
    assert_ne!(json, BASE);
    assert_json_error(&json);
}

#[test]
fn wrong_shape_is_a_json_error() {
    let cases = [
        "null".to_owned(),
        "42".to_owned(),
        "\"wai-sr\"".to_owned(),
        "{}".to_owned(),
        // An unknown field.
        BASE.replacen(
            "\"id\": \"mini\",",
            "\"id\": \"mini\", \"colour\": \"red\",",
            1,
        ),
        // A number where a string belongs.
        BASE.replacen("\"version\": \"1.0.0\"", "\"version\": 1", 1),
        // An unknown response-scale kind.
        BASE.replacen("\"kind\": \"continuous\"", "\"kind\": \"slider\"", 1),
    ];
    for json in &cases {
        assert_json_error(json);
    }
}

#[test]
fn array_instead_of_object() {
    // The base definition's member values in the order of InstrumentSpec's
    // fields: serde's derived structs accept this from a sequence unless the
    // loader refuses it, and the schema says an instrument is an object.
    let positional = {
        let obj: serde_json::Value = serde_json::from_str(BASE).unwrap();
        let fields = [
            "$schema",
            "id",
            "version",
            "title",
            "abbreviation",
            "construct",
            "respondent",
            "languages",
            "citation",
            "license",
            "provenance",
            "instructions",
            "notes",
            "response_scales",
            "items",
            "scales",
            "flags",
        ];
        let values: Vec<serde_json::Value> = fields
            .iter()
            .map(|f| match (*f, obj.get(f)) {
                (_, Some(v)) => v.clone(),
                ("instructions", None) => serde_json::json!({}),
                ("notes", None) => serde_json::json!([]),
                _ => serde_json::Value::Null,
            })
            .collect();
        serde_json::to_string(&values).unwrap()
    };
    for json in [
        "[]",
        "[1, 2, 3]",
        "[null]",
        &format!("[{BASE}]"),
        &positional,
    ] {
        assert_json_error(json);
    }
    match Wording::from_json("[\"wai-sr\", \"en\", null, {}]") {
        Err(LoadError::Json { .. }) => {}
        other => panic!("expected LoadError::Json, got {other:?}"),
    }
}

#[test]
fn ten_megabyte_string_field() {
    let big = "x".repeat(10 * 1024 * 1024);
    let json = BASE.replacen("\"title\": \"", &format!("\"title\": \"{big}"), 1);
    match Instrument::from_json(&json) {
        Err(LoadError::TooLarge { size, limit, .. }) => {
            assert_eq!(size, json.len());
            assert_eq!(limit, MAX_DEFINITION_BYTES);
        }
        other => panic!("expected LoadError::TooLarge, got {other:?}"),
    }
    // The same through a file, and for a wording overlay.
    let dir = super::catalog::TempDir::new("ten-megabytes");
    let path = dir.path().join("mini.json");
    std::fs::write(&path, &json).unwrap();
    match Instrument::from_path(&path) {
        Err(LoadError::TooLarge { size, .. }) => assert_eq!(size, json.len()),
        other => panic!("expected LoadError::TooLarge, got {other:?}"),
    }
    let overlay = format!(
        "{{\"instrument\": \"wai-sr\", \"language\": \"en\", \"items\": {{\"1\": \"{big}\"}}}}"
    );
    match Wording::from_json(&overlay) {
        Err(LoadError::TooLarge { .. }) => {}
        other => panic!("expected LoadError::TooLarge, got {other:?}"),
    }
}

#[test]
fn large_string_field_under_the_limit_loads() {
    // The limit is on size, not on content: a 3 MiB title is merely long.
    let big = "x".repeat(3 * 1024 * 1024);
    let json = BASE.replacen("\"title\": \"", &format!("\"title\": \"{big}"), 1);
    assert!(json.len() < MAX_DEFINITION_BYTES);
    let inst = Instrument::from_json(&json).unwrap();
    assert!(inst.title().starts_with(&big));
}

#[test]
fn deeply_nested_documents() {
    const DEPTH: usize = 100_000;
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let objects = format!("{}{}", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    let cases = [
        arrays.clone(),
        objects.clone(),
        "[".repeat(DEPTH),
        format!("{{\"notes\": {arrays}}}"),
        format!("{{\"citation\": {objects}}}"),
        // A complete definition with one deeply nested value.
        BASE.replacen(
            "\"languages\": [\"en\"]",
            &format!("\"languages\": [\"en\", {arrays}]"),
            1,
        ),
    ];
    for json in &cases {
        assert_json_error(json);
    }
    for json in [&arrays, &objects] {
        match Wording::from_json(json) {
            Err(LoadError::Json { .. }) => {}
            other => panic!("expected LoadError::Json, got {other:?}"),
        }
    }
    let overlay =
        format!("{{\"instrument\": \"wai-sr\", \"language\": \"en\", \"items\": {objects}}}");
    assert!(matches!(
        Wording::from_json(&overlay),
        Err(LoadError::Json { .. })
    ));
}
