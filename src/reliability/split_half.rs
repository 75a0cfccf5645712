//! Split-half reliability over every split of the items, and Spearman–Brown.
//!
//! The formulas, citations and departures from psych are documented on
//! [`split_half`].

use serde::Serialize;

use super::alpha::{check_basic, median};
use super::linalg::smc;
use super::moments::Summary;
use super::rng::SplitMix64;
use super::{ItemMatrix, Missing, Moments};
use crate::StatsError;

/// Options of [`split_half`].
///
/// Defaults: [`Missing::Pairwise`]; every split enumerated up to 16 items;
/// above, 10,000 random splits with seed 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitHalfOptions {
    missing: Missing,
    max_exhaustive_items: usize,
    samples: usize,
    seed: u64,
}

impl Default for SplitHalfOptions {
    fn default() -> Self {
        Self {
            missing: Missing::Pairwise,
            max_exhaustive_items: 16,
            samples: 10_000,
            seed: 0,
        }
    }
}

impl SplitHalfOptions {
    /// Sets the missing-data policy (default [`Missing::Pairwise`]).
    #[must_use]
    pub fn missing(mut self, missing: Missing) -> Self {
        self.missing = missing;
        self
    }

    /// Sets the largest number of items for which every split is evaluated
    /// (default 16, at most 24 here: 24 items have 1,352,078 splits).
    #[must_use]
    pub fn max_exhaustive_items(mut self, items: usize) -> Self {
        self.max_exhaustive_items = items.min(24);
        self
    }

    /// Sets the number of random splits drawn above that size (default 10,000).
    #[must_use]
    pub fn samples(mut self, samples: usize) -> Self {
        self.samples = samples.max(1);
        self
    }

    /// Sets the seed of the random splits (default 0).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

impl From<Missing> for SplitHalfOptions {
    fn from(missing: Missing) -> Self {
        Self::default().missing(missing)
    }
}

/// One split of the items into two halves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Split {
    /// Items of the first half (the half with ⌊k/2⌋ items).
    pub a: Vec<String>,
    /// Items of the second half.
    pub b: Vec<String>,
    /// The split coefficient 4·1_A'R1_B / 1'R1.
    pub coefficient: f64,
    /// Correlation between the two half scores.
    pub half_correlation: f64,
    /// Spearman–Brown step-up of the half correlation, 2r/(1 + r).
    pub spearman_brown: f64,
}

/// Split-half reliabilities (psych `splitHalf`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SplitHalf {
    /// Missing-data policy used.
    pub missing: Missing,
    /// Number of items.
    pub items: usize,
    /// `true` when every distinct split was evaluated, `false` when sampled.
    pub exhaustive: bool,
    /// Number of splits evaluated.
    pub splits: usize,
    /// Guttman's λ4: the best split (psych `maxrb`).
    pub lambda4: f64,
    /// β: the worst split (psych `minrb`).
    pub beta: f64,
    /// Mean split coefficient (psych `meanr`).
    pub mean: f64,
    /// 2.5 %, 50 % and 97.5 % quantiles of the split coefficients (R's type 7;
    /// psych `ci`).
    pub quantiles: [f64; 3],
    /// The best split.
    pub best: Split,
    /// The worst split.
    pub worst: Split,
    /// Standardized α (psych `alpha`).
    pub std_alpha: f64,
    /// Guttman's λ2 (psych `lambda2`).
    pub lambda2: f64,
    /// Guttman's λ6 from SMCs (psych `lambda6`).
    pub lambda6: f64,
    /// Mean inter-item correlation (psych `av.r`).
    pub average_r: f64,
    /// Median inter-item correlation (psych `med.r`).
    pub median_r: f64,
}

/// Spearman–Brown prophecy: the reliability of a test `factor` times as long.
///
/// ```
/// // methods.md §3: α = 0.742055 doubled → 0.851930
/// let r = bordin::reliability::spearman_brown(0.742055, 2.0)?;
/// assert!((r - 0.851930).abs() < 1e-6); // the input is rounded to 6 dp
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] if `reliability` is not in (−1, 1] or
/// `factor` is not finite and positive, or the denominator vanishes.
#[doc(alias = "prophecy")]
pub fn spearman_brown(reliability: f64, factor: f64) -> Result<f64, StatsError> {
    if !(reliability > -1.0 && reliability <= 1.0) {
        return Err(StatsError::InvalidParameter {
            name: "reliability",
            value: reliability,
        });
    }
    if !(factor.is_finite() && factor > 0.0) {
        return Err(StatsError::InvalidParameter {
            name: "factor",
            value: factor,
        });
    }
    let d = 1.0 + (factor - 1.0) * reliability;
    if d == 0.0 {
        return Err(StatsError::InvalidParameter {
            name: "factor",
            value: factor,
        });
    }
    Ok(factor * reliability / d)
}

