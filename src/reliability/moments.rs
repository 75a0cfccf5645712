//! One-pass, mergeable accumulation of counts, means and co-moments.
//!
//! The formulas, citations and departures from psych are documented on
//! [`Moments`].

use super::int_kernel;
use super::kernel::{self, BLOCK, Scratch};
use super::{ItemMatrix, Missing};
use crate::StatsError;

/// Row count above which a complete [`ItemMatrix`] is split across two
/// threads.
const PARALLEL_ROWS: usize = 1 << 15;

/// Sufficient statistics of a set of rows: counts, means and co-moments of k
/// items (and of the person score), mergeable across chunks.
///
/// ```text
/// complete rows, per block of ≤ 256 rows (two-pass inside the block):
///   x̄_b = Σ_r x_r / n_b,   M_b = Σ_r (x_r − x̄_b)(x_r − x̄_b)'
/// merging two sets A and B (Chan, Golub & LeVeque 1979/1983):
///   n = n_A + n_B,  δ = x̄_B − x̄_A
///   x̄ = x̄_A + δ·n_B/n,   M = M_A + M_B + δδ'·n_A·n_B/n
/// incomplete rows (Pairwise): the same per pair of variables (i, j), over the
///   rows in which both are present, with that pair's own means:
///   n_ij, x̄_i|ij, x̄_j|ij, M_ij, M_ii|ij, M_jj|ij   (Welford update per row)
/// covariance:  C_ij = M_ij / (n_ij − 1)           (R: cov(x, use = "pairwise"))
/// correlation: r_ij = M_ij / √(M_ii|ij · M_jj|ij) (R: cor(x, use = "pairwise"))
/// ```
///
/// Besides the k items, the accumulator tracks the person score (the mean of
/// the answered items of a row, psych's `rowMeans(x, na.rm = TRUE)`) as an
/// extra variable, so the item–total correlations and the scale mean and SD
/// come out of the same pass. For complete rows its moments follow exactly
/// from the item moments (score = Σx/k), so the hot loop only accumulates the
/// k × k item block.
///
/// Complete rows go through a blocked kernel: each block of rows is copied,
/// centred, into a column buffer that stays in L1 cache, and the upper
/// triangle of the co-moment matrix is a set of dot products over it. When an
/// [`ItemMatrix`] of at most 12 items holds only integers within a range of
/// six values (Likert answers such as 1..5), its blocks take an exact
/// integer kernel instead, which packs four co-moment sums into one f64 per
/// multiplication; its sums are exact, so the result agrees with the general
/// kernel to rounding.
/// References: Chan, T. F., Golub, G. H., & LeVeque, R. J. (1983), "Algorithms
/// for computing the sample variance", The American Statistician 37:242–247;
/// Welford, B. P. (1962), Technometrics 4:419–420.
///
/// Build it from an [`ItemMatrix`] ([`ItemMatrix::moments`]) or stream rows
/// into it ([`Moments::push_row`], [`Moments::push_rows`],
/// [`Moments::push_partial_row`]); combine accumulators of disjoint chunks
/// with [`Moments::merge`]. The result depends only on the multiset of rows,
/// up to floating-point rounding (≈ 1e-15 relative).
///
/// ```
/// use bordin::reliability::{Missing, Moments};
///
/// let mut a = Moments::new(3, Missing::Pairwise);
/// a.push_row(&[4.0, 5.0, 4.0])?;
/// a.push_row(&[3.0, 3.0, 2.0])?;
/// let mut b = Moments::new(3, Missing::Pairwise);
/// b.push_partial_row(&[Some(5.0), None, Some(5.0)])?;
/// a.merge(&b)?;
/// assert_eq!(a.rows(), 3);
/// assert_eq!(a.count(0, 0), 3);
/// assert_eq!(a.count(0, 1), 2);
/// assert!((a.mean(0) - 4.0).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Moments {
    // >= 1
    k: usize,
    missing: Missing,
    // len == k
    names: Vec<String>,
    // every row pushed, including incomplete and (Listwise) skipped rows
    rows: u64,
    // complete rows flushed through the block kernel
    full: Full,
    // complete rows not yet flushed, row-major; fewer than BLOCK rows
    pending: Vec<f64>,
    // incomplete rows (Pairwise only): (k+1)² pair accumulators, entry (i, j)
    // with i <= j used; variable k is the person score. Empty until needed.
    partial: Vec<Pair>,
}

