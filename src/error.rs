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
}