/// The length factor m that brings `reliability` to `target` (Spearman–Brown
/// solved for m).
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] unless both are in (0, 1).
pub fn spearman_brown_factor(reliability: f64, target: f64) -> Result<f64, StatsError> {
    for (name, v) in [("reliability", reliability), ("target", target)] {
        if !(v > 0.0 && v < 1.0) {
            return Err(StatsError::InvalidParameter { name, value: v });
        }
    }
    Ok(target * (1.0 - reliability) / (reliability * (1.0 - target)))
}

/// Split-half reliability of an item matrix: λ4, β, the mean over splits,
/// λ2, λ6 and standardized α.
///
/// On R = cov2cor(C) (standardized items, as `psych::splitHalf` with its
/// default `covar = FALSE`), for a split of the items into halves A | B with
/// sums X_A, X_B:
///
/// ```text
/// split coefficient r_split = 4·1_A'R1_B / 1'R1 = 2(1 − (σ²_A + σ²_B)/σ²_X)
///                                        Flanagan (1937), Rulon (1939), Guttman (1945)
/// λ4 = max over splits,  β = min over splits,  mean over splits (= standardized α for even k)
/// λ2 = (S_off + √(k/(k−1) · Σ_{i≠j} r_ij²)) / 1'R1,   S_off = 1'R1 − k   Guttman (1945)
/// λ6 = (S_off + Σ SMCᵢ) / 1'R1                                          (= G6(smc))
/// half correlation r_AB = 1_A'R1_B / √(1_A'R1_A · 1_B'R1_B)
/// Spearman–Brown:  ρ_m = m·ρ / (1 + (m−1)·ρ)      (split-half: m = 2)   Spearman (1910), Brown (1910)
/// length factor for a target ρ*:  m = ρ*(1 − ρ) / (ρ(1 − ρ*))
/// ```
///
/// Halves have ⌊k/2⌋ and ⌈k/2⌉ items. Up to 16 items every distinct split is
/// evaluated (at most 6435); above, splits are drawn at random with the seed
/// of [`SplitHalfOptions`] (deterministic for a seed).
///
/// Departure from psych, on purpose: for an odd k, psych evaluates only the
/// first ⌈C(k, ⌊k/2⌋)/2⌉ combinations and divides their sum by C(k, ⌊k/2⌋)/2,
/// so its minimum and mean are not those of all splits; bordin evaluates every
/// distinct split (psych's result is the same for even k). Above 16 items psych
/// samples without a seed.
///
/// References: Guttman, L. (1945), Psychometrika 10:255–282; Spearman, C.
/// (1910) and Brown, W. (1910), British Journal of Psychology 3; Revelle, W.,
/// psych 2.2.9, `splitHalf`.
///
/// # Errors
///
/// As [`alpha`](super::alpha): too few rows or items, two items without two
/// shared rows, a zero-variance item (named), a singular correlation matrix.
pub fn split_half(
    m: &ItemMatrix,
    opts: impl Into<SplitHalfOptions>,
) -> Result<SplitHalf, StatsError> {
    let opts = opts.into();
    split_half_from_moments(&m.moments(opts.missing), opts)
}

