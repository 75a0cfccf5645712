//! The fingerprint: `sha256:` + hex of the canonical JSON of the definition.

use std::fmt::Write as _;

use bordin::{Catalog, Instrument};
use serde_json::Value;
use sha2::{Digest, Sha256};

const WAI_SR: &str = include_str!("../../instruments/wai-sr.json");
const SRS: &str = include_str!("../../instruments/srs.json");

/// The fingerprint of `instruments/srs.json` (version 1.0.0).
///
/// Produced once by this code (`Instrument::fingerprint`, i.e. SHA-256 of the
/// canonical JSON: keys sorted, no whitespace, `$schema` left out) on the file
/// as committed with this test, and written here literally.
///
/// Why pin it: every stored score records the fingerprint of the key that
/// produced it. If the canonical form drifts (a serde attribute, a default that
/// starts being written out, number formatting, key order), every stored score
/// silently stops matching its instrument. This constant makes such a drift fail
/// a test. When srs.json itself changes on purpose, bump its `version` and
/// update the constant in the same commit.
const SRS_FINGERPRINT: &str =
    "sha256:bd61382eaa72d340cf967e7d529ae985d5522efdba3c0c908129ee9b5f7c9bba";

fn fingerprint_of(json: &str) -> String {
    Instrument::from_json(json)
        .unwrap()
        .fingerprint()
        .to_owned()
}

#[test]
fn srs_fingerprint_is_pinned() {
    assert_eq!(fingerprint_of(SRS), SRS_FINGERPRINT);
    assert_eq!(
        Catalog::builtin().get("srs").unwrap().fingerprint(),
        SRS_FINGERPRINT
    );
}

#[test]
fn fingerprint_format() {
    for inst in Catalog::builtin().iter() {
        let fp = inst.fingerprint();
        let hex = fp.strip_prefix("sha256:").unwrap_or_else(|| panic!("{fp}"));
        assert_eq!(hex.len(), 64, "{fp}");
        assert!(
            hex.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{fp}"
        );
    }
}

/// Canonical JSON as issue 2 defines it, written independently of the crate.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

#[test]
fn fingerprint_is_sha256_of_the_canonical_spec() {
    for inst in Catalog::builtin().iter() {
        let mut value = serde_json::to_value(inst.spec()).unwrap();
        value.as_object_mut().unwrap().remove("$schema");
        let mut text = String::new();
        canonical(&value, &mut text);
        let mut expected = String::from("sha256:");
        for b in Sha256::digest(text.as_bytes()) {
            write!(expected, "{b:02x}").unwrap();
        }
        assert_eq!(inst.fingerprint(), expected, "{}", inst.id());
    }
}

/// Writes JSON with every object's keys in reverse order and odd whitespace.
fn reversed(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push_str("{\n\t");
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            keys.reverse();
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(" ,\r\n  ");
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push_str(" :   ");
                reversed(&map[k], out);
            }
            out.push_str("\n}");
        }
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n\n");
                }
                reversed(v, out);
            }
            out.push_str(" ]");
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

#[test]
fn key_order_and_whitespace_do_not_change_the_fingerprint() {
    for file in [WAI_SR, SRS] {
        let original = fingerprint_of(file);
        let value: Value = serde_json::from_str(file).unwrap();
        // Keys sorted ascending (serde_json's map), no whitespace at all.
        let compact = serde_json::to_string(&value).unwrap();
        assert_ne!(compact, file);
        assert_eq!(fingerprint_of(&compact), original);
        // Keys descending, tabs, CRLF and blank lines.
        let mut shuffled = String::new();
        reversed(&value, &mut shuffled);
        assert!(shuffled.find("\"version\"") < shuffled.find("\"id\""));
        assert_eq!(fingerprint_of(&shuffled), original);
    }
}

#[test]
fn spelling_of_the_same_definition_does_not_change_the_fingerprint() {
    let original = fingerprint_of(WAI_SR);
    let mut value: Value = serde_json::from_str(WAI_SR).unwrap();
    // No `$schema` reference; an explicit default; 1.0 written for 1.
    value.as_object_mut().unwrap().remove("$schema");
    value["items"][0]["reverse"] = Value::Bool(false);
    value["response_scales"][0]["points"][0]["value"] = serde_json::json!(1.0);
    assert_eq!(fingerprint_of(&value.to_string()), original);
}

#[test]
fn changing_a_reverse_key_changes_the_fingerprint() {
    let original = fingerprint_of(WAI_SR);
    let mut value: Value = serde_json::from_str(WAI_SR).unwrap();
    value["items"][0]["reverse"] = Value::Bool(true);
    let reversed_item_1 = fingerprint_of(&value.to_string());
    assert_ne!(reversed_item_1, original);
    // A different item reversed is a different key again.
    let mut value: Value = serde_json::from_str(WAI_SR).unwrap();
    value["items"][1]["reverse"] = Value::Bool(true);
    let reversed_item_2 = fingerprint_of(&value.to_string());
    assert_ne!(reversed_item_2, original);
    assert_ne!(reversed_item_2, reversed_item_1);
}

#[test]
fn changing_a_flag_threshold_changes_the_fingerprint() {
    let original = fingerprint_of(SRS);
    let changed = SRS.replacen("\"below\": 36.0", "\"below\": 35.0", 1);
    assert_ne!(changed, SRS);
    assert_ne!(fingerprint_of(&changed), original);
}
