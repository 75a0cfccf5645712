//! The built-in catalog and user directories of definitions.

use std::path::{Path, PathBuf};

use bordin::{Catalog, LoadError, Origin};

use super::BASE;

/// A fresh directory under the system temp dir, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("bordin-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn instruments_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("instruments")
}

/// The ids of `instruments/*.json` (without the schema), read at test time.
pub(crate) fn instrument_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(instruments_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if let Some(stem) = name.strip_suffix(".json")
            && name != "instrument.schema.json"
        {
            out.push((stem.to_owned(), path));
        }
    }
    out.sort();
    out
}

#[test]
fn builtin_has_the_first_three_instruments() {
    let catalog = Catalog::builtin();
    for id in ["wai-sr", "srs", "phq-9"] {
        assert_eq!(catalog.get(id).unwrap().id().as_str(), id);
    }
    assert!(catalog.get("WAI-SR").is_none());
    assert!(catalog.get("wai-sr-t").is_none());
    let listed: Vec<String> = catalog
        .list(bordin::CatalogFilter::default())
        .into_iter()
        .map(|e| e.id)
        .collect();
    let iterated: Vec<&str> = catalog.iter().map(|i| i.id().as_str()).collect();
    assert_eq!(listed, iterated);
    assert_eq!(catalog.len(), iterated.len());
}

#[test]
fn every_instrument_file_is_built_in() {
    // A file added to instruments/ but not to BUILTIN in src/catalog.rs (or the
    // reverse) fails here.
    let files: Vec<String> = instrument_files().into_iter().map(|(id, _)| id).collect();
    let builtin: Vec<&str> = Catalog::builtin().iter().map(|i| i.id().as_str()).collect();
    assert_eq!(files, builtin);
    // And each built-in is exactly the file on disk.
    for (id, path) in instrument_files() {
        let from_disk = bordin::Instrument::from_path(&path).unwrap();
        let builtin = Catalog::builtin().get(&id).unwrap();
        assert_eq!(from_disk.fingerprint(), builtin.fingerprint(), "{id}");
    }
}

#[test]
fn user_dir_adds_to_the_builtins() {
    let dir = TempDir::new("user-dir");
    dir.write("mini.json", BASE);
    // Non-JSON files and a copy of the schema are ignored.
    dir.write("README.txt", "not a definition");
    dir.write(
        "instrument.schema.json",
        &serde_json::to_string(&bordin::instrument_schema()).unwrap(),
    );
    let catalog = Catalog::with_user_dir(dir.path()).unwrap();
    assert_eq!(catalog.len(), Catalog::builtin().len() + 1);
    assert_eq!(
        catalog.get("mini").unwrap().title(),
        bordin::Instrument::from_json(BASE).unwrap().title()
    );
    assert!(catalog.get("wai-sr").is_some());
    // Without the built-ins.
    let only = Catalog::from_dir(dir.path()).unwrap();
    let ids: Vec<&str> = only.iter().map(|i| i.id().as_str()).collect();
    assert_eq!(ids, ["mini"]);
}

#[test]
fn user_file_clashing_with_a_builtin_is_an_error() {
    let dir = TempDir::new("clash");
    let srs = std::fs::read_to_string(instruments_dir().join("srs.json")).unwrap();
    let path = dir.write("srs.json", &srs);
    match Catalog::with_user_dir(dir.path()) {
        Err(LoadError::DuplicateId { id, origin, first }) => {
            assert_eq!(id, "srs");
            assert_eq!(origin, Origin::Path(path));
            assert_eq!(first, Origin::Builtin("srs.json"));
        }
        other => panic!("expected LoadError::DuplicateId, got {other:?}"),
    }
    // from_dir has no built-ins, so the same directory loads.
    assert!(Catalog::from_dir(dir.path()).unwrap().get("srs").is_some());
}

#[test]
fn file_name_must_match_the_id() {
    let dir = TempDir::new("mismatch");
    let path = dir.write("other.json", BASE);
    match Catalog::with_user_dir(dir.path()) {
        Err(LoadError::FileNameMismatch { path: p, id }) => {
            assert_eq!(p, path);
            assert_eq!(id, "mini");
        }
        other => panic!("expected LoadError::FileNameMismatch, got {other:?}"),
    }
}

#[test]
fn invalid_user_file_names_its_path() {
    let dir = TempDir::new("invalid");
    let path = dir.write(
        "mini.json",
        &BASE.replacen("\"max_missing\": 1", "\"max_missing\": 3", 1),
    );
    match Catalog::with_user_dir(dir.path()) {
        Err(LoadError::Invalid { origin, source }) => {
            assert_eq!(origin, Origin::Path(path));
            assert_eq!(source.problems.len(), 1);
        }
        other => panic!("expected LoadError::Invalid, got {other:?}"),
    }
}

#[test]
fn missing_user_dir_is_an_io_error() {
    let dir = TempDir::new("gone");
    let gone = dir.path().join("does-not-exist");
    assert!(matches!(
        Catalog::with_user_dir(&gone),
        Err(LoadError::Io { path, .. }) if path == gone
    ));
}
