//! The built-in instruments and user-supplied definitions.

use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{LoadError, Origin};
use crate::instrument::Instrument;
use crate::spec::{Confidence, Construct, Respondent};

/// The built-in definitions: (file name, contents), compiled into the crate.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("care.json", include_str!("../instruments/care.json")),
    ("cbi.json", include_str!("../instruments/cbi.json")),
    ("chs.json", include_str!("../instruments/chs.json")),
    ("core-10.json", include_str!("../instruments/core-10.json")),
    ("cors.json", include_str!("../instruments/cors.json")),
    ("gad-7.json", include_str!("../instruments/gad-7.json")),
    ("haq-ii.json", include_str!("../instruments/haq-ii.json")),
    ("ors.json", include_str!("../instruments/ors.json")),
    ("phq-9.json", include_str!("../instruments/phq-9.json")),
    (
        "proqol-5.json",
        include_str!("../instruments/proqol-5.json"),
    ),
    ("srs.json", include_str!("../instruments/srs.json")),
    ("wai-s.json", include_str!("../instruments/wai-s.json")),
    ("wai-sr.json", include_str!("../instruments/wai-sr.json")),
    ("wai-t.json", include_str!("../instruments/wai-t.json")),
    ("wai.json", include_str!("../instruments/wai.json")),
];

/// A set of validated instruments with unique ids, in id order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    // Sorted by id; ids unique.
    instruments: Vec<Instrument>,
    origins: Vec<Origin>,
}

/// A one-line summary of a catalog instrument, for listings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogEntry {
    /// Instrument id.
    pub id: String,
    /// Published abbreviation.
    pub abbreviation: String,
    /// Full title.
    pub title: String,
    /// What it measures.
    pub construct: Construct,
    /// Who fills it in.
    pub respondent: Respondent,
    /// Number of items.
    pub items: usize,
    /// Ids of its scales.
    pub scales: Vec<String>,
    /// Confirmed or provisional key.
    pub confidence: Confidence,
    /// Whether the item wording ships with the definition.
    pub wording_included: bool,
    /// Version of the definition.
    pub version: String,
}

impl CatalogEntry {
    fn of(inst: &Instrument) -> CatalogEntry {
        CatalogEntry {
            id: inst.id().to_string(),
            abbreviation: inst.abbreviation().to_owned(),
            title: inst.title().to_owned(),
            construct: inst.construct(),
            respondent: inst.respondent(),
            items: inst.items().len(),
            scales: inst.scales().iter().map(|s| s.id().to_string()).collect(),
            confidence: inst.confidence(),
            wording_included: inst.license().item_text_included,
            version: inst.version().to_owned(),
        }
    }
}

/// A filter for [`Catalog::list`]; the default matches everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatalogFilter {
    construct: Option<Construct>,
    respondent: Option<Respondent>,
    confirmed_only: bool,
}

impl CatalogFilter {
    /// Only instruments measuring `construct`.
    #[must_use]
    pub fn construct(mut self, construct: Construct) -> Self {
        self.construct = Some(construct);
        self
    }

    /// Only instruments filled in by `respondent`.
    #[must_use]
    pub fn respondent(mut self, respondent: Respondent) -> Self {
        self.respondent = Some(respondent);
        self
    }

    /// Only instruments whose key is [`Confidence::Confirmed`].
    #[must_use]
    pub fn confirmed_only(mut self) -> Self {
        self.confirmed_only = true;
        self
    }

    fn matches(self, inst: &Instrument) -> bool {
        self.construct.is_none_or(|c| c == inst.construct())
            && self.respondent.is_none_or(|r| r == inst.respondent())
            && (!self.confirmed_only || inst.confidence() == Confidence::Confirmed)
    }
}

impl Catalog {
    /// The built-in instruments, validated once on first use.
    ///
    /// # Panics
    ///
    /// Never in a released build: the integration tests validate every
    /// built-in file, so a broken one cannot ship.
    #[must_use]
    pub fn builtin() -> &'static Catalog {
        static BUILTIN_CATALOG: OnceLock<Catalog> = OnceLock::new();
        BUILTIN_CATALOG.get_or_init(|| {
            #[expect(
                clippy::expect_used,
                reason = "built-in files are validated by the test suite"
            )]
            Catalog::load_builtin().expect("built-in instruments are valid")
        })
    }

    fn load_builtin() -> Result<Catalog, LoadError> {
        let mut catalog = Catalog::default();
        for (name, json) in BUILTIN {
            let origin = Origin::Builtin(name);
            let inst = Instrument::parse(json, origin.clone())?;
            catalog.insert(inst, origin)?;
        }
        Ok(catalog)
    }

    /// The built-in instruments plus every `*.json` definition in `dir`
    /// (except `instrument.schema.json`), validated like the built-ins.
    ///
    /// # Errors
    ///
    /// The first file that fails to load, a file whose name is not
    /// `<id>.json` ([`LoadError::FileNameMismatch`]), and a user id that
    /// clashes with a built-in or another user file ([`LoadError::DuplicateId`]):
    /// a user file never silently overrides a built-in.
    pub fn with_user_dir(dir: impl AsRef<Path>) -> Result<Catalog, LoadError> {
        let mut catalog = Catalog::builtin().clone();
        catalog.add_dir(dir.as_ref())?;
        Ok(catalog)
    }

    /// Only the definitions in `dir`, without the built-ins.
    ///
    /// # Errors
    ///
    /// As [`Catalog::with_user_dir`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Catalog, LoadError> {
        let mut catalog = Catalog::default();
        catalog.add_dir(dir.as_ref())?;
        Ok(catalog)
    }

    fn add_dir(&mut self, dir: &Path) -> Result<(), LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let is_json = path.extension().is_some_and(|e| e == "json");
            let is_schema = path
                .file_name()
                .is_some_and(|n| n == "instrument.schema.json");
            if is_json && !is_schema && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let inst = Instrument::from_path(&path)?;
            if path.file_stem().and_then(|s| s.to_str()) != Some(inst.id().as_str()) {
                return Err(LoadError::FileNameMismatch {
                    path,
                    id: inst.id().to_string(),
                });
            }
            self.insert(inst, Origin::Path(path))?;
        }
        Ok(())
    }

    /// Adds one instrument.
    ///
    /// # Errors
    ///
    /// [`LoadError::DuplicateId`] when the catalog already has its id.
    pub fn insert(&mut self, instrument: Instrument, origin: Origin) -> Result<(), LoadError> {
        match self
            .instruments
            .binary_search_by(|i| i.id().cmp(instrument.id()))
        {
            Ok(pos) => Err(LoadError::DuplicateId {
                id: instrument.id().to_string(),
                origin,
                first: self.origins[pos].clone(),
            }),
            Err(pos) => {
                self.instruments.insert(pos, instrument);
                self.origins.insert(pos, origin);
                Ok(())
            }
        }
    }

    /// The instrument with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.instruments
            .binary_search_by(|i| i.id().as_str().cmp(id))
            .ok()
            .map(|pos| &self.instruments[pos])
    }

    /// Every instrument, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Instrument> {
        self.instruments.iter()
    }

    /// Number of instruments.
    #[must_use]
    pub fn len(&self) -> usize {
        self.instruments.len()
    }

    /// Whether the catalog is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.instruments.is_empty()
    }

    /// Summaries of the instruments that match `filter`, in id order.
    #[must_use]
    pub fn list(&self, filter: CatalogFilter) -> Vec<CatalogEntry> {
        self.instruments
            .iter()
            .filter(|i| filter.matches(i))
            .map(CatalogEntry::of)
            .collect()
    }
}
