//! Reliability statistics for questionnaire item data, matching R psych 2.2.9.
//!
//! The flow is always the same: item values enter as an [`ItemMatrix`] (n rows
//! × k items, row-major, missing cells allowed), one pass over the rows
//! accumulates the sufficient statistics in a mergeable [`Moments`]
//! accumulator, and every statistic that only needs the covariance matrix is
//! computed from that k × k summary. A data set larger than memory can be
//! streamed through [`Moments::push_rows`] in chunks, and chunks processed in
//! parallel can be combined with [`Moments::merge`].
//!
//! | statistic | function | psych equivalent |
//! |---|---|---|
//! | α family, item statistics, α if dropped | [`alpha`], [`alpha_from_moments`] | `alpha(x)` |
//! | percentile bootstrap CI for α | [`bootstrap_alpha`] | `alpha(x, n.iter = …)` (seeded here) |
//! | McDonald's ω (one factor, Schmid–Leiman) | [`omega`], [`omega_from_moments`] | `omega(x, nfactors = 1 \| 3)` |
//! | split-half (λ4, β, mean), λ2, λ6 | [`split_half`], [`split_half_from_moments`] | `splitHalf(x, raw = TRUE)` |
//! | Spearman–Brown | [`spearman_brown`], [`spearman_brown_factor`] | `splitHalf`'s building block |
//! | six Shrout–Fleiss ICCs | [`icc`] | `ICC(x, lmer = FALSE)` |
//! | SEM and reliable-change threshold | [`sem`], [`reliable_change`] | Jacobson & Truax (1991) |
//!
//! # Example
//!
//! ```
//! use bordin::StatsError;
//! use bordin::reliability::{
//!     AlphaOptions, ConfidenceLevel, ItemMatrix, Missing, Moments, OmegaOptions, SplitHalfOptions,
//!     alpha, alpha_from_moments, omega, reliable_change, split_half,
//! };
//!
//! // 10 clients × 4 alliance items (already reverse-keyed), one answer missing
//! let m = ItemMatrix::from_rows(&[
//!     [Some(4.0), Some(5.0), Some(3.0), Some(4.0)],
//!     [Some(3.0), Some(3.0), Some(2.0), Some(4.0)],
//!     [Some(5.0), Some(4.0), Some(4.0), Some(5.0)],
//!     [Some(2.0), Some(3.0), None, Some(1.0)],
//!     [Some(4.0), Some(3.0), Some(5.0), Some(4.0)],
//!     [Some(3.0), Some(2.0), Some(3.0), Some(2.0)],
//!     [Some(5.0), Some(4.0), Some(5.0), Some(4.0)],
//!     [Some(1.0), Some(2.0), Some(2.0), Some(2.0)],
//!     [Some(4.0), Some(5.0), Some(3.0), Some(3.0)],
//!     [Some(2.0), Some(1.0), Some(2.0), Some(3.0)],
//! ])?
//! .with_names(["goal", "task", "bond", "agree"])?;
//!
//! let a = alpha(&m, AlphaOptions::default())?; // pairwise, 95 %
//! println!("α = {:.3}, Feldt [{:.3}, {:.3}]", a.raw_alpha, a.feldt.lower, a.feldt.upper);
//! for item in &a.item_stats {
//!     println!("{}: r.drop {:.2}", item.name, item.r_drop);
//! }
//! let listwise = alpha(&m, Missing::Listwise)?; // the 9 complete rows only
//! assert_eq!(listwise.n, 9);
//!
//! // one-factor ω_total: ten clients are too few, the fit is a Heywood case,
//! // reported as an error naming the item rather than as a number
//! match omega(&m, OmegaOptions::default()) {
//!     Ok(o) => println!("ω_total = {:.3}", o.omega_total),
//!     Err(StatsError::Heywood { item, .. }) => println!("ω: Heywood case at {item}"),
//!     Err(e) => return Err(e.into()),
//! }
//! let s = split_half(&m, SplitHalfOptions::default())?; // every split: λ4, β, mean
//! assert!(s.lambda4 >= s.mean && s.mean >= s.beta);
//!
//! // reliable change on a sum score with SD 7.2 and the estimated α
//! let rc = reliable_change(7.2, a.raw_alpha, ConfidenceLevel::default())?;
//! assert!(rc.threshold > 0.0);
//!
//! // the same α from rows streamed into two accumulators and merged
//! let mut first = Moments::new(4, Missing::Pairwise);
//! let mut second = Moments::new(4, Missing::Pairwise);
//! for r in 0..m.rows() {
//!     let row: Vec<Option<f64>> = (0..4).map(|c| m.value(r, c)).collect();
//!     if r < 6 { first.push_partial_row(&row)? } else { second.push_partial_row(&row)? }
//! }
//! first.merge(&second)?;
//! let streamed = alpha_from_moments(&first, AlphaOptions::default())?;
//! assert!((streamed.raw_alpha - a.raw_alpha).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Missing data
//!
//! Missing cells are handled as the explicit [`Missing`] policy says, and every
//! result records the policy it used:
//!
//! - [`Missing::Pairwise`] (default, as psych and pingouin): each covariance
//!   uses the rows in which both items are answered, with that pair's own means
//!   (R's `cov(x, use = "pairwise")`); the person score is the mean of the
//!   answered items; the `n` of the standard error and of the Feldt interval is
//!   the number of all rows, as psych does.
//! - [`Missing::Listwise`]: rows with any missing cell are dropped first, so
//!   every statistic, including `n`, is that of the complete rows
//!   (`psych::alpha(na.omit(x))`).
//!
//! # Numeric policy
//!
//! Values are `f64`; NaN and ±∞ are rejected where data enter. Degenerate
//! input (fewer than two rows or items, a zero-variance item, a singular
//! correlation matrix where an inverse is needed, a confidence level outside
//! (0, 1), …) is a [`crate::StatsError`], never a silent NaN.
//!
//! # Deliberate departures from psych
//!
//! Each is documented where it happens; in short:
//!
//! - a zero-variance item is an error naming the item, not a warning
//!   ([`ItemMatrix::without_items`] drops it explicitly);
//! - a singular correlation matrix is an error where psych silently uses a
//!   pseudo-inverse (SMC, λ6, r.cor, ω);
//! - the Duhachek interval uses the normal quantile of the requested level
//!   (1.959964… at 95 %), not psych's printed 1.96;
//! - split-half enumerates every distinct split also for an odd number of
//!   items, and samples with a caller-given seed above 16 items;
//! - with missing cells the sum-score mean is prorated (k × mean of the
//!   answered items) where psych counts a missing answer as 0;
//! - the scale mean after dropping a constant item is that of the remaining
//!   items (psych still counts the dropped item in the score).
//!
//! # References
//!
//! Formulas and citations are in each function's documentation. The numeric
//! oracle (psych 2.2.9 and pingouin 0.7.0 on five data sets) is reproduced by
//! the integration tests to 1e-12 for closed forms.

