//! Error types, one enum per failure domain.
//!
//! Display strings are lowercase, carry no trailing period, name the offending
//! thing and never repeat their `#[source]`.

/// Degenerate or invalid input to a statistic (reliability or trend).
///
/// Statistics never return a silent NaN: every input that would produce one
/// is reported here instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StatsError {
    /// Fewer observations (rows, items, sessions, …) than the statistic needs.
    #[error("too few {what}: need at least {needed}, got {got}")]
    TooFew {
        /// What is counted (`"rows"`, `"items"`, `"sessions"`, …).
        what: &'static str,
        /// The minimum the statistic needs.
        needed: usize,
        /// How many there were.
        got: usize,
    },
    /// A variable has zero variance, so correlations with it are undefined.
    /// Drop it explicitly and retry.
    #[error("{what} has zero variance")]
    ZeroVariance {
        /// The variable (item name, `"series"`, …).
        what: String,
    },
    /// A value is NaN or infinite. Data must be finite where it enters.
    #[error("non-finite value at row {row}, column {col}")]
    NonFinite {
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
    },
    /// A parameter is outside its domain (a confidence level outside (0, 1),
    /// a negative SD, a reliability outside [0, 1), …).
    #[error("invalid parameter {name} = {value}")]
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// Data have the wrong shape (a slice whose length is not rows × items, …).
    #[error("shape mismatch: {what}: expected {expected}, got {got}")]
    Shape {
        /// What was being matched.
        what: &'static str,
        /// The expected size.
        expected: usize,
        /// The size found.
        got: usize,
    },
    /// A matrix that must be inverted is singular (or numerically so).
    #[error("singular {what}: cannot invert")]
    Singular {
        /// Which matrix.
        what: &'static str,
    },
    /// An iterative fit did not converge within its iteration limit.
    #[error("{what} did not converge in {iterations} iterations")]
    DidNotConverge {
        /// Which fit.
        what: &'static str,
        /// The iteration limit that was reached.
        iterations: usize,
    },
    /// Sessions of a series are not strictly increasing.
    #[error("session {found} follows session {previous}: sessions must be strictly increasing")]
    UnorderedSessions {
        /// The earlier session number.
        previous: u32,
        /// The session number that breaks the order (equal means a duplicate).
        found: u32,
    },
    /// Two items have fewer than two rows in which both are answered, so their
    /// pairwise covariance is undefined. Collect more data, or drop one of them.
    #[error("items {first} and {second} are both answered in only {got} rows: need at least 2")]
    TooFewPairs {
        /// The first item.
        first: String,
        /// The second item.
        second: String,
        /// Rows in which both are answered.
        got: usize,
    },
    /// Two accumulators cannot be combined, or an accumulator does not fit the
    /// data pushed into it (different item counts or missing-data policies).
    #[error("incompatible {what}")]
    Incompatible {
        /// What differs.
        what: &'static str,
    },
    /// The statistic needs a complete table but some cells are missing. Drop
    /// the incomplete rows explicitly (for example `ItemMatrix::complete_rows`).
    #[error("{what} needs complete data: {count} cells are missing")]
    MissingValues {
        /// The statistic that needs complete data.
        what: &'static str,
        /// How many cells are missing.
        count: usize,
    },
    /// A factor solution is a Heywood case: an item's communality reaches the
    /// bound (uniqueness at or below 0.005), so its loadings and the omegas
    /// built on them are not trustworthy. Fit fewer factors or drop the item.
    #[error("heywood case: {item} has communality {communality}")]
    Heywood {
        /// The item whose communality is out of bounds.
        item: String,
        /// Its communality.
        communality: f64,
    },
    /// A value of a session series is NaN or infinite. Scores must be finite
    /// where they enter; drop or mark the session as insufficient instead.
    #[error("value at session {session} is not finite")]
    NonFiniteValue {
        /// The session whose value was rejected.
        session: u32,
    },
    /// A value of a session series is beyond ±1e100. No questionnaire score
    /// comes near this; the bound keeps every intermediate sum and square
    /// finite, so no statistic can overflow to infinity or NaN.
    #[error("value at session {session} is beyond the supported magnitude of 1e100")]
    ValueTooLarge {
        /// The session whose value was rejected.
        session: u32,
    },
    /// A method was asked about a session that the series does not contain.
    #[error("session {session} is not in the series")]
    SessionNotFound {
        /// The session number that was asked for.
        session: u32,
    },
    /// A session date is not a calendar date written as `YYYY-MM-DD`
    /// (years 1 to 9999).
    #[error("invalid session date {text:?}: expected a calendar date as YYYY-MM-DD")]
    InvalidDate {
        /// The rejected text (or the rejected year, month and day, formatted).
        text: String,
    },
    /// Session dates go backwards: a session is dated before the session that
    /// precedes it in the series. Check the export for swapped rows.
    #[error("session {session} is dated before the session preceding it")]
    DatesOutOfOrder {
        /// The session whose date is earlier than its predecessor's.
        session: u32,
    },
    /// A Jacobson–Truax cut-off (b or c) was requested without the functional
    /// (non-clinical) norms it is computed from. Supply the functional mean and
    /// SD, or use cut-off a.
    #[error("cut-off {cutoff} needs functional norms")]
    MissingFunctionalNorms {
        /// The requested cut-off (`'b'` or `'c'`).
        cutoff: char,
    },
}

