//! The serde + JSON Schema mirror of an instrument file.
//!
//! Every type here maps one to one onto the JSON in `instruments/*.json`. Nothing
//! here checks meaning: a spec may name unknown items or carry overlapping bands.
//! Turn it into an [`Instrument`](crate::Instrument) with
//! [`Instrument::try_from`](crate::Instrument#impl-TryFrom<InstrumentSpec>-for-Instrument),
//! which reports every problem at once.
//!
//! Unknown fields are rejected everywhere (`deny_unknown_fields`), so a
//! misspelt key is an error rather than a silently ignored setting.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One instrument file: identity, provenance, response scales, items, scales and flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentSpec {
    /// Optional `$schema` reference so editors can validate the file; ignored by bordin
    /// and left out of the fingerprint.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Instrument id: kebab-case of the abbreviation (`wai-sr`, `phq-9`).
    pub id: String,
    /// Version of this definition (not of the questionnaire), for example `1.0.0`.
    pub version: String,
    /// Full title.
    pub title: String,
    /// Published abbreviation (`WAI-SR`).
    pub abbreviation: String,
    /// What the instrument measures.
    pub construct: Construct,
    /// Who fills it in.
    pub respondent: Respondent,
    /// Languages the definition covers (BCP 47 tags such as `en`).
    pub languages: Vec<String>,
    /// The primary citation.
    pub citation: Citation,
    /// Who holds the rights and whether the item wording is included.
    pub license: License,
    /// Where the scoring key comes from and how sure it is.
    pub provenance: Provenance,
    /// Instructions shown before the items, by language. Only allowed when the
    /// license includes item text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub instructions: BTreeMap<String, String>,
    /// Free-text notes: conventions chosen, alternatives not taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The response scales items refer to.
    pub response_scales: Vec<ResponseScaleSpec>,
    /// The items, in the order of the published form.
    pub items: Vec<ItemSpec>,
    /// The scores computed from the items (total and subscales).
    pub scales: Vec<ScaleSpec>,
    /// Rules that raise a flag on a scale value or an item answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<FlagSpec>,
}

/// The construct an instrument measures, for filtering the catalog.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Construct {
    /// The working or helping alliance (WAI family, HAq-II, SRS).
    Alliance,
    /// Relational empathy (CARE).
    Empathy,
    /// Cultural humility (CHS).
    CulturalHumility,
    /// Therapist burnout (CBI).
    Burnout,
    /// Professional quality of life: compassion satisfaction and fatigue (ProQOL).
    ProfessionalQualityOfLife,
    /// Wellbeing and functioning (ORS).
    Wellbeing,
    /// Depression (PHQ-9).
    Depression,
    /// Anxiety (GAD-7).
    Anxiety,
    /// General psychological distress (CORE-10).
    Distress,
}

/// Who fills in an instrument.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Respondent {
    /// The client or patient.
    Client,
    /// The therapist, about the therapy or about themselves.
    Therapist,
    /// An external observer rating a recorded session.
    Observer,
    /// A parent or caregiver, for child forms.
    Caregiver,
}

/// A bibliographic citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The full reference in APA style.
    pub text: String,
    /// DOI without the `https://doi.org/` prefix, when one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
}

/// License terms of the questionnaire (not of the definition file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// The rights holder.
    pub holder: String,
    /// The terms in one or two sentences.
    pub terms: String,
    /// Where the terms are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A credit or copyright line that must be shown with the questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Whether this file may carry the item wording. When `false`, items have
    /// neutral labels only and users load licensed wording from their own file.
    pub item_text_included: bool,
}

/// How sure the scoring key is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Confirmed by at least two independent sources.
    Confirmed,
    /// Encoded from a single source or derived; see the stated reason.
    Provisional,
}

/// The sources of the scoring key and how sure it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Confirmed or provisional.
    pub confidence: Confidence,
    /// Why the key is provisional (required when it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The sources the key was checked against.
    pub sources: Vec<String>,
}