mod alpha;
mod bootstrap;
mod factor;
mod icc;
mod int_kernel;
mod kernel;
mod linalg;
mod moments;
mod omega;
mod rng;
mod sem;
mod split_half;

pub use alpha::{
    Alpha, AlphaOptions, IfDropped, ItemStatistics, ScoreKind, alpha, alpha_from_moments,
};
pub use bootstrap::{BootstrapAlpha, BootstrapOptions, bootstrap_alpha};
pub use icc::{Anova, Icc, IccForm, IccRow, icc};
pub use moments::Moments;
pub use omega::{GroupOmega, ItemLoadings, Omega, OmegaOptions, omega, omega_from_moments};
pub use sem::{ReliableChange, reliable_change, sem};
pub use split_half::{
    Split, SplitHalf, SplitHalfOptions, spearman_brown, spearman_brown_factor, split_half,
    split_half_from_moments,
};

use serde::Serialize;

use crate::StatsError;

/// How missing cells are handled. Every result records the policy it used.
///
/// The two policies can differ materially (pingouin's own example data give
/// α = 0.733 pairwise and 0.802 listwise), so there is no silent choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Missing {
    /// Each covariance uses the rows in which both items are answered, with
    /// that pair's own means and `n_pair − 1` denominator (R's
    /// `cov(x, use = "pairwise")`, the default of psych and pingouin). Person
    /// scores are means of the answered items; `n` for standard errors and
    /// confidence intervals is the number of all rows, as in psych.
    #[default]
    Pairwise,
    /// Rows with any missing cell are dropped before anything is computed
    /// (`psych::alpha(na.omit(x))`): `n` is the number of complete rows.
    Listwise,
}

/// A confidence level in the open interval (0, 1); the default is 0.95.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ConfidenceLevel(f64); // in (0, 1), never NaN

