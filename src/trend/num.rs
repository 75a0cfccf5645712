//! Private numeric kernels for the trend module.
//!
//! Invariants: callers pass non-empty, finite slices where a mean is taken
//! and at least two values where an SD is taken. Means and SDs are two-pass
//! and relative to a pivot (the first value), so adding a constant to the
//! data changes no intermediate difference: for data on a grid of binary
//! fractions (integer or half-point scores) the results are then exactly
//! shift-invariant, and classifications never flip under a shift.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::{Polarity, StatsError};

/// Change from `from` to `to` in the direction of improvement.
///
/// Positive means `to` is better than `from`. Exact under negating both
/// values and reversing the polarity.
#[inline]
pub(crate) fn improvement(polarity: Polarity, from: f64, to: f64) -> f64 {
    match polarity {
        Polarity::HigherIsBetter => to - from,
        Polarity::HigherIsWorse => from - to,
    }
}

/// Mean of `xs - pivot` (not of `xs`): callers add `pivot` back if they need
/// the level. `xs` non-empty.
#[inline]
pub(crate) fn centred_mean(xs: impl Iterator<Item = f64> + Clone, pivot: f64) -> (f64, usize) {
    let mut n = 0_usize;
    let mut sum = 0.0;
    for x in xs {
        sum += x - pivot;
        n += 1;
    }
    (sum / n as f64, n)
}

/// Sum of squared deviations from the mean (`pivot + centred mean`).
#[inline]
pub(crate) fn sum_sq_dev(xs: impl Iterator<Item = f64> + Clone, pivot: f64) -> (f64, usize) {
    let (m, n) = centred_mean(xs.clone(), pivot);
    let ss = xs.map(|x| (x - pivot - m) * (x - pivot - m)).sum();
    (ss, n)
}

/// Sample SD (n − 1) of `xs`, pivoted on its first element; `None` with
/// fewer than two values.
pub(crate) fn sample_sd(xs: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    let pivot = xs.clone().next()?;
    let (ss, n) = sum_sq_dev(xs, pivot);
    (n >= 2).then(|| (ss / (n - 1) as f64).sqrt())
}

/// Two-sided Student t critical value `t_{1−α/2}(df)` from statrs.
pub(crate) fn t_critical(alpha: f64, df: f64) -> Result<f64, StatsError> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(StatsError::InvalidParameter {
            name: "alpha",
            value: alpha,
        });
    }
    let t = StudentsT::new(0.0, 1.0, df).map_err(|_| StatsError::InvalidParameter {
        name: "degrees of freedom",
        value: df,
    })?;
    Ok(t.inverse_cdf(1.0 - alpha / 2.0))
}

/// Two-sided standard normal critical value `z_{(1+level)/2}` from statrs.
pub(crate) fn z_critical(level: f64) -> Result<f64, StatsError> {
    if !(level > 0.0 && level < 1.0) {
        return Err(StatsError::InvalidParameter {
            name: "confidence level",
            value: level,
        });
    }
    Ok(Normal::standard().inverse_cdf(0.5 + level / 2.0))
}

/// A key whose integer order is the IEEE total order of `x` (as
/// `f64::total_cmp`); integer selection is several times faster than a
/// float comparator.
#[inline]
pub(crate) fn order_key(x: f64) -> i64 {
    let b = x.to_bits().cast_signed();
    b ^ ((b >> 63).cast_unsigned() >> 1).cast_signed()
}

/// Inverse of [`order_key`].
#[inline]
pub(crate) fn from_order_key(k: i64) -> f64 {
    f64::from_bits((k ^ ((k >> 63).cast_unsigned() >> 1).cast_signed()).cast_unsigned())
}

/// Median of the values behind `keys` (non-empty), reordering them in place.
pub(crate) fn median_of_keys(keys: &mut [i64]) -> f64 {
    let n = keys.len();
    let k = n / 2;
    let (lower, upper, _) = keys.select_nth_unstable(k);
    let upper = from_order_key(*upper);
    if n % 2 == 1 {
        upper
    } else {
        let lower_max = lower.iter().copied().max().map_or(upper, from_order_key);
        // Exactly odd under negation, so reversing a series' sign negates it.
        f64::midpoint(lower_max, upper)
    }
}

/// Checks that a parameter is finite and satisfies `ok`.
pub(crate) fn check_param(
    name: &'static str,
    value: f64,
    ok: impl FnOnce(f64) -> bool,
) -> Result<f64, StatsError> {
    if value.is_finite() && ok(value) {
        Ok(value)
    } else {
        Err(StatsError::InvalidParameter { name, value })
    }
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "the expected values are exact")]
mod tests {
    use super::*;

    fn median(xs: &[f64]) -> f64 {
        let mut keys: Vec<i64> = xs.iter().map(|&x| order_key(x)).collect();
        median_of_keys(&mut keys)
    }

    #[test]
    fn median_odd_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[5.0]), 5.0);
        assert_eq!(median(&[-3.5, -1.0, 2.0, -0.5]), -0.75);
    }

    #[test]
    fn order_keys_follow_total_order() {
        let xs = [
            -1e100,
            -2.5,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            5e-324,
            1.0,
            3.0,
            1e100,
        ];
        for w in xs.windows(2) {
            assert!(order_key(w[0]) < order_key(w[1]), "{} {}", w[0], w[1]);
        }
        for x in xs {
            assert_eq!(from_order_key(order_key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn sd_pivoted() {
        let sd = sample_sd([1.0e9 + 1.0, 1.0e9 + 2.0, 1.0e9 + 3.0].into_iter()).unwrap();
        assert_eq!(sd, 1.0);
        assert_eq!(sample_sd([1.0].into_iter()), None);
    }

    #[test]
    fn quantiles() {
        assert!((t_critical(0.05, 4.0).unwrap() - 2.776_445_105_197_793).abs() < 1e-9);
        assert!((z_critical(0.95).unwrap() - 1.959_963_984_540_054).abs() < 1e-12);
    }
}
