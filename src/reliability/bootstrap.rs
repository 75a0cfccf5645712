//! Seeded percentile bootstrap interval for raw α (Efron & Tibshirani 1993).
//!
//! The formulas, citations and departures from psych are documented on
//! [`bootstrap_alpha`].

use serde::Serialize;

use super::alpha::raw_alpha_of;
use super::rng::SplitMix64;
use super::split_half::quantile7;
use super::{ConfidenceLevel, Interval, IntervalMethod, ItemMatrix, Missing, Moments};
use crate::StatsError;

/// Options of [`bootstrap_alpha`]: number of resamples and seed (required),
/// confidence level (default 0.95) and missing-data policy (default
/// [`Missing::Pairwise`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapOptions {
    resamples: usize,
    seed: u64,
    level: ConfidenceLevel,
    missing: Missing,
}

impl BootstrapOptions {
    /// `resamples` bootstrap samples drawn with `seed`.
    #[must_use]
    pub fn new(resamples: usize, seed: u64) -> Self {
        Self {
            resamples,
            seed,
            level: ConfidenceLevel::default(),
            missing: Missing::Pairwise,
        }
    }

    /// Sets the confidence level (default 0.95).
    #[must_use]
    pub fn level(mut self, level: ConfidenceLevel) -> Self {
        self.level = level;
        self
    }

    /// Sets the missing-data policy (default [`Missing::Pairwise`]).
    #[must_use]
    pub fn missing(mut self, missing: Missing) -> Self {
        self.missing = missing;
        self
    }
}

/// A percentile bootstrap interval for raw α.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BootstrapAlpha {
    /// Missing-data policy used.
    pub missing: Missing,
    /// Raw α of the full sample.
    pub raw_alpha: f64,
    /// Percentile interval of the resampled α.
    pub ci: Interval,
    /// Mean of the resampled α.
    pub mean: f64,
    /// SD of the resampled α (the bootstrap standard error).
    pub se: f64,
    /// Resamples requested.
    pub resamples: usize,
    /// Resamples without an α (zero total-score variance), left out.
    pub degenerate: usize,
    /// The seed used.
    pub seed: u64,
}

/// Work above which the resamples are spread over two threads.
const PARALLEL_WORK: usize = 1 << 16;

/// Percentile bootstrap interval for raw α, resampling rows.
///
/// ```text
/// for b = 1..B: draw n row indices uniformly with replacement, α*_b = raw α of those rows
/// CI = [q_{γ/2}(α*), q_{1−γ/2}(α*)]          q = R's type-7 quantile of the α*_b
/// raw α of a complete sample from the item and total-score variances:
///   α = k/(k−1) · (1 − Σᵢ s²ᵢ / s²_X),   X = Σᵢ xᵢ
/// ```
///
/// Resample b draws its rows from its own SplitMix64 stream derived from
/// `(seed, b)`, so the interval is reproducible for a seed and does not
/// depend on how the resamples are spread over threads. Complete data use an
/// O(n·k) pass per resample (item and total-score variances); under
/// [`Missing::Pairwise`] with missing cells each resample accumulates its
/// pairwise covariance matrix. A resample whose total score has zero
/// variance has no α; such resamples are counted in
/// [`BootstrapAlpha::degenerate`] and left out.
///
/// psych's `alpha(x, n.iter = B)` bootstraps too, with R's unseeded RNG on
/// forked workers, so its limits are not reproducible targets.
///
/// Reference: Efron, B. & Tibshirani, R. J. (1993), An Introduction to the
/// Bootstrap, ch. 13.
///
/// ```
/// use bordin::reliability::{BootstrapOptions, ItemMatrix, bootstrap_alpha};
///
/// let x = [
///     4., 5., 4., 4., 3., 3., 2., 3., 5., 5., 4., 5., 2., 3., 3., 2., 4., 4., 5., 4.,
///     3., 2., 3., 3., 5., 4., 5., 5., 1., 2., 1., 2., 4., 4., 3., 4., 2., 1., 2., 2.,
/// ];
/// let m = ItemMatrix::from_slice(&x, 10, 4)?;
/// let a = bootstrap_alpha(&m, BootstrapOptions::new(200, 42))?;
/// let b = bootstrap_alpha(&m, BootstrapOptions::new(200, 42))?;
/// assert_eq!(a, b); // reproducible for a seed
/// assert!(a.ci.lower < a.raw_alpha && a.raw_alpha <= a.ci.upper);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// - [`StatsError::InvalidParameter`] if `resamples` is 0;
/// - [`StatsError::TooFew`]: fewer than 2 items or 2 (complete) rows;
/// - [`StatsError::ZeroVariance`]: the full sample has a zero-variance item or
///   total score, or every resample is degenerate;
/// - as [`alpha`](super::alpha) for pairwise problems.
pub fn bootstrap_alpha(
    m: &ItemMatrix,
    opts: BootstrapOptions,
) -> Result<BootstrapAlpha, StatsError> {
    if opts.resamples == 0 {
        return Err(StatsError::InvalidParameter {
            name: "resamples",
            value: 0.0,
        });
    }
    let k = m.items();
    if k < 2 {
        return Err(StatsError::TooFew {
            what: "items",
            needed: 2,
            got: k,
        });
    }
    let listwise;
    let data: &ItemMatrix = if opts.missing == Missing::Listwise && m.missing_cells() > 0 {
        listwise = m.complete_rows();
        &listwise
    } else {
        m
    };
    let n = data.rows();
    if n < 2 {
        return Err(StatsError::TooFew {
            what: "rows",
            needed: 2,
            got: n,
        });
    }
    let full = m.moments(opts.missing);
    let s = full.summary();
    s.check_items(m.names())?;
    let raw_alpha = raw_alpha_of(&s.cov_matrix(), k).ok_or_else(|| StatsError::ZeroVariance {
        what: "scale score".into(),
    })?;

    let complete = data.missing_cells() == 0;
    let prepared = complete.then(|| Centered::new(data));
    let run = |range: std::ops::Range<usize>| -> Vec<Option<f64>> {
        let mut idx = vec![0usize; n];
        let (mut s1, mut s2) = (Vec::new(), Vec::new());
        range
            .map(|b| {
                let mut rng = SplitMix64::stream(opts.seed, b as u64);
                for i in &mut idx {
                    *i = rng.below(n);
                }
                match &prepared {
                    Some(c) => c.alpha(&idx, &mut s1, &mut s2),
                    None => pairwise_alpha(data, &idx),
                }
            })
            .collect()
    };
    let b = opts.resamples;
    let results: Vec<Option<f64>> = if b * n * k >= PARALLEL_WORK && b >= 2 {
        let mid = b / 2;
        let (first, second) = std::thread::scope(|sc| {
            let h = sc.spawn(|| run(mid..b));
            let first = run(0..mid);
            (first, h.join())
        });
        let second = match second {
            Ok(v) => v,
            Err(payload) => std::panic::resume_unwind(payload),
        };
        first.into_iter().chain(second).collect()
    } else {
        run(0..b)
    };
    let mut values: Vec<f64> = results.iter().filter_map(|v| *v).collect();
    let degenerate = b - values.len();
    if values.is_empty() {
        return Err(StatsError::ZeroVariance {
            what: "scale score in every resample".into(),
        });
    }
    let count = values.len() as f64;
    let mean = values.iter().sum::<f64>() / count;
    let se = if values.len() > 1 {
        (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (count - 1.0)).sqrt()
    } else {
        0.0
    };
    values.sort_by(f64::total_cmp);
    let ci = Interval::new(
        quantile7(&values, opts.level.lower_tail()),
        quantile7(&values, opts.level.upper_tail()),
        opts.level,
        IntervalMethod::BootstrapPercentile,
    );
    Ok(BootstrapAlpha {
        missing: opts.missing,
        raw_alpha,
        ci,
        mean,
        se,
        resamples: b,
        degenerate,
        seed: opts.seed,
    })
}

