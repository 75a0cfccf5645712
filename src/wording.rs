//! Licensed item wording, supplied by the user in a separate file.
//!
//! Many instruments' wording cannot be redistributed, so bordin ships their
//! scoring keys with neutral labels only. A user who holds a license keeps the
//! wording in an overlay file:
//!
//! ```json
//! {
//!   "instrument": "wai-sr",
//!   "language": "en",
//!   "instructions": "optional instructions shown before the items",
//!   "items": { "1": "wording of item 1", "2": "wording of item 2" }
//! }
//! ```
//!
//! [`Instrument::with_wording`] checks the overlay against the instrument and
//! returns a copy with the text attached. The fingerprint does not change:
//! wording is not part of the scoring key.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{LoadError, Origin};
use crate::instrument::{Instrument, MAX_DEFINITION_BYTES, from_json_object, read_limited};
use crate::validate::escape_token;

/// A wording overlay: item text for one instrument in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The instrument id the wording belongs to.
    pub instrument: String,
    /// The language tag (`en`).
    pub language: String,
    /// Optional instructions shown before the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// Item id → wording.
    pub items: BTreeMap<String, String>,
    #[serde(skip)]
    origin: Option<std::path::PathBuf>,
}

impl Wording {
    /// Parses an overlay from JSON text.
    ///
    /// # Errors
    ///
    /// [`LoadError::TooLarge`] above [`MAX_DEFINITION_BYTES`] and
    /// [`LoadError::Json`] for malformed JSON or unknown fields.
    pub fn from_json(json: &str) -> Result<Wording, LoadError> {
        Self::parse(json, Origin::Text)
    }

    /// Reads and parses an overlay file.
    ///
    /// # Errors
    ///
    /// As [`Wording::from_json`], plus [`LoadError::Io`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Wording, LoadError> {
        let path = path.as_ref();
        let text = read_limited(path)?;
        let mut w = Self::parse(&text, Origin::Path(path.to_path_buf()))?;
        w.origin = Some(path.to_path_buf());
        Ok(w)
    }

    fn parse(json: &str, origin: Origin) -> Result<Wording, LoadError> {
        if json.len() > MAX_DEFINITION_BYTES {
            return Err(LoadError::TooLarge {
                origin,
                size: json.len(),
                limit: MAX_DEFINITION_BYTES,
            });
        }
        from_json_object(json).map_err(|source| LoadError::Json { origin, source })
    }

    fn origin(&self) -> Origin {
        self.origin.clone().map_or(Origin::Text, Origin::Path)
    }
}

impl Instrument {
    /// Returns a copy of the instrument with the overlay's wording attached.
    ///
    /// Items the overlay does not mention keep what they had. The license
    /// check of the definition file does not apply: the user vouches for
    /// their own license.
    ///
    /// # Errors
    ///
    /// [`LoadError::OverlayInstrument`] when the overlay names another
    /// instrument, [`LoadError::OverlayUnknownItem`] for the first item id the
    /// instrument does not have.
    pub fn with_wording(&self, wording: &Wording) -> Result<Instrument, LoadError> {
        if wording.instrument != self.id().as_str() {
            return Err(LoadError::OverlayInstrument {
                origin: wording.origin(),
                expected: self.id().to_string(),
                found: wording.instrument.clone(),
            });
        }
        let mut out = self.clone();
        for (id, text) in &wording.items {
            let Some(item) = out.items.iter_mut().find(|i| i.id == id.as_str()) else {
                return Err(LoadError::OverlayUnknownItem {
                    origin: wording.origin(),
                    item: id.clone(),
                    pointer: format!("/items/{}", escape_token(id)),
                });
            };
            item.text.insert(wording.language.clone(), text.clone());
        }
        // Not in `out.spec`: that stays the definition as loaded.
        if let Some(instructions) = &wording.instructions {
            out.instructions
                .insert(wording.language.clone(), instructions.clone());
        }
        if !out.languages.contains(&wording.language) {
            out.languages.push(wording.language.clone());
        }
        Ok(out)
    }
}
