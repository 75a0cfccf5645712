//! Linear trend over sessions: OLS with a t-based interval, and Theil–Sen.
//!
//! OLS of value y on session number x, with x centred for accuracy:
//!
//! ```text
//! b      = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²          a = ȳ − b·x̄
//! s²     = Σ(y − a − b·x)² / (n − 2)
//! SE(b)  = sqrt( s² / Σ(x − x̄)² )
//! CI     = b ± t_{1−γ/2}(n − 2) · SE(b)          (t from statrs)
//! ```
//!
//! Theil–Sen (Theil 1950; Sen 1968), robust to outlying sessions:
//!
//! ```text
//! b_TS = median over i < j of (y_j − y_i) / (x_j − x_i)
//! a_TS = median of (y_i − b_TS · x_i)
//! ```
//!
//! Slopes are in raw points per session; whether a positive slope is an
//! improvement depends on the series' polarity.

use serde::{Deserialize, Serialize};

use super::Series;
use super::num::{check_param, from_order_key, median_of_keys, order_key, t_critical};
use crate::StatsError;

/// OLS slope of value on session number with its standard error and interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OlsSlope {
    /// Slope b in points per session.
    pub estimate: f64,
    /// Lower limit of the confidence interval.
    pub lower: f64,
    /// Upper limit of the confidence interval.
    pub upper: f64,
    /// Standard error of b.
    pub std_error: f64,
    /// Intercept a (the fitted value at session 0).
    pub intercept: f64,
    /// Residual degrees of freedom, n − 2.
    pub df: usize,
    /// The confidence level of `lower` and `upper`.
    pub level: f64,
}

/// Theil–Sen slope and intercept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TheilSen {
    /// Median of the pairwise slopes, in points per session.
    pub estimate: f64,
    /// Median of `y − estimate · x`.
    pub intercept: f64,
}

pub(crate) fn check_level(level: f64) -> Result<f64, StatsError> {
    check_param("confidence level", level, |l| l > 0.0 && l < 1.0)
}

/// OLS given a lookup for `t_{1−γ/2}(df)`.
pub(crate) fn ols(
    sessions: &[u32],
    values: &[f64],
    level: f64,
    t_of_df: impl FnOnce(usize) -> Result<f64, StatsError>,
) -> Result<OlsSlope, StatsError> {
    let n = values.len();
    if n < 3 {
        return Err(StatsError::TooFew {
            what: "sessions",
            needed: 3,
            got: n,
        });
    }
    let nf = n as f64;
    let x_mean = sessions.iter().map(|&s| f64::from(s)).sum::<f64>() / nf;
    let y0 = values[0];
    let y_mean_c = values.iter().map(|&y| y - y0).sum::<f64>() / nf;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (&s, &y) in sessions.iter().zip(values) {
        let dx = f64::from(s) - x_mean;
        sxx += dx * dx;
        sxy += dx * (y - y0 - y_mean_c);
    }
    // sxx > 0: sessions are strictly increasing, so at least two differ.
    let b = sxy / sxx;
    let sse: f64 = sessions
        .iter()
        .zip(values)
        .map(|(&s, &y)| {
            let r = (y - y0 - y_mean_c) - b * (f64::from(s) - x_mean);
            r * r
        })
        .sum();
    let df = n - 2;
    let std_error = (sse / df as f64 / sxx).sqrt();
    let half = t_of_df(df)? * std_error;
    Ok(OlsSlope {
        estimate: b,
        lower: b - half,
        upper: b + half,
        std_error,
        intercept: y0 + y_mean_c - b * x_mean,
        df,
        level,
    })
}

/// OLS slope of value on session number, with a `level` confidence interval
/// (0.95 is usual).
///
/// # Errors
///
/// - [`StatsError::TooFew`] with fewer than 3 sessions (no residual df);
/// - [`StatsError::InvalidParameter`] unless `0 < level < 1`.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{ols_slope, Series};
///
/// let s = Series::new(Polarity::HigherIsBetter, &[1, 2, 3, 4, 5], &[2.0, 4.0, 5.0, 4.0, 5.0])?;
/// let fit = ols_slope(&s, 0.95)?;
/// assert!((fit.estimate - 0.6).abs() < 1e-12);
/// assert!((fit.std_error - 0.08_f64.sqrt()).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn ols_slope(series: &Series, level: f64) -> Result<OlsSlope, StatsError> {
    let level = check_level(level)?;
    ols(series.sessions(), series.values(), level, |df| {
        t_critical(1.0 - level, df as f64)
    })
}

