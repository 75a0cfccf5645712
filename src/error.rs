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
