//! The validated, immutable instrument model.
//!
//! An [`Instrument`] is only obtainable from an [`InstrumentSpec`] that passed
//! validation, so every id it holds resolves, every band is contiguous and every
//! reverse key has a bounded scale. Its fields are private; read them through
//! accessors.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{LoadError, Origin};
use crate::spec::{
    Aggregation, Citation, Condition, Confidence, Construct, CutoffSpec, InstrumentSpec, License,
    MissingRule, NormGroup, NormSpec, Polarity, Provenance, ReliableChangeSpec, Respondent,
    Transform,
};

/// The largest instrument definition or wording overlay accepted, in bytes (4 MiB).
///
/// Real definitions are a few tens of kilobytes; the limit keeps a corrupt or
/// hostile file from exhausting memory.
pub const MAX_DEFINITION_BYTES: usize = 4 * 1024 * 1024;

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as a string slice.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub(crate) fn new_unchecked(s: impl Into<String>) -> Self {
                Self(s.into())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_newtype!(
    /// An instrument id: kebab-case of the abbreviation (`wai-sr`).
    InstrumentId
);
id_newtype!(
    /// An item id: the published item number (`"7"`) or a content key (`"work-7"`).
    ItemId
);
id_newtype!(
    /// A scale id: `total` or the kebab-case of a subscale's name (`bond`).
    ScaleId
);
id_newtype!(
    /// A flag id (`alliance-concern`).
    FlagId
);

/// A validated response scale.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseScale {
    pub(crate) id: String,
    pub(crate) kind: ResponseScaleKind,
    pub(crate) not_applicable: Option<String>,
}

/// The kind of a validated response scale.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ResponseScaleKind {
    /// Integer points in strictly increasing order, with their labels.
    Ordinal {
        /// The point values (integers, strictly increasing, at least one).
        values: Vec<f64>,
        /// The label of each point, parallel to `values`.
        labels: Vec<String>,
    },
    /// A continuous line.
    Continuous {
        /// Lowest value, when bounded.
        min: Option<f64>,
        /// Highest value, when bounded.
        max: Option<f64>,
        /// The recording step, when declared (positive; divides max − min).
        resolution: Option<f64>,
    },
}

impl ResponseScale {
    /// The scale's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Ordinal or continuous, with its points or bounds.
    #[must_use]
    pub fn kind(&self) -> &ResponseScaleKind {
        &self.kind
    }

    /// The label of the "does not apply" option, when the scale has one.
    #[must_use]
    pub fn not_applicable(&self) -> Option<&str> {
        self.not_applicable.as_deref()
    }

    /// The lowest and highest value an answer may take, when both are bounded.
    #[must_use]
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match &self.kind {
            ResponseScaleKind::Ordinal { values, .. } => Some((*values.first()?, *values.last()?)),
            ResponseScaleKind::Continuous { min, max, .. } => Some(((*min)?, (*max)?)),
        }
    }
}

/// A validated item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub(crate) id: ItemId,
    pub(crate) label: String,
    pub(crate) text: BTreeMap<String, String>,
    pub(crate) response: ResponseScale,
    // Sorted by `from`; covers every ordinal point exactly once. Empty when not recoded.
    pub(crate) recode: Vec<(f64, f64)>,
    pub(crate) reverse: bool,
    // min and max of the scored value (after recoding), when bounded.
    pub(crate) scored_bounds: Option<(f64, f64)>,
}

impl Item {
    /// The item id.
    #[must_use]
    pub fn id(&self) -> &ItemId {
        &self.id
    }

    /// bordin's short neutral label.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The wording in `language`, when shipped or loaded from an overlay.
    #[must_use]
    pub fn text(&self, language: &str) -> Option<&str> {
        self.text.get(language).map(String::as_str)
    }

    /// The item's response scale.
    #[must_use]
    pub fn response_scale(&self) -> &ResponseScale {
        &self.response
    }

    /// Whether the item is reverse-keyed (min + max − x on its scored bounds).
    #[must_use]
    pub fn is_reversed(&self) -> bool {
        self.reverse
    }

    /// The recoding table as `(chosen, scored)` pairs; empty when not recoded.
    #[must_use]
    pub fn recoding(&self) -> &[(f64, f64)] {
        &self.recode
    }

    /// The lowest and highest scored value (after recoding), when bounded.
    #[must_use]
    pub fn scored_bounds(&self) -> Option<(f64, f64)> {
        self.scored_bounds
    }