/// Moments of complete rows.
#[derive(Debug, Clone, PartialEq)]
struct Full {
    n: f64,
    // len k
    mean: Vec<f64>,
    // k × k, upper triangle (i <= j) valid
    m2: Vec<f64>,
}

impl Full {
    fn new(k: usize) -> Self {
        Self {
            n: 0.0,
            mean: vec![0.0; k],
            m2: vec![0.0; k * k],
        }
    }

    /// Adds a block of complete rows through the kernel, shifted by the
    /// running mean (by the block's first row when empty); through the exact
    /// integer kernel when `int_base` says the cells allow it.
    fn absorb(
        &mut self,
        block: &[f64],
        int_base: Option<f64>,
        scratch: &mut Scratch,
        tmp: &mut BlockMoments,
    ) {
        let k = self.mean.len();
        if let Some(base) = int_base
            && k <= int_kernel::MAX_ITEMS
        {
            self.absorb_ints(block, base, tmp);
            return;
        }
        let mut shift = std::mem::take(&mut tmp.shift);
        shift.clear();
        shift.extend_from_slice(if self.n > 0.0 {
            &self.mean
        } else {
            &block[..k]
        });
        let nb = kernel::block(block, k, &shift, scratch);
        if nb == 0 {
            tmp.shift = shift;
            return;
        }
        let kp = kernel::padded(k);
        let nbf = nb as f64;
        let s = scratch.s();
        let sum = &scratch.sum;
        tmp.mean.clear();
        tmp.mean
            .extend(shift.iter().zip(sum).map(|(sh, su)| sh + su / nbf));
        tmp.m2.clear();
        tmp.m2.resize(k * k, 0.0);
        for i in 0..k {
            for j in i..k {
                tmp.m2[i * k + j] = s[i * kp + j] - sum[i] * sum[j] / nbf;
            }
        }
        tmp.shift = shift;
        self.merge(nbf, &tmp.mean, &tmp.m2);
    }

    /// [`Full::absorb`] through [`int_kernel::block`]: Σv and S are exact, so
    /// the block's mean and co-moments carry one rounding each.
    fn absorb_ints(&mut self, block: &[f64], base: f64, tmp: &mut BlockMoments) {
        let k = self.mean.len();
        tmp.sum.clear();
        tmp.sum.resize(k, 0.0);
        tmp.m2.clear();
        tmp.m2.resize(k * k, 0.0);
        let nb = int_kernel::block(block, k, base, &mut tmp.sum, &mut tmp.m2);
        if nb == 0 {
            return;
        }
        let nbf = nb as f64;
        let sum = &tmp.sum;
        tmp.mean.clear();
        tmp.mean.extend(sum.iter().map(|su| base + su / nbf));
        for i in 0..k {
            for j in i..k {
                tmp.m2[i * k + j] -= sum[i] * sum[j] / nbf;
            }
        }
        self.merge(nbf, &tmp.mean, &tmp.m2);
    }

    /// Chan et al. merge of another set of complete-row moments.
    fn merge(&mut self, n_b: f64, mean_b: &[f64], m2_b: &[f64]) {
        if n_b == 0.0 {
            return;
        }
        let k = self.mean.len();
        if self.n == 0.0 {
            self.n = n_b;
            self.mean.copy_from_slice(mean_b);
            self.m2.copy_from_slice(m2_b);
            return;
        }
        let n = self.n + n_b;
        let f = self.n * n_b / n;
        let w = n_b / n;
        for i in 0..k {
            let di = mean_b[i] - self.mean[i];
            for j in i..k {
                let dj = mean_b[j] - self.mean[j];
                self.m2[i * k + j] += m2_b[i * k + j] + di * dj * f;
            }
        }
        for (m, b) in self.mean.iter_mut().zip(mean_b) {
            *m += (b - *m) * w;
        }
        self.n = n;
    }
}

