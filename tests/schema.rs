//! The JSON Schema of the instrument file, `instruments/instrument.schema.json`.
//!
//! The committed schema must equal the one generated from `InstrumentSpec`
//! (`BORDIN_BLESS=1 cargo test --test integration schema` rewrites it), and
//! every instrument file must pass both an independent JSON Schema validator
//! (the `jsonschema` crate) and bordin's own validation.

use std::path::PathBuf;

use bordin::{Instrument, LoadError};
use serde_json::{Value, json};

use crate::validation::{BASE, instrument_files};

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("instruments/instrument.schema.json")
}

/// The generated schema as committed: pretty-printed, with a trailing newline.
fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&bordin::instrument_schema()).unwrap();
    text.push('\n');
    text
}

fn committed() -> Value {
    let text = std::fs::read_to_string(schema_path()).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&committed()).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

#[test]
fn committed_schema_matches_the_generated_one() {
    let path = schema_path();
    let fresh = generated();
    if std::env::var_os("BORDIN_BLESS").is_some_and(|v| v == "1") {
        // Write then rename, so tests reading the schema concurrently never see half a file.
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, &fresh).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "{} differs from the schema generated from InstrumentSpec (first at line {}); \
             if the change is intended, run `BORDIN_BLESS=1 cargo test --test integration schema` \
             and commit the file",
            path.display(),
            line + 1
        );
    }
}

#[test]
fn schema_is_a_draft_2020_12_schema_of_an_object() {
    let schema = committed();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["type"], "object");
    // deny_unknown_fields is carried over, so a misspelt key fails the schema too.
    assert_eq!(schema["additionalProperties"], false);
    for field in ["id", "version", "items", "scales", "response_scales"] {
        assert!(
            schema["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "{field}"
        );
    }
}

#[test]
fn every_instrument_file_passes_the_schema_and_validation() {
    let validator = validator();
    let files = instrument_files();
    assert!(files.len() >= 3);
    for (id, path) in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["$schema"], "instrument.schema.json", "{id}");
        let errors = schema_errors(&validator, &value);
        assert!(
            errors.is_empty(),
            "{id} fails the schema:\n{}",
            errors.join("\n")
        );
        let inst = Instrument::from_json(&text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        assert_eq!(inst.id().as_str(), id);
    }
}

#[test]
fn schema_checks_shape_and_validation_checks_meaning() {
    // The test fixtures are well-formed: the schema accepts them, even the one
    // with eleven semantic problems that only validate.rs can see.
    let validator = validator();
    let several = include_str!("fixtures/invalid/several-problems.json");
    for text in [BASE, several] {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema_errors(&validator, &value), Vec::<String>::new());
    }
    assert!(matches!(
        Instrument::from_json(several),
        Err(LoadError::Invalid { .. })
    ));
}

/// Broken shapes: each must fail the schema and fail to load as JSON of the format.
#[test]
fn schema_and_loader_both_reject_broken_shapes() {
    let validator = validator();
    let base: Value = serde_json::from_str(BASE).unwrap();
    let with = |pointer: &str, value: Value| {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.to_owned(), value);
        doc
    };
    let without = |pointer: &str| {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(key)
            .unwrap();
        doc
    };
    let cases = [
        ("unknown top-level field", with("/colour", json!("red"))),
        ("unknown item field", with("/items/1/reversed", json!(true))),
        (
            "unknown band field",
            with("/scales/0/bands/0/lower", json!(3)),
        ),
        (
            "unknown license field",
            with("/license/public_domain", json!(true)),
        ),
        ("missing id", without("/id")),
        ("missing item label", without("/items/0/label")),
        (
            "unknown response-scale kind",
            with("/response_scales/1/kind", json!("slider")),
        ),
        (
            "continuous field on an ordinal scale",
            with("/response_scales/0/resolution", json!(1)),
        ),
        ("version as a number", with("/version", json!(1))),
        ("unknown construct", with("/construct", json!("friendship"))),
        (
            "unknown aggregation",
            with("/scales/0/aggregation", json!("median")),
        ),
        (
            "negative max_missing",
            with("/scales/0/missing/max_missing", json!(-1)),
        ),
        (
            "unknown missing rule",
            with("/scales/0/missing/rule", json!("impute")),
        ),
        (
            "condition with two operators",
            with("/flags/0/when", json!({"below": 6, "above": 9})),
        ),
        (
            "unknown condition",
            with("/flags/0/when", json!({"under": 6})),
        ),
        (
            "flag on two targets",
            with("/flags/0/on", json!({"scale": "core", "item": "1"})),
        ),
        ("array instead of object", json!([base.clone()])),
    ];
    for (what, doc) in cases {
        assert!(!validator.is_valid(&doc), "the schema accepts: {what}");
        let text = serde_json::to_string(&doc).unwrap();
        assert!(
            matches!(Instrument::from_json(&text), Err(LoadError::Json { .. })),
            "the loader does not reject as malformed: {what}"
        );
    }
}