    /// The scored value of a chosen option: recoded, then reverse-keyed.
    ///
    /// `chosen` must already be a valid answer for the item's scale (the
    /// scorer checks this); an unlisted ordinal value is returned unchanged.
    #[must_use]
    pub fn scored_value(&self, chosen: f64) -> f64 {
        let recoded = self
            .recode
            .iter()
            .find(|(from, _)| *from == chosen)
            .map_or(chosen, |(_, to)| *to);
        match (self.reverse, self.scored_bounds) {
            (true, Some((lo, hi))) => lo + hi - recoded,
            _ => recoded,
        }
    }
}

/// What a scale aggregates.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Components {
    /// Indices into [`Instrument::items`].
    Items(Vec<usize>),
    /// Indices into [`Instrument::scales`], all before this scale.
    Scales(Vec<usize>),
}

impl Components {
    /// How many components there are.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Components::Items(v) | Components::Scales(v) => v.len(),
        }
    }

    /// Whether there are none (never true for a validated scale).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A validated interpretation band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Band {
    /// The band's label.
    pub label: String,
    /// Lower edge.
    pub min: f64,
    /// Upper edge.
    pub max: f64,
    /// Whether `min` itself is excluded (the previous band owns it).
    pub min_exclusive: bool,
    /// Whether `max` itself is included (always for the last band).
    pub max_inclusive: bool,
}

impl Band {
    /// Whether `value` falls in this band.
    #[must_use]
    pub fn contains(&self, value: f64) -> bool {
        let above = if self.min_exclusive {
            value > self.min
        } else {
            value >= self.min
        };
        let below = if self.max_inclusive {
            value <= self.max
        } else {
            value < self.max
        };
        above && below
    }
}

/// A validated scale (a total or a subscale).
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub(crate) id: ScaleId,
    pub(crate) label: String,
    pub(crate) components: Components,
    pub(crate) aggregation: Aggregation,
    pub(crate) transform: Option<Transform>,
    pub(crate) missing: MissingRule,
    pub(crate) polarity: Polarity,
    // Contiguous, in increasing order, covering `range` when it is known.
    pub(crate) bands: Vec<Band>,
    pub(crate) cutoffs: Vec<CutoffSpec>,
    pub(crate) reliable_change: Option<ReliableChangeSpec>,
    pub(crate) norms: Vec<NormSpec>,
    pub(crate) notes: Vec<String>,
    // (lowest, highest) possible value after transformation, when every item is bounded.
    pub(crate) range: Option<(f64, f64)>,
}

impl Scale {
    /// The scale id.
    #[must_use]
    pub fn id(&self) -> &ScaleId {
        &self.id
    }

    /// Human-readable name.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The items or earlier scales it aggregates.
    #[must_use]
    pub fn components(&self) -> &Components {
        &self.components
    }

    /// Sum or mean.
    #[must_use]
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation
    }

    /// The transformation applied after aggregation, if any.
    #[must_use]
    pub fn transform(&self) -> Option<Transform> {
        self.transform
    }

    /// The missing-data rule declared by the file.
    #[must_use]
    pub fn missing_rule(&self) -> MissingRule {
        self.missing
    }

    /// Whether higher is better or worse.
    #[must_use]
    pub fn polarity(&self) -> Polarity {
        self.polarity
    }

    /// Interpretation bands, in increasing order.
    #[must_use]
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The band `value` falls in, if the scale has bands.
    #[must_use]
    pub fn band_of(&self, value: f64) -> Option<&Band> {
        self.bands.iter().find(|b| b.contains(value))
    }

    /// Published cut-offs.
    #[must_use]
    pub fn cutoffs(&self) -> &[CutoffSpec] {
        &self.cutoffs
    }

    /// The cut-off with this id.
    #[must_use]
    pub fn cutoff(&self, id: &str) -> Option<&CutoffSpec> {
        self.cutoffs.iter().find(|c| c.id == id)
    }

    /// Reliable-change parameters, when published.
    #[must_use]
    pub fn reliable_change(&self) -> Option<&ReliableChangeSpec> {
        self.reliable_change.as_ref()
    }

    /// Norms.
    #[must_use]
    pub fn norms(&self) -> &[NormSpec] {
        &self.norms
    }

    /// The first norm of a group (clinical, functional, general).
    #[must_use]
    pub fn norm(&self, group: NormGroup) -> Option<&NormSpec> {
        self.norms.iter().find(|n| n.group == group)
    }

    /// Notes on conventions and alternatives.
    #[must_use]
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The lowest and highest possible value with every item answered, after
    /// transformation; `None` when an item's scale is unbounded.
    #[must_use]
    pub fn range(&self) -> Option<(f64, f64)> {
        self.range
    }
}