impl ConfidenceLevel {
    /// Validates a confidence level such as `0.95`.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] if `level` is not strictly between 0
    /// and 1 (NaN included).
    pub fn new(level: f64) -> Result<Self, StatsError> {
        if level > 0.0 && level < 1.0 {
            Ok(Self(level))
        } else {
            Err(StatsError::InvalidParameter {
                name: "confidence level",
                value: level,
            })
        }
    }

    /// The level, for example `0.95`.
    #[must_use]
    pub fn get(self) -> f64 {
        self.0
    }

    /// `1 − γ/2` for `γ = 1 − level`: the probability of the upper quantile of
    /// a two-sided interval (0.975 at 95 %).
    pub(crate) fn upper_tail(self) -> f64 {
        1.0 - (1.0 - self.0) / 2.0
    }

    /// `γ/2`: the probability of the lower quantile of a two-sided interval.
    pub(crate) fn lower_tail(self) -> f64 {
        (1.0 - self.0) / 2.0
    }
}

impl Default for ConfidenceLevel {
    fn default() -> Self {
        Self(0.95)
    }
}

/// How a confidence interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum IntervalMethod {
    /// Feldt (1965): exact F distribution of (1 − α)/(1 − α̂).
    Feldt,
    /// Duhachek & Iacobucci (2004): α̂ ± z·ASE (normal approximation; the
    /// upper limit can exceed 1).
    DuhachekIacobucci,
    /// Percentile bootstrap over resampled rows.
    BootstrapPercentile,
    /// Exact F-based limits of Shrout & Fleiss (1979) and McGraw & Wong (1996)
    /// (Satterthwaite degrees of freedom for the absolute-agreement forms).
    FDistribution,
}

/// A two-sided confidence interval that names its method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Interval {
    /// Lower limit.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
    /// Confidence level, for example 0.95.
    pub level: f64,
    /// How the limits were computed.
    pub method: IntervalMethod,
    /// `true` when a limit lies above 1, outside the range of a reliability
    /// coefficient (possible for the Duhachek–Iacobucci interval). The limits
    /// are reported as computed, never clamped.
    pub out_of_range: bool,
}

impl Interval {
    pub(crate) fn new(
        lower: f64,
        upper: f64,
        level: ConfidenceLevel,
        method: IntervalMethod,
    ) -> Self {
        Self {
            lower,
            upper,
            level: level.get(),
            method,
            out_of_range: lower > 1.0 || upper > 1.0,
        }
    }
}

/// An n × k matrix of item values (rows are persons or targets, columns are
/// items or raters), row-major `f64`, with missing cells allowed.
///
/// Items must already be reverse-keyed and recoded. Every stored value is
/// finite; NaN and ±∞ are rejected by the constructors (except that
/// [`ItemMatrix::from_slice_nan_missing`] reads NaN as "missing", the
/// convention of batch score buffers).
///
/// Items are named `item1`, `item2`, … unless [`ItemMatrix::with_names`] gives
/// names; errors name the offending item.
///
/// ```
/// use bordin::reliability::ItemMatrix;
///
/// let m = ItemMatrix::from_rows(&[
///     [Some(4.0), Some(5.0), Some(4.0)],
///     [Some(3.0), None, Some(2.0)],
///     [Some(5.0), Some(4.0), Some(5.0)],
/// ])?
/// .with_names(["goal", "task", "bond"])?;
/// assert_eq!(m.rows(), 3);
/// assert_eq!(m.missing_cells(), 1);
/// assert_eq!(m.value(1, 1), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ItemMatrix {
    // row-major, len == rows * items; every cell finite, or NaN for a missing cell
    data: Vec<f64>,
    rows: usize,
    // >= 1
    items: usize,
    // len == items
    names: Vec<String>,
    // number of NaN cells in `data`
    missing: usize,
    // Some(base) when every non-missing cell is an integer in
    // [base, base + 5]: the moments then take the exact integer kernel
    int_base: Option<f64>,
}

#[expect(clippy::float_cmp, reason = "zero variance means exactly equal values")]
fn same_value(a: f64, b: f64) -> bool {
    a == b
}

fn default_names(items: usize) -> Vec<String> {
    (1..=items).map(|i| format!("item{i}")).collect()
}

fn check_shape(len: usize, rows: usize, items: usize) -> Result<(), StatsError> {
    if items == 0 {
        return Err(StatsError::TooFew {
            what: "items",
            needed: 1,
            got: 0,
        });
    }
    let expected = rows.checked_mul(items).ok_or(StatsError::Shape {
        what: "rows × items",
        expected: usize::MAX,
        got: len,
    })?;
    if len == expected {
        Ok(())
    } else {
        Err(StatsError::Shape {
            what: "slice length (rows × items)",
            expected,
            got: len,
        })
    }
}