/// Mean and co-moments of one block (scratch).
#[derive(Debug, Default)]
struct BlockMoments {
    shift: Vec<f64>,
    // Σv of the integer kernel
    sum: Vec<f64>,
    mean: Vec<f64>,
    m2: Vec<f64>,
}

/// Moments of one pair of variables over the rows in which both are present.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Pair {
    pub(crate) n: f64,
    pub(crate) mean_a: f64,
    pub(crate) mean_b: f64,
    pub(crate) m_ab: f64,
    pub(crate) m_aa: f64,
    pub(crate) m_bb: f64,
}

impl Pair {
    fn push(&mut self, a: f64, b: f64) {
        self.n += 1.0;
        let da = a - self.mean_a;
        let db = b - self.mean_b;
        self.mean_a += da / self.n;
        self.mean_b += db / self.n;
        self.m_ab += da * (b - self.mean_b);
        self.m_aa += da * (a - self.mean_a);
        self.m_bb += db * (b - self.mean_b);
    }

    fn merge(&mut self, o: &Pair) {
        if o.n == 0.0 {
            return;
        }
        if self.n == 0.0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let f = self.n * o.n / n;
        let da = o.mean_a - self.mean_a;
        let db = o.mean_b - self.mean_b;
        self.m_ab += o.m_ab + da * db * f;
        self.m_aa += o.m_aa + da * da * f;
        self.m_bb += o.m_bb + db * db * f;
        self.mean_a += da * o.n / n;
        self.mean_b += db * o.n / n;
        self.n = n;
    }

    fn swapped(self) -> Pair {
        Pair {
            mean_a: self.mean_b,
            mean_b: self.mean_a,
            m_aa: self.m_bb,
            m_bb: self.m_aa,
            ..self
        }
    }
}

impl Moments {
    /// An empty accumulator for rows of `items` values under a missing-data
    /// policy. Items are named `item1`, `item2`, …
    ///
    /// # Panics
    ///
    /// If `items` is 0.
    #[must_use]
    pub fn new(items: usize, missing: Missing) -> Self {
        assert!(items > 0, "Moments::new: items must be at least 1");
        Self {
            k: items,
            missing,
            names: super::default_names(items),
            rows: 0,
            full: Full::new(items),
            pending: Vec::new(),
            partial: Vec::new(),
        }
    }