use std::fmt;
use std::path::PathBuf;

/// Where an instrument definition came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// A file on disk.
    Path(PathBuf),
    /// A string given by the caller.
    Text,
    /// A built-in instrument file (`instruments/<name>`).
    Builtin(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Path(p) => write!(f, "{}", p.display()),
            Origin::Text => f.write_str("<string>"),
            Origin::Builtin(name) => write!(f, "built-in {name}"),
        }
    }
}

/// Loading an instrument definition (or a wording overlay) failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file or directory could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input is larger than any instrument definition should be.
    #[error(
        "{origin}: {size} bytes exceeds the limit of {limit} bytes for an instrument definition"
    )]
    TooLarge {
        /// Where the input came from.
        origin: Origin,
        /// Its size in bytes.
        size: usize,
        /// The limit, [`MAX_DEFINITION_BYTES`](crate::MAX_DEFINITION_BYTES).
        limit: usize,
    },
    /// The input is not valid JSON for the format (the source has line and column).
    #[error("{origin}: malformed JSON")]
    Json {
        /// Where the input came from.
        origin: Origin,
        /// The parser's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON parsed but breaks the format's rules.
    #[error("{origin}: invalid instrument definition")]
    Invalid {
        /// Where the input came from.
        origin: Origin,
        /// Every problem found.
        #[source]
        source: InvalidInstrument,
    },
    /// Two definitions share an id (a user file cannot override a built-in).
    #[error("{origin}: instrument id {id} is already defined by {first}")]
    DuplicateId {
        /// The clashing id.
        id: String,
        /// The second definition.
        origin: Origin,
        /// The first definition.
        first: Origin,
    },
    /// A definition's file name does not match its id (`<id>.json`).
    #[error("{}: file name does not match instrument id {id}", path.display())]
    FileNameMismatch {
        /// The file.
        path: PathBuf,
        /// The id inside it.
        id: String,
    },
    /// A wording overlay is for another instrument.
    #[error("{origin}: wording overlay is for instrument {found}, not {expected}")]
    OverlayInstrument {
        /// Where the overlay came from.
        origin: Origin,
        /// The instrument it was applied to.
        expected: String,
        /// The instrument it names.
        found: String,
    },
    /// A wording overlay names an item the instrument does not have.
    #[error("{origin}: wording overlay names unknown item {item} (at {pointer})")]
    OverlayUnknownItem {
        /// Where the overlay came from.
        origin: Origin,
        /// The unknown item id.
        item: String,
        /// JSON pointer of the entry.
        pointer: String,
    },
}

/// A definition that breaks the format's rules: never empty, in file order.
///
/// Display prints one `pointer: message` line per problem.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidInstrument {
    /// The instrument id, as written in the file.
    pub id: String,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

impl fmt::Display for InvalidInstrument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "instrument {} has {} problem(s)",
            self.id,
            self.problems.len()
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidInstrument {}

/// One problem in a definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// JSON pointer to the offending value, such as `/scales/1/items/4`.
    pub pointer: String,
    /// What is wrong.
    pub kind: ProblemKind,
    /// For duplicates and clashes: the pointer of the first occurrence.
    pub first: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.kind)?;
        if let Some(first) = &self.first {
            write!(f, " (first at {first})")?;
        }
        Ok(())
    }
}