impl ItemMatrix {
    /// Builds a matrix from rows of optional values (`None` = missing).
    ///
    /// # Errors
    ///
    /// - [`StatsError::TooFew`] if there are no rows or the rows have no items;
    /// - [`StatsError::Shape`] if a row's length differs from the first row's;
    /// - [`StatsError::NonFinite`] for a NaN or infinite value.
    pub fn from_rows<R: AsRef<[Option<f64>]>>(rows: &[R]) -> Result<Self, StatsError> {
        let first = rows.first().ok_or(StatsError::TooFew {
            what: "rows",
            needed: 1,
            got: 0,
        })?;
        let items = first.as_ref().len();
        if items == 0 {
            return Err(StatsError::TooFew {
                what: "items",
                needed: 1,
                got: 0,
            });
        }
        let mut data = Vec::with_capacity(rows.len() * items);
        let mut missing = 0;
        for (r, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != items {
                return Err(StatsError::Shape {
                    what: "row length",
                    expected: items,
                    got: row.len(),
                });
            }
            for (c, v) in row.iter().enumerate() {
                match *v {
                    Some(x) if x.is_finite() => data.push(x),
                    Some(_) => return Err(StatsError::NonFinite { row: r, col: c }),
                    None => {
                        missing += 1;
                        data.push(f64::NAN);
                    }
                }
            }
        }
        Ok(Self {
            int_base: int_kernel::int_base(&data),
            data,
            rows: rows.len(),
            items,
            names: default_names(items),
            missing,
        })
    }

    /// Builds a complete matrix (no missing cells) from a row-major slice,
    /// copying it.
    ///
    /// # Errors
    ///
    /// - [`StatsError::TooFew`] if `items` is 0;
    /// - [`StatsError::Shape`] if `data.len() != rows * items`;
    /// - [`StatsError::NonFinite`] for any NaN or infinite value (use
    ///   [`ItemMatrix::from_slice_nan_missing`] when NaN marks missing cells).
    pub fn from_slice(data: &[f64], rows: usize, items: usize) -> Result<Self, StatsError> {
        Self::from_vec(data.to_vec(), rows, items)
    }

    /// Like [`ItemMatrix::from_slice`], taking ownership of the buffer (no copy).
    ///
    /// # Errors
    ///
    /// As [`ItemMatrix::from_slice`].
    pub fn from_vec(data: Vec<f64>, rows: usize, items: usize) -> Result<Self, StatsError> {
        check_shape(data.len(), rows, items)?;
        if let Some(pos) = data.iter().position(|x| !x.is_finite()) {
            return Err(StatsError::NonFinite {
                row: pos / items,
                col: pos % items,
            });
        }
        Ok(Self {
            int_base: int_kernel::int_base(&data),
            data,
            rows,
            items,
            names: default_names(items),
            missing: 0,
        })
    }

    /// Builds a matrix from a row-major slice in which NaN marks a missing
    /// cell (the convention of batch score buffers). ±∞ is still rejected.
    ///
    /// # Errors
    ///
    /// - [`StatsError::TooFew`] if `items` is 0;
    /// - [`StatsError::Shape`] if `data.len() != rows * items`;
    /// - [`StatsError::NonFinite`] for an infinite value.
    pub fn from_slice_nan_missing(
        data: &[f64],
        rows: usize,
        items: usize,
    ) -> Result<Self, StatsError> {
        check_shape(data.len(), rows, items)?;
        let mut missing = 0;
        for (pos, x) in data.iter().enumerate() {
            if x.is_nan() {
                missing += 1;
            } else if x.is_infinite() {
                return Err(StatsError::NonFinite {
                    row: pos / items,
                    col: pos % items,
                });
            }
        }
        Ok(Self {
            data: data.to_vec(),
            rows,
            items,
            names: default_names(items),
            missing,
            int_base: int_kernel::int_base(data),
        })
    }