    /// Names the items (in column order) so that errors can name them.
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
        if names.len() != self.k {
            return Err(StatsError::Shape {
                what: "item names",
                expected: self.k,
                got: names.len(),
            });
        }
        self.names = names;
        Ok(self)
    }

    /// Number of items.
    #[must_use]
    pub fn items(&self) -> usize {
        self.k
    }

    /// Item names.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The missing-data policy.
    #[must_use]
    pub fn missing(&self) -> Missing {
        self.missing
    }

    /// Every row pushed, including incomplete rows (and, under
    /// [`Missing::Listwise`], the incomplete rows that were skipped).
    #[must_use]
    pub fn rows(&self) -> usize {
        usize::try_from(self.rows).unwrap_or(usize::MAX)
    }

    /// Rows without a missing cell.
    #[must_use]
    pub fn complete_rows(&self) -> usize {
        usize::try_from(self.full_n_total()).unwrap_or(usize::MAX)
    }

    fn full_n_total(&self) -> u64 {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "an exact count below 2^53"
        )]
        let n = self.full.n as u64;
        n + (self.pending.len() / self.k) as u64
    }

    /// Adds one complete row.
    ///
    /// # Errors
    ///
    /// - [`StatsError::Shape`] if `row.len()` is not the number of items;
    /// - [`StatsError::NonFinite`] for a NaN or infinite value (the row is
    ///   then not added; `row` in the error counts the rows pushed before).
    pub fn push_row(&mut self, row: &[f64]) -> Result<(), StatsError> {
        if row.len() != self.k {
            return Err(StatsError::Shape {
                what: "row length",
                expected: self.k,
                got: row.len(),
            });
        }
        if let Some(c) = row.iter().position(|x| !x.is_finite()) {
            return Err(StatsError::NonFinite {
                row: self.rows(),
                col: c,
            });
        }
        self.push_complete(row);
        Ok(())
    }

    /// Adds complete rows given as one row-major slice (a chunk of a stream).
    /// The chunk is validated first and added only if every value is finite.
    ///
    /// # Errors
    ///
    /// - [`StatsError::Shape`] if the length is not a multiple of the number
    ///   of items;
    /// - [`StatsError::NonFinite`] for a NaN or infinite value (`row` counts
    ///   from the first row ever pushed).
    pub fn push_rows(&mut self, data: &[f64]) -> Result<(), StatsError> {
        if !data.len().is_multiple_of(self.k) {
            return Err(StatsError::Shape {
                what: "chunk length (a multiple of the number of items)",
                expected: data.len() / self.k * self.k,
                got: data.len(),
            });
        }
        if let Some(pos) = data.iter().position(|x| !x.is_finite()) {
            return Err(StatsError::NonFinite {
                row: self.rows() + pos / self.k,
                col: pos % self.k,
            });
        }
        self.push_complete(data);
        Ok(())
    }

    /// Adds one row with missing cells (`None`). Under [`Missing::Listwise`]
    /// an incomplete row is counted in [`Moments::rows`] and otherwise
    /// skipped.
    ///
    /// # Errors
    ///
    /// - [`StatsError::Shape`] if `row.len()` is not the number of items;
    /// - [`StatsError::NonFinite`] for a NaN or infinite value.
    pub fn push_partial_row(&mut self, row: &[Option<f64>]) -> Result<(), StatsError> {
        if row.len() != self.k {
            return Err(StatsError::Shape {
                what: "row length",
                expected: self.k,
                got: row.len(),
            });
        }
        if let Some(c) = row.iter().position(|x| x.is_some_and(|v| !v.is_finite())) {
            return Err(StatsError::NonFinite {
                row: self.rows(),
                col: c,
            });
        }
        if row.iter().all(Option::is_some) {
            let values: Vec<f64> = row.iter().map(|x| x.unwrap_or(0.0)).collect();
            self.push_complete(&values);
        } else {
            let values: Vec<f64> = row.iter().map(|x| x.unwrap_or(f64::NAN)).collect();
            self.push_incomplete(&values);
        }
        Ok(())
    }

    /// Adds the rows of another accumulator (Chan et al. parallel update).
    ///
    /// # Errors
    ///
    /// [`StatsError::Incompatible`] if the number of items or the missing-data
    /// policy differs.
    pub fn merge(&mut self, other: &Moments) -> Result<(), StatsError> {
        if other.k != self.k {
            return Err(StatsError::Incompatible {
                what: "item counts of merged moments",
            });
        }
        if other.missing != self.missing {
            return Err(StatsError::Incompatible {
                what: "missing-data policies of merged moments",
            });
        }
        self.rows += other.rows;
        self.full
            .merge(other.full.n, &other.full.mean, &other.full.m2);
        if !other.pending.is_empty() {
            self.absorb_complete(&other.pending, None);
        }
        if !other.partial.is_empty() {
            if self.partial.is_empty() {
                self.partial.clone_from(&other.partial);
            } else {
                for (a, b) in self.partial.iter_mut().zip(&other.partial) {
                    a.merge(b);
                }
            }
        }
        Ok(())
    }

    /// Number of rows in which both items `i` and `j` are present
    /// (`count(i, i)`: rows in which item `i` is answered).
    ///
    /// # Panics
    ///
    /// If an index is out of range.
    #[must_use]
    pub fn count(&self, i: usize, j: usize) -> usize {
        assert!(i < self.k && j < self.k, "item index out of range");
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "an exact count"
        )]
        let n = self.summary().pair(i, j).n as usize;
        n
    }

    /// Mean of item `i` over the rows in which it is answered (0 if none).
    ///
    /// # Panics
    ///
    /// If `i` is out of range.
    #[must_use]
    pub fn mean(&self, i: usize) -> f64 {
        assert!(i < self.k, "item index out of range");
        self.summary().pair(i, i).mean_a
    }

    /// The k × k covariance matrix, row-major (pairwise: R's
    /// `cov(x, use = "pairwise")`; listwise: of the complete rows).
    ///
    /// # Errors
    ///
    /// [`StatsError::TooFewPairs`] if two items share fewer than two rows
    /// (for `i = j`: an item answered fewer than twice).
    pub fn covariance_matrix(&self) -> Result<Vec<f64>, StatsError> {
        let s = self.summary();
        s.check_counts(&self.names)?;
        Ok(s.cov_matrix())
    }

    /// The correlation matrix psych's `alpha` and `splitHalf` use:
    /// `cov2cor` of the (pairwise) covariance matrix, row-major.
    ///
    /// # Errors
    ///
    /// As [`Moments::covariance_matrix`], plus [`StatsError::ZeroVariance`]
    /// naming an item with zero variance.
    pub fn correlation_matrix(&self) -> Result<Vec<f64>, StatsError> {
        let s = self.summary();
        s.check_items(&self.names)?;
        Ok(s.cov2cor())
    }

    /// The correlation matrix psych's `omega` and `guttman` use:
    /// `cor(x, use = "pairwise")`, where each correlation uses its pair's own
    /// means and standard deviations. Equal to
    /// [`Moments::correlation_matrix`] when no cell is missing.
    ///
    /// # Errors
    ///
    /// As [`Moments::correlation_matrix`]; [`StatsError::ZeroVariance`] also
    /// when an item is constant over the rows it shares with another item.
    pub fn pairwise_correlation_matrix(&self) -> Result<Vec<f64>, StatsError> {
        let s = self.summary();
        s.check_items(&self.names)?;
        s.pairwise_cor(&self.names)
    }

    // ------------------------------------------------------------ internals

    /// Adds complete rows (already validated) through the block kernel.
    pub(crate) fn push_complete(&mut self, data: &[f64]) {
        self.push_complete_ints(data, None);
    }

    /// [`Moments::push_complete`], through the exact integer kernel when
    /// `int_base` is given: every cell of `data` is an integer in
    /// `[base, base + 5]` (rows left pending from earlier pushes take the
    /// general kernel).
    pub(crate) fn push_complete_ints(&mut self, data: &[f64], int_base: Option<f64>) {
        self.rows += (data.len() / self.k) as u64;
        self.absorb_complete(data, int_base);
    }

    /// The kernel part of [`Moments::push_complete`], without counting rows.
    fn absorb_complete(&mut self, mut data: &[f64], int_base: Option<f64>) {
        let k = self.k;
        let mut scratch = Scratch::default();
        let mut tmp = BlockMoments::default();
        if !self.pending.is_empty() {
            let room = BLOCK * k - self.pending.len();
            let take = room.min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() == BLOCK * k {
                // pending rows may have come without the integer guarantee
                self.full
                    .absorb(&self.pending, None, &mut scratch, &mut tmp);
                self.pending.clear();
            }
        }
        let mut blocks = data.chunks_exact(BLOCK * k);
        for block in &mut blocks {
            self.full.absorb(block, int_base, &mut scratch, &mut tmp);
        }
        self.pending.extend_from_slice(blocks.remainder());
    }

    /// Adds one row with at least one missing cell (NaN), already validated.
    pub(crate) fn push_incomplete(&mut self, row: &[f64]) {
        self.rows += 1;
        if self.missing == Missing::Listwise {
            return;
        }
        let k = self.k;
        let p = k + 1;
        if self.partial.is_empty() {
            self.partial = vec![Pair::default(); p * p];
        }
        let mut sum = 0.0;
        let mut count = 0usize;
        for x in row.iter().filter(|x| !x.is_nan()) {
            sum += x;
            count += 1;
        }
        let score = if count > 0 {
            sum / count as f64
        } else {
            f64::NAN
        };
        let value = |v: usize| if v == k { score } else { row[v] };
        for i in 0..p {
            let a = value(i);
            if a.is_nan() {
                continue;
            }
            for j in i..p {
                let b = value(j);
                if !b.is_nan() {
                    self.partial[i * p + j].push(a, b);
                }
            }
        }
    }

    /// Finalized pair statistics over items and score.
    pub(crate) fn summary(&self) -> Summary {
        let k = self.k;
        let p = k + 1;
        let mut full = self.full.clone();
        if !self.pending.is_empty() {
            full.absorb(
                &self.pending,
                None,
                &mut Scratch::default(),
                &mut BlockMoments::default(),
            );
        }
        let mut pairs = vec![Pair::default(); p * p];
        if full.n > 0.0 {
            let m = |i: usize, j: usize| {
                if i <= j {
                    full.m2[i * k + j]
                } else {
                    full.m2[j * k + i]
                }
            };
            let kf = k as f64;
            let score_mean = full.mean.iter().sum::<f64>() / kf;
            let row_sums: Vec<f64> = (0..k).map(|i| (0..k).map(|j| m(i, j)).sum()).collect();
            let total: f64 = row_sums.iter().sum();
            let score_m = total / (kf * kf);
            for i in 0..k {
                for j in i..k {
                    pairs[i * p + j] = Pair {
                        n: full.n,
                        mean_a: full.mean[i],
                        mean_b: full.mean[j],
                        m_ab: m(i, j),
                        m_aa: m(i, i),
                        m_bb: m(j, j),
                    };
                }
                pairs[i * p + k] = Pair {
                    n: full.n,
                    mean_a: full.mean[i],
                    mean_b: score_mean,
                    m_ab: row_sums[i] / kf,
                    m_aa: m(i, i),
                    m_bb: score_m,
                };
            }
            pairs[k * p + k] = Pair {
                n: full.n,
                mean_a: score_mean,
                mean_b: score_mean,
                m_ab: score_m,
                m_aa: score_m,
                m_bb: score_m,
            };
        }
        if !self.partial.is_empty() {
            for i in 0..p {
                for j in i..p {
                    let o = self.partial[i * p + j];
                    pairs[i * p + j].merge(&o);
                }
            }
        }
        let n_rows = match self.missing {
            Missing::Pairwise => self.rows,
            Missing::Listwise => self.full_n_total(),
        };
        Summary {
            k,
            n_rows: usize::try_from(n_rows).unwrap_or(usize::MAX),
            pairs,
        }
    }
}

