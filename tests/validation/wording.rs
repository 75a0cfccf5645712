//! Wording overlays: licensed item text kept outside the definition.
//!
//! The fixtures carry neutral placeholder text, never the real wording.

use std::path::{Path, PathBuf};

use bordin::{Catalog, Instrument, LoadError, Origin, Wording};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wording")
        .join(name)
}

fn wai_sr() -> &'static Instrument {
    Catalog::builtin().get("wai-sr").unwrap()
}

#[test]
fn overlay_attaches_text_and_keeps_the_fingerprint() {
    let wai = wai_sr();
    assert!(wai.items().iter().all(|i| i.text("en").is_none()));
    let wording = Wording::from_path(fixture("wai-sr.en.json")).unwrap();
    let worded = wai.with_wording(&wording).unwrap();
    for item in worded.items() {
        let expected = format!(
            "Placeholder wording for item {} (test fixture, not the WAI-SR text)",
            item.id()
        );
        assert_eq!(item.text("en"), Some(expected.as_str()));
        assert_eq!(item.text("de"), None);
    }
    assert_eq!(
        worded.instructions("en"),
        Some("Placeholder instructions (test fixture).")
    );
    // Wording is not part of the scoring key.
    assert_eq!(worded.fingerprint(), wai.fingerprint());
    // The original is untouched.
    assert_eq!(wai.items()[0].text("en"), None);
    assert_eq!(wai.instructions("en"), None);
}

#[test]
fn overlay_leaves_the_definition_as_loaded() {
    // spec() is "the definition as loaded (without overlay wording)": saving it
    // must not write licensed wording into a file whose license excludes it.
    let wording = Wording::from_path(fixture("wai-sr.en.json")).unwrap();
    let worded = wai_sr().with_wording(&wording).unwrap();
    assert_eq!(worded.spec(), wai_sr().spec());
    let saved = serde_json::to_string(worded.spec()).unwrap();
    let reloaded = Instrument::from_json(&saved).unwrap();
    assert_eq!(reloaded.fingerprint(), wai_sr().fingerprint());
}

#[test]
fn overlay_in_another_language() {
    let wording = Wording::from_json(
        r#"{"instrument": "wai-sr", "language": "fr", "items": {"3": "Texte fictif"}}"#,
    )
    .unwrap();
    let worded = wai_sr().with_wording(&wording).unwrap();
    assert_eq!(worded.item("3").unwrap().text("fr"), Some("Texte fictif"));
    assert_eq!(worded.item("4").unwrap().text("fr"), None);
    assert_eq!(worded.languages(), ["en", "fr"]);
    assert_eq!(worded.instructions("fr"), None);
    assert_eq!(worded.fingerprint(), wai_sr().fingerprint());
}

#[test]
fn overlay_with_an_unknown_item_is_rejected() {
    let path = fixture("wai-sr.unknown-item.json");
    let wording = Wording::from_path(&path).unwrap();
    match wai_sr().with_wording(&wording) {
        Err(LoadError::OverlayUnknownItem {
            origin,
            item,
            pointer,
        }) => {
            assert_eq!(origin, Origin::Path(path));
            assert_eq!(item, "13");
            assert_eq!(pointer, "/items/13");
        }
        other => panic!("expected LoadError::OverlayUnknownItem, got {other:?}"),
    }
}

#[test]
fn overlay_for_another_instrument_is_rejected() {
    let path = fixture("srs.en.json");
    let wording = Wording::from_path(&path).unwrap();
    match wai_sr().with_wording(&wording) {
        Err(LoadError::OverlayInstrument {
            origin,
            expected,
            found,
        }) => {
            assert_eq!(origin, Origin::Path(path));
            assert_eq!(expected, "wai-sr");
            assert_eq!(found, "srs");
        }
        other => panic!("expected LoadError::OverlayInstrument, got {other:?}"),
    }
    // It fits the instrument it names.
    let srs = Catalog::builtin().get("srs").unwrap();
    let worded = srs.with_wording(&wording).unwrap();
    assert_eq!(
        worded.item("4").unwrap().text("en"),
        Some("Placeholder wording for SRS item 4")
    );
}

#[test]
fn overlay_with_an_unknown_field_is_malformed() {
    let json = r#"{"instrument": "wai-sr", "language": "en", "items": {}, "itmes": {}}"#;
    assert!(matches!(
        Wording::from_json(json),
        Err(LoadError::Json {
            origin: Origin::Text,
            ..
        })
    ));
}