    /// Names the items (in column order); errors then name items this way.
    ///
    /// # Errors
    ///
    /// [`StatsError::Shape`] if the number of names differs from the number
    /// of items.
    pub fn with_names<I>(mut self, names: I) -> Result<Self, StatsError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if names.len() != self.items {
            return Err(StatsError::Shape {
                what: "item names",
                expected: self.items,
                got: names.len(),
            });
        }
        self.names = names;
        Ok(self)
    }

    /// Number of rows (persons, targets).
    #[must_use]
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of items (columns, raters).
    #[must_use]
    pub fn items(&self) -> usize {
        self.items
    }

    /// Item names in column order.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The column of the item with this name, if any.
    #[must_use]
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Number of missing cells.
    #[must_use]
    pub fn missing_cells(&self) -> usize {
        self.missing
    }

    /// Number of rows without a missing cell.
    #[must_use]
    pub fn complete_row_count(&self) -> usize {
        if self.missing == 0 {
            return self.rows;
        }
        self.data
            .chunks_exact(self.items)
            .filter(|r| r.iter().all(|x| !x.is_nan()))
            .count()
    }

    /// The value at `row`, `item`; `None` if the cell is missing or out of
    /// bounds.
    #[must_use]
    pub fn value(&self, row: usize, item: usize) -> Option<f64> {
        if row >= self.rows || item >= self.items {
            return None;
        }
        let x = self.data[row * self.items + item];
        (!x.is_nan()).then_some(x)
    }

    /// Items whose answered values are all equal (or that have fewer than two
    /// answered values): the items a zero-variance error would name. Pass them
    /// to [`ItemMatrix::without_items`] to drop them explicitly.
    #[must_use]
    pub fn zero_variance_items(&self) -> Vec<usize> {
        (0..self.items)
            .filter(|&c| {
                let mut first = None;
                for r in 0..self.rows {
                    let x = self.data[r * self.items + c];
                    if x.is_nan() {
                        continue;
                    }
                    match first {
                        None => first = Some(x),
                        Some(f) if !same_value(f, x) => return false,
                        Some(_) => {}
                    }
                }
                true
            })
            .collect()
    }

    /// A copy without the given item columns (names follow their columns).
    ///
    /// # Errors
    ///
    /// - [`StatsError::Shape`] if an index is out of range;
    /// - [`StatsError::TooFew`] if no item would be left.
    pub fn without_items(&self, drop: &[usize]) -> Result<Self, StatsError> {
        if let Some(&bad) = drop.iter().find(|&&c| c >= self.items) {
            return Err(StatsError::Shape {
                what: "item index",
                expected: self.items,
                got: bad,
            });
        }
        let keep: Vec<usize> = (0..self.items).filter(|c| !drop.contains(c)).collect();
        if keep.is_empty() {
            return Err(StatsError::TooFew {
                what: "items",
                needed: 1,
                got: 0,
            });
        }
        let mut data = Vec::with_capacity(self.rows * keep.len());
        let mut missing = 0;
        for row in self.data.chunks_exact(self.items) {
            for &c in &keep {
                let x = row[c];
                missing += usize::from(x.is_nan());
                data.push(x);
            }
        }
        let names = keep.iter().map(|&c| self.names[c].clone()).collect();
        Ok(Self {
            int_base: int_kernel::int_base(&data),
            data,
            rows: self.rows,
            items: keep.len(),
            names,
            missing,
        })
    }

    /// A copy that keeps only the rows without a missing cell (listwise
    /// deletion, `na.omit`).
    #[must_use]
    pub fn complete_rows(&self) -> Self {
        let data: Vec<f64> = self
            .data
            .chunks_exact(self.items)
            .filter(|r| r.iter().all(|x| !x.is_nan()))
            .flatten()
            .copied()
            .collect();
        let rows = data.len() / self.items;
        Self {
            int_base: int_kernel::int_base(&data),
            data,
            rows,
            items: self.items,
            names: self.names.clone(),
            missing: 0,
        }
    }

    /// Accumulates the [`Moments`] of all rows under a missing-data policy.
    ///
    /// Above 32,768 rows the rows are cut into fixed chunks that two threads
    /// process and that are merged in chunk order, so the result does not
    /// depend on the number of cores or on timing.
    #[must_use]
    pub fn moments(&self, missing: Missing) -> Moments {
        moments::from_matrix(self, missing)
    }

    /// The row-major cells, NaN marking a missing cell (the convention of
    /// [`ItemMatrix::from_slice_nan_missing`]).
    #[must_use]
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    pub(crate) fn raw(&self) -> &[f64] {
        &self.data
    }

    /// See [`int_kernel::int_base`].
    pub(crate) fn int_base(&self) -> Option<f64> {
        self.int_base
    }
}