/// Finalized pairwise statistics over the k items and the person score
/// (variable index k).
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub(crate) k: usize,
    /// `n` of standard errors and intervals: all rows (Pairwise) or complete
    /// rows (Listwise).
    pub(crate) n_rows: usize,
    // (k+1)², entry (i, j) valid for i <= j
    pairs: Vec<Pair>,
}

impl Summary {
    pub(crate) fn pair(&self, i: usize, j: usize) -> Pair {
        let p = self.k + 1;
        if i <= j {
            self.pairs[i * p + j]
        } else {
            self.pairs[j * p + i].swapped()
        }
    }

    /// Every pair of items shares at least two rows.
    pub(crate) fn check_counts(&self, names: &[String]) -> Result<(), StatsError> {
        for i in 0..self.k {
            for j in i..self.k {
                let n = self.pair(i, j).n;
                if n < 2.0 {
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "an exact count"
                    )]
                    let got = n as usize;
                    return Err(StatsError::TooFewPairs {
                        first: names[i].clone(),
                        second: names[j].clone(),
                        got,
                    });
                }
            }
        }
        Ok(())
    }

    /// Counts, then a positive variance for every item.
    pub(crate) fn check_items(&self, names: &[String]) -> Result<(), StatsError> {
        self.check_counts(names)?;
        for (i, name) in names.iter().enumerate().take(self.k) {
            let v = self.pair(i, i).m_ab;
            if v <= 0.0 || !v.is_finite() {
                return Err(StatsError::ZeroVariance { what: name.clone() });
            }
        }
        Ok(())
    }

    pub(crate) fn cov(&self, i: usize, j: usize) -> f64 {
        let p = self.pair(i, j);
        p.m_ab / (p.n - 1.0)
    }

    pub(crate) fn cov_matrix(&self) -> Vec<f64> {
        let k = self.k;
        let mut c = vec![0.0; k * k];
        for i in 0..k {
            for j in i..k {
                let v = self.cov(i, j);
                c[i * k + j] = v;
                c[j * k + i] = v;
            }
        }
        c
    }

    /// `cov2cor` of the covariance matrix (diagonal exactly 1).
    pub(crate) fn cov2cor(&self) -> Vec<f64> {
        cov2cor(&self.cov_matrix(), self.k)
    }

    /// Pairwise correlations with pair-specific means and SDs.
    pub(crate) fn pairwise_cor(&self, names: &[String]) -> Result<Vec<f64>, StatsError> {
        let k = self.k;
        let mut r = vec![0.0; k * k];
        for i in 0..k {
            r[i * k + i] = 1.0;
            for j in (i + 1)..k {
                let p = self.pair(i, j);
                if p.m_aa <= 0.0 {
                    return Err(StatsError::ZeroVariance {
                        what: names[i].clone(),
                    });
                }
                if p.m_bb <= 0.0 {
                    return Err(StatsError::ZeroVariance {
                        what: names[j].clone(),
                    });
                }
                let v = p.m_ab / (p.m_aa.sqrt() * p.m_bb.sqrt());
                r[i * k + j] = v;
                r[j * k + i] = v;
            }
        }
        Ok(r)
    }
}