/// Complete data centred at the full-sample means, with row totals.
struct Centered {
    k: usize,
    // n × k centred values
    d: Vec<f64>,
    // n row totals of the centred values
    t: Vec<f64>,
}

impl Centered {
    fn new(m: &ItemMatrix) -> Self {
        let k = m.items();
        let x = m.raw();
        let n = m.rows();
        let mut mean = vec![0.0; k];
        for row in x.chunks_exact(k) {
            for (s, v) in mean.iter_mut().zip(row) {
                *s += v;
            }
        }
        for s in &mut mean {
            *s /= n as f64;
        }
        let d: Vec<f64> = x
            .chunks_exact(k)
            .flat_map(|row| row.iter().zip(&mean).map(|(v, m)| v - m))
            .collect();
        let t = d.chunks_exact(k).map(|r| r.iter().sum()).collect();
        Self { k, d, t }
    }

    /// Raw α of the rows `idx` (with repetition); `s1`, `s2` are scratch
    /// buffers reused across resamples.
    fn alpha(&self, idx: &[usize], s1: &mut Vec<f64>, s2: &mut Vec<f64>) -> Option<f64> {
        let k = self.k;
        s1.clear();
        s1.resize(k, 0.0);
        s2.clear();
        s2.resize(k, 0.0);
        let (mut t1, mut t2) = (0.0, 0.0);
        for &i in idx {
            let row = &self.d[i * k..(i + 1) * k];
            for ((a, b), v) in s1.iter_mut().zip(s2.iter_mut()).zip(row) {
                *a += v;
                *b += v * v;
            }
            let t = self.t[i];
            t1 += t;
            t2 += t * t;
        }
        let n = idx.len() as f64;
        let item_var: f64 = s1.iter().zip(s2.iter()).map(|(a, b)| b - a * a / n).sum();
        let total_var = t2 - t1 * t1 / n;
        let kf = k as f64;
        (total_var > 0.0 && total_var.is_finite())
            .then(|| kf / (kf - 1.0) * (1.0 - item_var / total_var))
    }
}

/// Raw α of resampled rows with missing cells, from pairwise covariances.
fn pairwise_alpha(m: &ItemMatrix, idx: &[usize]) -> Option<f64> {
    let k = m.items();
    let x = m.raw();
    let mut acc = Moments::new(k, Missing::Pairwise);
    for &i in idx {
        let row = &x[i * k..(i + 1) * k];
        if row.iter().any(|v| v.is_nan()) {
            acc.push_incomplete(row);
        } else {
            acc.push_complete(row);
        }
    }
    let s = acc.summary();
    for i in 0..k {
        for j in i..k {
            if s.pair(i, j).n < 2.0 {
                return None;
            }
        }
    }
    raw_alpha_of(&s.cov_matrix(), k)
}