/// The kinds of problem [`validate`](crate::Instrument#impl-TryFrom<InstrumentSpec>-for-Instrument) reports.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// An id is used twice among items, scales, flags, cut-offs or response scales.
    #[error("duplicate id {id}")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// An id is not kebab-case (lowercase ASCII letters and digits, single hyphens).
    #[error("id {id:?} is not kebab-case")]
    NotKebabCase {
        /// The id.
        id: String,
    },
    /// A scale or flag names an item that does not exist.
    #[error("unknown item {id}")]
    UnknownItem {
        /// The id.
        id: String,
    },
    /// A scale or flag names a scale that does not exist (or is defined later).
    #[error("unknown scale {id} (a scale may only combine scales defined before it)")]
    UnknownScale {
        /// The id.
        id: String,
    },
    /// An item names a response scale that does not exist.
    #[error("unknown response scale {id}")]
    UnknownResponseScale {
        /// The id.
        id: String,
    },
    /// A scale has no components, or both items and scales.
    #[error("a scale needs either items or scales, not {found}")]
    EmptyScale {
        /// "neither" or "both".
        found: &'static str,
    },
    /// A lower bound is not below its upper bound.
    #[error("min {min} is not below max {max}")]
    MinNotBelowMax {
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },
    /// A continuous scale's resolution is not positive or does not divide its range.
    #[error("resolution {resolution} does not divide the range {min}..{max}")]
    ResolutionDoesNotDivide {
        /// The resolution.
        resolution: f64,
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },
    /// An ordinal scale has no points, non-integer values, or values out of order.
    #[error("ordinal points must be integers in strictly increasing order: {reason}")]
    BadPoints {
        /// What is wrong.
        reason: &'static str,
    },
    /// A reverse-keyed item sits on a scale without both bounds.
    #[error("reverse keying needs a response scale with both bounds")]
    ReverseWithoutBounds,
    /// A recoding table does not map every point exactly once, or recodes a continuous scale.
    #[error("recoding must map every ordinal point exactly once: {reason}")]
    BadRecode {
        /// What is wrong.
        reason: String,
    },
    /// A band overlaps the previous one.
    #[error("band starts at {min}, below the previous band's end {previous_max}")]
    BandsOverlap {
        /// The previous band's upper edge.
        previous_max: f64,
        /// This band's lower edge.
        min: f64,
    },
    /// A band leaves a gap after the previous one (or at either end of the scale's range).
    #[error("bands leave a gap between {from} and {to}")]
    BandsLeaveGap {
        /// Start of the gap.
        from: f64,
        /// End of the gap.
        to: f64,
    },
    /// A band lies (partly) outside the scale's possible range.
    #[error("band {min}..{max} falls outside the scale's possible range {range_min}..{range_max}")]
    BandOutsideRange {
        /// The band's lower edge.
        min: f64,
        /// The band's upper edge.
        max: f64,
        /// The scale's lowest possible value.
        range_min: f64,
        /// The scale's highest possible value.
        range_max: f64,
    },
    /// A missing-data rule lets every component be missing.
    #[error("missing-data rule permits all {components} components to be missing")]
    MissingRuleAllowsNothing {
        /// Number of components of the scale.
        components: usize,
    },
    /// Item text or instructions are present although the license does not include them.
    #[error("wording is present but license.item_text_included is false")]
    TextNotLicensed,
    /// A language tag is used that `languages` does not list.
    #[error("language {language} is not listed in languages")]
    UnknownLanguage {
        /// The tag.
        language: String,
    },
    /// A number is NaN or infinite.
    #[error("number is not finite")]
    NonFinite,
    /// A parameter is outside its domain (a non-positive SD, a reliability outside [0, 1), …).
    #[error("{what} {value} is out of range")]
    OutOfDomain {
        /// Which parameter.
        what: &'static str,
        /// Its value.
        value: f64,
    },
    /// Reliable-change parameters give neither a threshold nor both SD and reliability.
    #[error("reliable change needs a threshold or both sd and reliability")]
    IncompleteReliableChange,
    /// A provisional key does not say why.
    #[error("a provisional key needs a reason")]
    ProvisionalWithoutReason,
    /// A required list or text is empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What is empty.
        what: &'static str,
    },
}