/// `cov2cor`: `r_ij = c_ij / (√c_ii · √c_jj)`, diagonal set to exactly 1.
pub(crate) fn cov2cor(c: &[f64], k: usize) -> Vec<f64> {
    let sd: Vec<f64> = (0..k).map(|i| c[i * k + i].sqrt()).collect();
    let mut r = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            r[i * k + j] = if i == j {
                1.0
            } else {
                c[i * k + j] / (sd[i] * sd[j])
            };
        }
    }
    r
}

/// Rows per work chunk of [`from_matrix`] (a multiple of the kernel block).
const CHUNK_ROWS: usize = 1 << 16;

/// Moments of all rows of a matrix. Above [`PARALLEL_ROWS`] rows the matrix is
/// cut into fixed chunks of [`CHUNK_ROWS`] rows; two threads take chunks
/// from a shared counter (so a busy core does not hold the other back), and
/// the chunks' moments are merged in chunk order. The result therefore
/// depends only on the data, not on the number of cores or on timing.
pub(crate) fn from_matrix(m: &ItemMatrix, missing: Missing) -> Moments {
    let k = m.items();
    let data = m.raw();
    let complete = m.missing_cells() == 0;
    let int_base = m.int_base();
    let mut out = Moments::new(k, missing);
    out.names = m.names().to_vec();
    if m.rows() < PARALLEL_ROWS {
        push_raw(&mut out, data, complete, int_base);
        return out;
    }
    let chunks: Vec<&[f64]> = data.chunks(CHUNK_ROWS * k).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(chunk) = chunks.get(i) else { break };
            let mut acc = Moments::new(k, missing);
            push_raw(&mut acc, chunk, complete, int_base);
            done.push((i, acc));
        }
        done
    };
    let (mut parts, other) = std::thread::scope(|s| {
        let handle = s.spawn(work);
        let mine = work();
        (mine, handle.join())
    });
    match other {
        Ok(v) => parts.extend(v),
        Err(payload) => std::panic::resume_unwind(payload),
    }
    parts.sort_by_key(|(i, _)| *i);
    for (_, part) in &parts {
        // identical k and policy: merge cannot fail
        let _ = out.merge(part);
    }
    out
}

/// Pushes validated row-major cells (NaN = missing).
fn push_raw(acc: &mut Moments, data: &[f64], complete: bool, int_base: Option<f64>) {
    let k = acc.k;
    if complete {
        acc.push_complete_ints(data, int_base);
        return;
    }
    // gather runs of complete rows so they still go through the kernel
    let mut start = 0;
    let rows = data.len() / k;
    for r in 0..rows {
        let row = &data[r * k..(r + 1) * k];
        if row.iter().any(|x| x.is_nan()) {
            if start < r {
                acc.push_complete_ints(&data[start * k..r * k], int_base);
            }
            acc.push_incomplete(row);
            start = r + 1;
        }
    }
    if start < rows {
        acc.push_complete_ints(&data[start * k..rows * k], int_base);
    }
}