/// A response scale: the options a respondent chooses from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ResponseScaleSpec {
    /// Labelled integer points, such as 1 Seldom … 5 Always.
    Ordinal {
        /// Id that items refer to (kebab-case).
        id: String,
        /// The points in increasing value order.
        points: Vec<PointSpec>,
        /// An optional "does not apply" option, which carries no value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_applicable: Option<NotApplicableSpec>,
    },
    /// A continuous line, such as a 0–10 visual analogue scale read to 0.1.
    Continuous {
        /// Id that items refer to (kebab-case).
        id: String,
        /// Lowest value, when bounded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Highest value, when bounded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// The step answers are recorded at (0.1 for a 10-cm line read to the mm).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resolution: Option<f64>,
        /// Label of the low end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_label: Option<String>,
        /// Label of the high end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_label: Option<String>,
        /// An optional "does not apply" option, which carries no value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_applicable: Option<NotApplicableSpec>,
    },
}

impl ResponseScaleSpec {
    /// The scale's id.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            ResponseScaleSpec::Ordinal { id, .. } | ResponseScaleSpec::Continuous { id, .. } => id,
        }
    }

    /// The "does not apply" option, if any.
    #[must_use]
    pub fn not_applicable(&self) -> Option<&NotApplicableSpec> {
        match self {
            ResponseScaleSpec::Ordinal { not_applicable, .. }
            | ResponseScaleSpec::Continuous { not_applicable, .. } => not_applicable.as_ref(),
        }
    }
}

/// One point of an ordinal scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointSpec {
    /// The integer value recorded when this option is chosen.
    pub value: f64,
    /// The anchor label.
    pub label: String,
}

/// The "does not apply" option of a response scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotApplicableSpec {
    /// Its label, for example "Does not apply".
    pub label: String,
}

/// One item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    /// The published item number as a string (`"1"`), or a content key where the
    /// published numbering varies (`"work-7"`).
    pub id: String,
    /// A short neutral label (bordin's own paraphrase, never the licensed wording).
    pub label: String,
    /// The item wording by language; only when the license includes item text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub text: BTreeMap<String, String>,
    /// Id of the item's response scale.
    pub response_scale: String,
    /// Recoding of the chosen option before anything else, such as 1..5 → 100..0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recode: Vec<RecodeSpec>,
    /// Reverse keying: min + max − x on the declared (recoded) scale.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reverse: bool,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// One entry of a recoding table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecodeSpec {
    /// The option value chosen.
    pub from: f64,
    /// The value scored.
    pub to: f64,
}

/// A score computed from items (or from other scales).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    /// `total`, or the kebab-case of the subscale's published name.
    pub id: String,
    /// Human-readable name.
    pub label: String,
    /// Ids of the items the scale aggregates. Exactly one of `items` and `scales` is given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Ids of earlier scales this one aggregates (a total made of subscales).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<String>,
    /// Sum or mean of the components.
    pub aggregation: Aggregation,
    /// Optional transformation of the aggregate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
    /// How many components may be missing, and what replaces them.
    pub missing: MissingRule,
    /// Whether higher is better or worse.
    pub polarity: Polarity,
    /// Contiguous interpretation bands covering the scale's possible range.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandSpec>,
    /// Published cut-offs with their source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cutoffs: Vec<CutoffSpec>,
    /// Reliable-change parameters, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliable_change: Option<ReliableChangeSpec>,
    /// Norms with their source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub norms: Vec<NormSpec>,
    /// Notes on this scale: conventions and alternatives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How a scale aggregates its components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregation {
    /// The sum of the components.
    Sum,
    /// The mean of the components.
    Mean,
}

/// A transformation applied to the aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Transform {
    /// `value × multiply + add`.
    Linear {
        /// The factor (non-zero).
        multiply: f64,
        /// The offset.
        add: f64,
    },
    /// `50 + 10 × (value − mean) / sd`, from norms.
    TScore {
        /// The norm mean of the raw aggregate.
        mean: f64,
        /// The norm SD of the raw aggregate (positive).
        sd: f64,
    },
}

/// A missing-data rule, as published for the instrument or as bordin's documented convention.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "kebab-case", deny_unknown_fields)]
pub enum MissingRule {
    /// Every component must be answered.
    Complete,
    /// At most `max_missing` components may be missing; a sum is prorated as
    /// mean of the answered × number of components (a mean is the mean of the answered).
    Prorate {
        /// The most components that may be missing.
        max_missing: u32,
        /// Whether "not applicable" counts as missing (otherwise it makes the scale unscorable).
        #[serde(default = "yes")]
        not_applicable_is_missing: bool,
    },
    /// At most `max_missing` components may be missing or not applicable; each
    /// is replaced by the mean of the answered components (CARE).
    SubstituteMean {
        /// The most components that may be missing.
        max_missing: u32,
        /// Whether "not applicable" counts as missing.
        #[serde(default = "yes")]
        not_applicable_is_missing: bool,
    },
    /// The mean of the answered components, given at least `min_answered` (CBI).
    MeanOfAnswered {
        /// The fewest answered components that give a score.
        min_answered: u32,
        /// Whether "not applicable" counts as missing.
        #[serde(default = "yes")]
        not_applicable_is_missing: bool,
    },
}