/// What a validated flag watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlagOn {
    /// Index into [`Instrument::scales`].
    Scale(usize),
    /// Index into [`Instrument::items`].
    Item(usize),
}

/// A validated flag rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub(crate) id: FlagId,
    pub(crate) label: String,
    pub(crate) on: FlagOn,
    pub(crate) when: Condition,
    pub(crate) enabled: bool,
    pub(crate) source: String,
}

impl Flag {
    /// The flag id.
    #[must_use]
    pub fn id(&self) -> &FlagId {
        &self.id
    }

    /// What the flag means.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The scale or item watched.
    #[must_use]
    pub fn on(&self) -> FlagOn {
        self.on
    }

    /// When it fires.
    #[must_use]
    pub fn condition(&self) -> Condition {
        self.when
    }

    /// Whether it is on by default.
    #[must_use]
    pub fn enabled_by_default(&self) -> bool {
        self.enabled
    }

    /// Where the rule comes from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// A validated, immutable instrument definition.
///
/// Obtain one from the [`Catalog`](crate::Catalog), from a file with
/// [`Instrument::from_path`], from a string with [`Instrument::from_json`], or
/// from a spec with `Instrument::try_from(spec)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    pub(crate) spec: InstrumentSpec,
    pub(crate) id: InstrumentId,
    pub(crate) items: Vec<Item>,
    pub(crate) scales: Vec<Scale>,
    pub(crate) flags: Vec<Flag>,
    // The file's languages and instructions plus any overlay's; `spec` keeps the file's own.
    pub(crate) languages: Vec<String>,
    pub(crate) instructions: BTreeMap<String, String>,
    // "sha256:" + 64 lowercase hex digits of the canonical JSON of `spec` as loaded.
    pub(crate) fingerprint: String,
}

impl Instrument {
    /// Parses and validates a definition from JSON text.
    ///
    /// # Errors
    ///
    /// [`LoadError::TooLarge`] above [`MAX_DEFINITION_BYTES`], [`LoadError::Json`]
    /// for malformed JSON or a shape that does not fit the format (unknown
    /// fields included), and [`LoadError::Invalid`] with every problem found.
    pub fn from_json(json: &str) -> Result<Instrument, LoadError> {
        Self::parse(json, Origin::Text)
    }