/// Theil–Sen with a scratch buffer for the pairwise slopes' order keys.
///
/// `band`, when given, is an interval expected to hold the median slope (the
/// OLS slope ± its standard error, say). The slopes are then classified in
/// the same pass that computes them — below the band, in it, above it — and
/// only those in the band are selected among. When the band does hold the
/// median, the result is exactly the full computation's (the same order
/// statistics of the same numbers); when it does not, the full computation
/// runs. The band only saves time.
pub(crate) fn theil_sen_with(
    sessions: &[u32],
    values: &[f64],
    band: Option<(f64, f64)>,
    scratch: &mut TheilSenScratch,
) -> Result<TheilSen, StatsError> {
    let n = values.len();
    if n < 2 {
        return Err(StatsError::TooFew {
            what: "sessions",
            needed: 2,
            got: n,
        });
    }
    let TheilSenScratch { xs, keys } = scratch;
    xs.clear();
    xs.extend(sessions.iter().map(|&s| f64::from(s)));
    let m = n * (n - 1) / 2;
    keys.clear();
    keys.resize(m, 0);
    let estimate = band
        .and_then(|(lo, hi)| banded_median(xs, values, lo, hi, keys))
        .unwrap_or_else(|| {
            // Row i holds the slopes to the later sessions j > i; written
            // through slices (not `push`) so that the loop has no bookkeeping.
            let mut rest = &mut keys[..];
            for i in 0..n {
                let (row, tail) = std::mem::take(&mut rest).split_at_mut(n - 1 - i);
                rest = tail;
                let (xi, yi) = (xs[i], values[i]);
                for ((slot, &x), &y) in row.iter_mut().zip(&xs[i + 1..]).zip(&values[i + 1..]) {
                    *slot = order_key((y - yi) / (x - xi));
                }
            }
            median_of_keys(keys)
        });
    keys.clear();
    keys.extend(
        xs.iter()
            .zip(values)
            .map(|(&x, &y)| order_key(y - estimate * x)),
    );
    let intercept = median_of_keys(keys);
    Ok(TheilSen {
        estimate,
        intercept,
    })
}

/// Reusable buffers for [`theil_sen_with`].
#[derive(Debug, Default)]
pub(crate) struct TheilSenScratch {
    // session numbers as f64
    xs: Vec<f64>,
    // order keys of the values being selected among
    keys: Vec<i64>,
}

/// The median pairwise slope if it (and, for an even number of pairs, its
/// lower neighbour) lies in `[lo, hi]`, else `None`. `keys` has room for
/// every pair.
fn banded_median(xs: &[f64], values: &[f64], lo: f64, hi: f64, keys: &mut [i64]) -> Option<f64> {
    let n = values.len();
    let m = keys.len();
    let k = m / 2;
    let (mut at_least_lo, mut in_band) = (0_usize, 0_usize);
    for i in 0..n {
        let (xi, yi) = (xs[i], values[i]);
        for (&x, &y) in xs[i + 1..].iter().zip(&values[i + 1..]) {
            let slope = (y - yi) / (x - xi);
            let ge = usize::from(slope >= lo);
            at_least_lo += ge;
            // Written unconditionally, kept only when in the band: no branch.
            // `in_band` never passes the number of pairs seen, so it is < m.
            keys[in_band] = slope.to_bits().cast_signed();
            in_band += ge & usize::from(slope <= hi);
        }
    }
    // Slopes are finite, so "not ≥ lo" is "< lo".
    let below = m - at_least_lo;
    // The k-th smallest (0-based), and for even m the (k − 1)-th, must fall
    // in the band.
    let first_needed = if m % 2 == 1 { k } else { k - 1 };
    if !(below <= first_needed && k < below + in_band) {
        return None;
    }
    let band = &mut keys[..in_band];
    for v in band.iter_mut() {
        *v = order_key(f64::from_bits(v.cast_unsigned()));
    }
    let (left, upper, _) = band.select_nth_unstable(k - below);
    let upper = from_order_key(*upper);
    if m % 2 == 1 {
        return Some(upper);
    }
    // k − 1 ≥ below, so the lower neighbour is in the band, left of the k-th.
    let lower = left.iter().copied().max().map_or(upper, from_order_key);
    Some(f64::midpoint(lower, upper))
}

/// Theil–Sen slope of value on session number.
///
/// # Errors
///
/// [`StatsError::TooFew`] with fewer than 2 sessions.
pub fn theil_sen(series: &Series) -> Result<TheilSen, StatsError> {
    theil_sen_with(
        series.sessions(),
        series.values(),
        None,
        &mut TheilSenScratch::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The band changes the work, never the result: bands that hold the
    /// median, miss it on either side, or are degenerate.
    #[test]
    fn banded_theil_sen_equals_the_full_computation() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            f64::from(u32::try_from(state % 41).unwrap()) / 4.0
        };
        for n in 2..=24_u32 {
            for _ in 0..20 {
                let sessions: Vec<u32> = (1..=n).map(|s| s * 2 - s % 3).collect();
                let values: Vec<f64> = (0..n).map(|_| next()).collect();
                let full =
                    theil_sen_with(&sessions, &values, None, &mut TheilSenScratch::default())
                        .unwrap();
                for band in [
                    (-1e9, 1e9),
                    (-0.5, 0.5),
                    (0.0, 0.0),
                    (2.0, 3.0),
                    (-3.0, -2.0),
                    (0.1, 0.2),
                ] {
                    let b = theil_sen_with(
                        &sessions,
                        &values,
                        Some(band),
                        &mut TheilSenScratch::default(),
                    )
                    .unwrap();
                    assert_eq!(b, full, "n = {n}, band {band:?}, values {values:?}");
                }
            }
        }
    }
}