/// Split-half reliability from accumulated [`Moments`].
///
/// # Errors
///
/// As [`split_half`], plus [`StatsError::Incompatible`] if the options'
/// missing-data policy is not the moments'.
pub fn split_half_from_moments(
    m: &Moments,
    opts: impl Into<SplitHalfOptions>,
) -> Result<SplitHalf, StatsError> {
    let opts = opts.into();
    if opts.missing != m.missing() {
        return Err(StatsError::Incompatible {
            what: "missing-data policy of the options and the moments",
        });
    }
    let s: Summary = m.summary();
    check_basic(&s, m.names())?;
    let k = s.k;
    let kf = k as f64;
    let r = s.cov2cor();
    let names = m.names();
    let total: f64 = r.iter().sum();
    let row: Vec<f64> = (0..k).map(|i| r[i * k..(i + 1) * k].iter().sum()).collect();

    // 1_A'R1_B = Σ_{a∈A} row_a − 1_A'R1_A
    let within = |set: &[usize]| -> f64 {
        set.iter()
            .map(|&a| set.iter().map(|&b| r[a * k + b]).sum::<f64>())
            .sum()
    };
    let coef = |set: &[usize]| -> f64 {
        let ab = set.iter().map(|&a| row[a]).sum::<f64>() - within(set);
        4.0 * ab / total
    };

    let mut values = Vec::new();
    let mut best: (f64, Vec<usize>) = (f64::NEG_INFINITY, Vec::new());
    let mut worst: (f64, Vec<usize>) = (f64::INFINITY, Vec::new());
    let mut consider = |set: &[usize], values: &mut Vec<f64>| {
        let v = coef(set);
        values.push(v);
        if v > best.0 {
            best = (v, set.to_vec());
        }
        if v < worst.0 {
            worst = (v, set.to_vec());
        }
    };
    let exhaustive = for_each_split(k, &opts, |set| consider(set, &mut values));

    let splits = values.len();
    let mean = values.iter().sum::<f64>() / splits as f64;
    let mut sorted = values;
    sorted.sort_by(f64::total_cmp);
    let quantiles = [
        quantile7(&sorted, 0.025),
        quantile7(&sorted, 0.5),
        quantile7(&sorted, 0.975),
    ];

    let describe = |(v, set): (f64, Vec<usize>)| -> Split {
        let other: Vec<usize> = (0..k).filter(|i| !set.contains(i)).collect();
        let var_a = within(&set);
        let var_b = within(&other);
        let cov = set.iter().map(|&a| row[a]).sum::<f64>() - var_a;
        let r_ab = cov / (var_a * var_b).sqrt();
        Split {
            a: set.iter().map(|&i| names[i].clone()).collect(),
            b: other.iter().map(|&i| names[i].clone()).collect(),
            coefficient: v,
            half_correlation: r_ab,
            spearman_brown: 2.0 * r_ab / (1.0 + r_ab),
        }
    };

    let s_off = total - kf;
    let off_sq: f64 = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .filter(|(i, j)| i != j)
        .map(|(i, j)| r[i * k + j].powi(2))
        .sum();
    let smc = smc(&r, k)?;
    let mut lower: Vec<f64> = (0..k)
        .flat_map(|i| (0..i).map(move |j| (i, j)))
        .map(|(i, j)| r[i * k + j])
        .collect();
    let average_r = s_off / (kf * (kf - 1.0));
    Ok(SplitHalf {
        missing: opts.missing,
        items: k,
        exhaustive,
        splits,
        lambda4: best.0,
        beta: worst.0,
        mean,
        quantiles,
        best: describe(best),
        worst: describe(worst),
        std_alpha: s_off / total * kf / (kf - 1.0),
        lambda2: (s_off + (kf / (kf - 1.0) * off_sq).sqrt()) / total,
        lambda6: (s_off + smc.iter().sum::<f64>()) / total,
        average_r,
        median_r: median(&mut lower),
    })
}

/// R's default quantile (type 7) of sorted values.
pub(crate) fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let h = (n - 1) as f64 * p;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "0 <= h <= n - 1"
    )]
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Calls `visit` with the first half (sorted item indices, ⌊k/2⌋ of them) of
/// every distinct split, or of `opts.samples` random splits above
/// `opts.max_exhaustive_items`. Returns `true` when exhaustive.
fn for_each_split(k: usize, opts: &SplitHalfOptions, mut visit: impl FnMut(&[usize])) -> bool {
    let h = k / 2;
    let exhaustive = k <= opts.max_exhaustive_items;
    if exhaustive {
        // lexicographic combinations of h items; for even k only those with
        // item 0 (each split once), for odd k all (halves differ in size)
        let mut idx: Vec<usize> = (0..h).collect();
        loop {
            if k.is_multiple_of(2) && idx[0] != 0 {
                break;
            }
            visit(&idx);
            // advance to the next combination: the rightmost index that can grow
            let Some(i) = (0..h).rev().find(|&i| idx[i] < i + k - h) else {
                break;
            };
            idx[i] += 1;
            for j in (i + 1)..h {
                idx[j] = idx[j - 1] + 1;
            }
        }
    } else {
        let mut rng = SplitMix64::stream(opts.seed, 0);
        let mut perm: Vec<usize> = (0..k).collect();
        let mut set = vec![0; h];
        for _ in 0..opts.samples {
            for i in 0..h {
                let j = i + rng.below(k - i);
                perm.swap(i, j);
            }
            set.copy_from_slice(&perm[..h]);
            set.sort_unstable();
            visit(&set);
        }
    }

    exhaustive
}