    /// Reads, parses and validates a definition file.
    ///
    /// # Errors
    ///
    /// As [`Instrument::from_json`], plus [`LoadError::Io`] when the file
    /// cannot be read.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Instrument, LoadError> {
        let path = path.as_ref();
        let text = read_limited(path)?;
        Self::parse(&text, Origin::Path(path.to_path_buf()))
    }

    pub(crate) fn parse(json: &str, origin: Origin) -> Result<Instrument, LoadError> {
        if json.len() > MAX_DEFINITION_BYTES {
            return Err(LoadError::TooLarge {
                origin,
                size: json.len(),
                limit: MAX_DEFINITION_BYTES,
            });
        }
        let spec: InstrumentSpec = match from_json_object(json) {
            Ok(spec) => spec,
            Err(source) => return Err(LoadError::Json { origin, source }),
        };
        Instrument::try_from(spec).map_err(|source| LoadError::Invalid { origin, source })
    }

    /// The instrument id.
    #[must_use]
    pub fn id(&self) -> &InstrumentId {
        &self.id
    }

    /// The version of the definition.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.spec.version
    }

    /// The full title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.spec.title
    }

    /// The published abbreviation.
    #[must_use]
    pub fn abbreviation(&self) -> &str {
        &self.spec.abbreviation
    }

    /// What it measures.
    #[must_use]
    pub fn construct(&self) -> Construct {
        self.spec.construct
    }

    /// Who fills it in.
    #[must_use]
    pub fn respondent(&self) -> Respondent {
        self.spec.respondent
    }

    /// Languages covered.
    #[must_use]
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// The primary citation.
    #[must_use]
    pub fn citation(&self) -> &Citation {
        &self.spec.citation
    }

    /// The questionnaire's license terms.
    #[must_use]
    pub fn license(&self) -> &License {
        &self.spec.license
    }

    /// Sources of the key and how sure it is.
    #[must_use]
    pub fn provenance(&self) -> &Provenance {
        &self.spec.provenance
    }

    /// Shortcut for `provenance().confidence`.
    #[must_use]
    pub fn confidence(&self) -> Confidence {
        self.spec.provenance.confidence
    }

    /// Notes on conventions and alternatives.
    #[must_use]
    pub fn notes(&self) -> &[String] {
        &self.spec.notes
    }

    /// Instructions in `language`, when shipped or loaded from an overlay.
    #[must_use]
    pub fn instructions(&self, language: &str) -> Option<&str> {
        self.instructions.get(language).map(String::as_str)
    }

    /// Items in form order.
    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The item with this id.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The position of the item with this id in [`Instrument::items`].
    #[must_use]
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// Scales in file order (a total made of subscales comes after them).
    #[must_use]
    pub fn scales(&self) -> &[Scale] {
        &self.scales
    }

    /// The scale with this id.
    #[must_use]
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// The position of the scale with this id in [`Instrument::scales`].
    #[must_use]
    pub fn scale_index(&self, id: &str) -> Option<usize> {
        self.scales.iter().position(|s| s.id == id)
    }

    /// The indices of the items a scale rests on, through any sub-scales, in form order.
    #[must_use]
    pub fn scale_item_indices(&self, scale: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_items(scale, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn collect_items(&self, scale: usize, out: &mut Vec<usize>) {
        let Some(s) = self.scales.get(scale) else {
            return;
        };
        match &s.components {
            Components::Items(items) => out.extend_from_slice(items),
            // Validation guarantees sub-scales come earlier, so this terminates.
            Components::Scales(scales) => {
                for &sub in scales {
                    self.collect_items(sub, out);
                }
            }
        }
    }

    /// Flag rules.
    #[must_use]
    pub fn flags(&self) -> &[Flag] {
        &self.flags
    }

    /// `sha256:` + hex of the canonical JSON (keys sorted, no whitespace) of the
    /// definition as loaded. Every score records it, so a stored score can be
    /// traced to the exact key that produced it. Attaching wording from an
    /// overlay does not change it.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The definition as loaded (without overlay wording).
    #[must_use]
    pub fn spec(&self) -> &InstrumentSpec {
        &self.spec
    }
}

impl TryFrom<InstrumentSpec> for Instrument {
    type Error = crate::error::InvalidInstrument;

    /// Validates a spec, reporting every problem at once.
    fn try_from(spec: InstrumentSpec) -> Result<Self, Self::Error> {
        crate::validate::validate(spec)
    }
}

/// Applies a transformation to an aggregate.
pub(crate) fn apply_transform(t: Transform, x: f64) -> f64 {
    match t {
        Transform::Linear { multiply, add } => x.mul_add(multiply, add),
        Transform::TScore { mean, sd } => 50.0 + 10.0 * (x - mean) / sd,
    }
}

/// Deserializes `T` from a JSON object only.
///
/// serde's derived structs also accept their fields as a JSON array in
/// declaration order; the file format (and its schema) says an object.
pub(crate) fn from_json_object<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    struct ObjectOnly<T>(T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(std::marker::PhantomData<T>);
            impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
                type Value = T;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
                .map(ObjectOnly)
        }
    }

    serde_json::from_str::<ObjectOnly<T>>(json).map(|o| o.0)
}

pub(crate) fn read_limited(path: &Path) -> Result<String, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if size > MAX_DEFINITION_BYTES {
        return Err(LoadError::TooLarge {
            origin: Origin::Path(path.to_path_buf()),
            size,
            limit: MAX_DEFINITION_BYTES,
        });
    }
    std::fs::read_to_string(path).map_err(io)
}

/// The fingerprint of a spec: `sha256:` + hex of its canonical JSON.
pub(crate) fn fingerprint(spec: &InstrumentSpec) -> String {
    let mut spec = spec.clone();
    spec.schema = None;
    let mut canonical = String::new();
    // Serializing plain data structs with string keys cannot fail.
    if let Ok(value) = serde_json::to_value(&spec) {
        write_canonical(&value, &mut canonical);
    }
    let digest = Sha256::digest(canonical.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Canonical JSON: object keys sorted by code point, no whitespace.
pub(crate) fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}