/// Input a scorer cannot accept: the caller must fix it.
///
/// A scale that cannot be scored because too few items were answered is not an
/// error: it is a [`ScaleScore`](crate::ScaleScore) with `value: None`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// The response is for another instrument.
    #[error("response is for instrument {found}, not {expected}")]
    WrongInstrument {
        /// The scorer's instrument.
        expected: String,
        /// The response's instrument.
        found: String,
    },
    /// The response names an item the instrument does not have.
    #[error("unknown item {item}")]
    UnknownItem {
        /// The item id.
        item: String,
    },
    /// A value lies outside the item's response scale.
    #[error("item {item}: {value} is outside the scale {min}..{max}")]
    OutOfRange {
        /// The item id.
        item: String,
        /// The value given.
        value: f64,
        /// The scale's lowest value.
        min: f64,
        /// The scale's highest value.
        max: f64,
    },
    /// A value on an ordinal scale is not one of its points (a non-integer, or a skipped value).
    #[error("item {item}: {value} is not a point of the ordinal scale")]
    NotAPoint {
        /// The item id.
        item: String,
        /// The value given.
        value: f64,
    },
    /// A value on a continuous scale is not a multiple of its resolution.
    #[error("item {item}: {value} is not on the scale's resolution {resolution}")]
    OffResolution {
        /// The item id.
        item: String,
        /// The value given.
        value: f64,
        /// The scale's resolution.
        resolution: f64,
    },
    /// A value is NaN or infinite.
    #[error("item {item}: value is not finite")]
    NonFinite {
        /// The item id.
        item: String,
    },
    /// "Not applicable" was given for an item whose scale has no such option.
    #[error("item {item}: the response scale has no not-applicable option")]
    NotApplicableNotAllowed {
        /// The item id.
        item: String,
    },
    /// A row of a batch failed; `source` says why.
    #[error("row {row}")]
    InRow {
        /// Zero-based row of the batch.
        row: usize,
        /// The error in that row.
        #[source]
        source: Box<ScoreError>,
    },
    /// A batch buffer has the wrong length.
    #[error("{what} has length {got}, expected {expected}")]
    Shape {
        /// Which buffer.
        what: &'static str,
        /// The expected length.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// Scoring options name a scale the instrument does not have.
    #[error("scoring options name unknown scale {scale}")]
    UnknownScale {
        /// The scale id.
        scale: String,
    },
    /// Scoring options name a flag the instrument does not have.
    #[error("scoring options name unknown flag {flag}")]
    UnknownFlag {
        /// The flag id.
        flag: String,
    },
    /// A missing-data rule given in the options lets every component be missing.
    #[error("missing-data rule for scale {scale} permits every component to be missing")]
    RuleAllowsNothing {
        /// The scale id.
        scale: String,
    },
}

/// Invalid Goal Attainment Scaling input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GoalError {
    /// No goals were given.
    #[error("no goals given")]
    NoGoals,
    /// A weight is zero, negative or not finite.
    #[error("goal {index}: weight {weight} must be positive and finite")]
    BadWeight {
        /// Zero-based goal index.
        index: usize,
        /// The weight.
        weight: f64,
    },
    /// A level is outside −2..=+2.
    #[error("goal {index}: level {level} is outside -2..=2")]
    LevelOutOfRange {
        /// Zero-based goal index.
        index: usize,
        /// The level.
        level: i32,
    },
    /// ρ is outside [0, 1).
    #[error("rho {rho} must lie in [0, 1)")]
    BadRho {
        /// The value given.
        rho: f64,
    },
}

/// Any bordin error, for callers who handle them alike.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Loading a definition or overlay failed.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A spec broke the format's rules.
    #[error(transparent)]
    Invalid(#[from] InvalidInstrument),
    /// A response could not be scored.
    #[error(transparent)]
    Score(#[from] ScoreError),
    /// A statistic could not be computed.
    #[error(transparent)]
    Stats(#[from] StatsError),
    /// Goal Attainment Scaling input was invalid.
    #[error(transparent)]
    Goal(#[from] GoalError),
}