fn yes() -> bool {
    true
}

/// Which direction of a scale means improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// Higher values are better (alliance, empathy, well-being).
    HigherIsBetter,
    /// Higher values are worse (symptoms, distress, burnout).
    HigherIsWorse,
}

/// An interpretation band: `[min, max)`, or `[min, max]` with `max_inclusive`.
///
/// Bands are lower-inclusive by default ("5–9 mild" is 5 ≤ score < 10). A band
/// with `max_inclusive` owns its upper edge, and the next band then starts just
/// above it (ProQOL: low ≤ 22). The last band always includes the scale maximum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandSpec {
    /// The band's label (`mild`).
    pub label: String,
    /// Lower edge.
    pub min: f64,
    /// Upper edge.
    pub max: f64,
    /// Whether the band includes `max`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub max_inclusive: bool,
}

/// A published cut-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutoffSpec {
    /// Id (kebab-case), such as `clinical-adult`.
    pub id: String,
    /// What crossing it means.
    pub label: String,
    /// Which side of the threshold is "in".
    pub when: Condition,
    /// The population it applies to, when it differs by group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
    /// Where the cut-off comes from.
    pub source: String,
    /// How sure the cut-off is.
    pub confidence: Confidence,
}

/// A comparison against a threshold: `{"below": 36}`, `{"at-least": 1}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Condition {
    /// value < threshold.
    Below(f64),
    /// value ≤ threshold.
    AtMost(f64),
    /// value ≥ threshold.
    AtLeast(f64),
    /// value > threshold.
    Above(f64),
}

impl Condition {
    /// Whether `value` meets the condition.
    #[must_use]
    pub fn holds(self, value: f64) -> bool {
        match self {
            Condition::Below(t) => value < t,
            Condition::AtMost(t) => value <= t,
            Condition::AtLeast(t) => value >= t,
            Condition::Above(t) => value > t,
        }
    }

    /// The threshold compared against.
    #[must_use]
    pub fn threshold(self) -> f64 {
        match self {
            Condition::Below(t)
            | Condition::AtMost(t)
            | Condition::AtLeast(t)
            | Condition::Above(t) => t,
        }
    }
}

/// Reliable-change parameters: a published threshold, or the SD and reliability
/// the Jacobson–Truax threshold is computed from (or both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReliableChangeSpec {
    /// The published minimal reliable change in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// SD of the reference sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    /// Reliability (α or retest) of the reference sample, in [0, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<f64>,
    /// Where the parameters come from.
    pub source: String,
    /// How sure they are.
    pub confidence: Confidence,
}

/// Norms of a reference group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NormSpec {
    /// The reference group.
    pub population: String,
    /// Clinical, functional or general population (Jacobson–Truax cut-offs use the first two).
    pub group: NormGroup,
    /// Sample size, when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// Mean of the scale in the group.
    pub mean: f64,
    /// SD of the scale in the group.
    pub sd: f64,
    /// Where the norms come from.
    pub source: String,
}

/// The kind of a norm group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NormGroup {
    /// A clinical (treatment-seeking) sample.
    Clinical,
    /// A functional (non-clinical) sample.
    Functional,
    /// A general-population sample.
    General,
}

/// A rule that raises a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagSpec {
    /// Id (kebab-case), such as `alliance-concern`.
    pub id: String,
    /// What the flag means for the clinician.
    pub label: String,
    /// The scale or item it watches.
    pub on: FlagTarget,
    /// When it fires.
    pub when: Condition,
    /// Whether the flag is on by default (opt-in conventions are `false`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Where the rule comes from.
    pub source: String,
}

/// What a flag watches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum FlagTarget {
    /// A scale value (after transformation).
    Scale(String),
    /// An item's answer, as chosen (before recoding and reverse keying).
    Item(String),
}
