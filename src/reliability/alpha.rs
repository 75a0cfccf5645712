//! Cronbach's α and its satellites, exactly as `psych::alpha` (2.2.9)
//! computes them.
//!
//! The formulas, citations and departures from psych are documented on
//! [`alpha`].

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal};

use super::linalg::{smc_and_inverse, smc_without, without};
use super::moments::{Summary, cov2cor};
use super::{ConfidenceLevel, Interval, IntervalMethod, ItemMatrix, Missing, Moments};
use crate::StatsError;

/// Which person score the scale mean and SD describe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ScoreKind {
    /// Mean of the answered items (psych's default).
    #[default]
    Mean,
    /// Sum of the items (psych's `cumulative = TRUE`); with missing cells
    /// bordin prorates it (k × mean of the answered items).
    Sum,
}

/// Options of [`alpha`]: missing-data policy, confidence level and score kind.
///
/// Defaults: [`Missing::Pairwise`], 95 %, [`ScoreKind::Mean`].
///
/// ```
/// use bordin::reliability::{AlphaOptions, ConfidenceLevel, Missing};
///
/// let opts = AlphaOptions::default().missing(Missing::Listwise).level(ConfidenceLevel::new(0.9)?);
/// let same: AlphaOptions = Missing::Listwise.into();
/// assert_eq!(same.level(ConfidenceLevel::new(0.9)?), opts);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AlphaOptions {
    missing: Missing,
    level: ConfidenceLevel,
    score: ScoreKind,
}

impl AlphaOptions {
    /// Sets the missing-data policy (default [`Missing::Pairwise`]).
    #[must_use]
    pub fn missing(mut self, missing: Missing) -> Self {
        self.missing = missing;
        self
    }

    /// Sets the confidence level of the intervals (default 0.95).
    #[must_use]
    pub fn level(mut self, level: ConfidenceLevel) -> Self {
        self.level = level;
        self
    }

    /// Sets the person score described by the scale mean and SD (default
    /// [`ScoreKind::Mean`]).
    #[must_use]
    pub fn score(mut self, score: ScoreKind) -> Self {
        self.score = score;
        self
    }
}

impl From<Missing> for AlphaOptions {
    fn from(missing: Missing) -> Self {
        Self::default().missing(missing)
    }
}

impl From<ConfidenceLevel> for AlphaOptions {
    fn from(level: ConfidenceLevel) -> Self {
        Self::default().level(level)
    }
}

/// Cronbach's α with psych's full report (`psych::alpha`'s `total`, `feldt`,
/// Duhachek interval, `item.stats` and `alpha.drop`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Alpha {
    /// Missing-data policy used.
    pub missing: Missing,
    /// `n` of the standard error and the Feldt interval: all rows
    /// ([`Missing::Pairwise`]) or complete rows ([`Missing::Listwise`]).
    pub n: usize,
    /// Number of items k.
    pub items: usize,
    /// Raw (covariance-based) α; psych `raw_alpha`.
    pub raw_alpha: f64,
    /// Standardized α (from correlations); psych `std.alpha`.
    pub std_alpha: f64,
    /// Guttman's λ6 from squared multiple correlations; psych `G6(smc)`.
    pub g6_smc: f64,
    /// Mean off-diagonal correlation r̄; psych `average_r`.
    pub average_r: f64,
    /// Median off-diagonal correlation; psych `median_r`.
    pub median_r: f64,
    /// Variance (n − 1) of the off-diagonal correlations; psych `var.r`;
    /// `None` with two items (one correlation).
    pub var_r: Option<f64>,
    /// Signal-to-noise ratio k·r̄/(1 − r̄); psych `S/N`.
    pub signal_noise: f64,
    /// Duhachek–Iacobucci asymptotic standard error; psych `ase`.
    pub ase: f64,
    /// Feldt interval (psych `feldt`, the default interval).
    pub feldt: Interval,
    /// psych's `feldt$r.bar` = α / (k − α(k − 1)).
    pub feldt_r_bar: f64,
    /// Duhachek–Iacobucci interval raw α ± z·ASE (can exceed 1: flagged).
    pub duhachek: Interval,
    /// psych `Unidim`.
    pub unidim: f64,
    /// psych `Fit.off`.
    pub fit_off: f64,
    /// Which person score `scale_mean` and `scale_sd` describe.
    pub score: ScoreKind,
    /// Mean of the person scores; psych `mean`.
    pub scale_mean: f64,
    /// SD of the person scores; psych `sd`.
    pub scale_sd: f64,
    /// Per-item statistics, in column order.
    pub item_stats: Vec<ItemStatistics>,
}

/// Statistics of one item (psych `item.stats` and `alpha.drop`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ItemStatistics {
    /// Item name.
    pub name: String,
    /// Rows in which the item is answered (complete rows under Listwise).
    pub n: usize,
    /// Item–total correlation, item included; psych `raw.r`.
    pub raw_r: f64,
    /// Item–total correlation from standardized items; psych `std.r`.
    pub std_r: f64,
    /// `std.r` corrected for item overlap (SMC on the diagonal); psych `r.cor`.
    pub r_cor: f64,
    /// Item–rest correlation; psych `r.drop`.
    pub r_drop: f64,
    /// Item mean (answered values).
    pub mean: f64,
    /// Item SD (answered values, n − 1 denominator).
    pub sd: f64,
    /// α and friends without this item; `None` with only two items.
    pub if_dropped: Option<IfDropped>,
}

/// The α family computed without one item (psych `alpha.drop`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct IfDropped {
    /// Raw α without the item.
    pub raw_alpha: f64,
    /// Standardized α without the item.
    pub std_alpha: f64,
    /// G6(smc) without the item.
    pub g6_smc: f64,
    /// Average inter-item correlation without the item.
    pub average_r: f64,
    /// Signal/noise without the item.
    pub signal_noise: f64,
    /// Duhachek–Iacobucci ASE without the item (psych `alpha se`).
    pub alpha_se: f64,
    /// Variance of the remaining correlations; `None` with one left.
    pub var_r: Option<f64>,
    /// Median of the remaining correlations.
    pub median_r: f64,
}

/// psych's inner `alpha.1(C, R)`.
struct Core {
    raw: f64,
    std: f64,
    g6: f64,
    avr: f64,
    sn: f64,
    q: f64,
    med_r: f64,
    var_r: Option<f64>,
    smc: Vec<f64>,
}

fn core(c: &[f64], r: &[f64], k: usize, smc: Vec<f64>) -> Result<Core, StatsError> {
    let kf = k as f64;
    let sum_c: f64 = c.iter().sum();
    let tr_c: f64 = (0..k).map(|i| c[i * k + i]).sum();
    let sum_r: f64 = r.iter().sum();
    if sum_c <= 0.0 {
        return Err(StatsError::ZeroVariance {
            what: "scale score".into(),
        });
    }
    let raw = (1.0 - tr_c / sum_c) * kf / (kf - 1.0);
    let std = (1.0 - kf / sum_r) * kf / (kf - 1.0);
    let g6 = 1.0 - (kf - smc.iter().sum::<f64>()) / sum_r;
    let avr = (sum_r - kf) / (kf * (kf - 1.0));
    let mut lower: Vec<f64> = (0..k)
        .flat_map(|i| (0..i).map(move |j| (i, j)))
        .map(|(i, j)| r[i * k + j])
        .collect();
    let var_r = variance(&lower);
    let med_r = median(&mut lower);
    let sn = kf * avr / (1.0 - avr);
    // tr(C²) = Σ c_ij² (C symmetric); 1'C²1 = ‖C1‖²
    let tr_c2: f64 = c.iter().map(|x| x * x).sum();
    let sum_c2: f64 = (0..k)
        .map(|i| c[i * k..(i + 1) * k].iter().sum::<f64>())
        .map(|s| s * s)
        .sum();
    let q = (2.0 * kf * kf / ((kf - 1.0) * (kf - 1.0) * sum_c.powi(3)))
        * (sum_c * (tr_c2 + tr_c * tr_c) - 2.0 * tr_c * sum_c2);
    Ok(Core {
        raw,
        std,
        g6,
        avr,
        sn,
        q,
        med_r,
        var_r,
        smc,
    })
}

fn variance(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    Some(x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0))
}

/// R's `median` (mean of the two middle values for an even count).
pub(crate) fn median(x: &mut [f64]) -> f64 {
    x.sort_by(f64::total_cmp);
    let n = x.len();
    if n % 2 == 1 {
        x[n / 2]
    } else {
        f64::midpoint(x[n / 2 - 1], x[n / 2])
    }
}

fn se(q: f64, n: usize) -> f64 {
    (q.max(0.0) / n as f64).sqrt()
}

/// Feldt interval for a raw α from n rows and k items.
pub(crate) fn feldt(alpha: f64, n: usize, k: usize, level: ConfidenceLevel) -> Interval {
    let df1 = (n - 1) as f64;
    let df2 = df1 * (k - 1) as f64;
    let f = FisherSnedecor::new(df1, df2)
        .expect("df1, df2 > 0: n >= 2 and k >= 2 checked by the caller");
    let lower = 1.0 - (1.0 - alpha) * f.inverse_cdf(level.upper_tail());
    let upper = 1.0 - (1.0 - alpha) * f.inverse_cdf(level.lower_tail());
    Interval::new(lower, upper, level, IntervalMethod::Feldt)
}

/// The normal quantile z_{1−γ/2}.
pub(crate) fn z_quantile(level: ConfidenceLevel) -> f64 {
    Normal::standard().inverse_cdf(level.upper_tail())
}

/// Cronbach's α and psych's full report from an item matrix, exactly as
/// `psych::alpha` (2.2.9) computes them.
///
/// With C the k × k covariance matrix (pairwise by default), R = cov2cor(C),
/// 1 the vector of ones and n the number of rows:
///
/// ```text
/// raw α        = k/(k−1) · (1 − tr C / 1'C1)                         Cronbach (1951)
/// standard. α  = k/(k−1) · (1 − k / 1'R1)  = k·r̄ / (1 + (k−1)·r̄)
/// G6(smc) (λ6) = 1 − (k − Σ SMCᵢ) / 1'R1,  SMCᵢ = 1 − 1/(R⁻¹)ᵢᵢ       Guttman (1945)
/// r̄ (average_r) = (1'R1 − k) / (k(k−1));  median_r, var_r over the r_ij, i > j
/// S/N          = k·r̄ / (1 − r̄)
/// Q            = 2k² / ((k−1)²(1'C1)³) · [1'C1·(tr C² + (tr C)²) − 2·tr C·1'C²1]
/// ASE          = √(Q/n)                                 Duhachek & Iacobucci (2004)
/// Duhachek CI  = raw α ± z_{1−γ/2} · ASE
/// Feldt CI     = [1 − (1−α)·F_{1−γ/2}(n−1, (n−1)(k−1)),
///                 1 − (1−α)·F_{γ/2}(n−1, (n−1)(k−1))]   Feldt (1965); Feldt, Woodruff & Salih (1987)
/// r̄ (Feldt)    = α / (k − α(k−1))
/// Unidim       = 1 − Σ_all (R − r̄)² / Σ_all R²
/// Fit.off      = 1 − Σ_{i≠j} (r_ij − r̄)² / Σ_all (R − 1)²
///
/// per item i (item statistics):
/// raw.r  = cor(score, xᵢ)                     score = mean of the answered items
/// std.r  = (R1)ᵢ / √(1'R1)
/// r.cor  = (R̃1)ᵢ / √(1'R̃1)                    R̃ = R with SMC on the diagonal
/// r.drop = (Σⱼ Cᵢⱼ − Cᵢᵢ) / √(Cᵢᵢ · 1'C₋ᵢ1)    item–rest correlation
/// α if dropped: all of the above on C₋ᵢ, R₋ᵢ (item i removed)
/// ```
///
/// γ = 1 − confidence level; n = all rows under [`Missing::Pairwise`] (as
/// psych: rows with missing cells count), the complete rows under
/// [`Missing::Listwise`].
///
/// Departures from psych, on purpose:
/// - the Duhachek interval uses the normal quantile z_{1−γ/2}
///   (1.959963984540054 at 95 %) where psych's print method uses 1.96, so the
///   limits differ from psych's printed ones by ≈ 3.6e-5·ASE; the ASE itself
///   is psych's;
/// - a zero-variance item is [`StatsError::ZeroVariance`] naming it, where
///   psych drops it with a warning but keeps counting it in the person score;
/// - a singular correlation matrix (needed for SMC) is
///   [`StatsError::Singular`], where psych uses a pseudo-inverse;
/// - [`ScoreKind::Sum`] with missing cells is the prorated sum (k × mean of
///   the answered items); psych's `cumulative = TRUE` counts a missing answer
///   as 0.
///
/// References: Cronbach, L. J. (1951), Psychometrika 16:297–334; Guttman, L.
/// (1945), Psychometrika 10:255–282; Feldt, L. S. (1965), Psychometrika
/// 30:357–370; Feldt, Woodruff & Salih (1987), Applied Psychological
/// Measurement 11:93–103; Duhachek, A. & Iacobucci, D. (2004), Journal of
/// Applied Psychology 89:792–808; van Zyl, Neudecker & Nel (2000),
/// Psychometrika 65:271–280; Revelle, W., psych 2.2.9, `alpha`.
///
/// The options choose the missing-data policy, the confidence level and the
/// score kind (see [`AlphaOptions`]).
///
/// ```
/// use bordin::reliability::{AlphaOptions, ItemMatrix, alpha};
///
/// // methods.md example X: 10 persons × 4 items
/// let x = [
///     4., 5., 4., 4., 3., 3., 2., 3., 5., 5., 4., 5., 2., 3., 3., 2., 4., 4., 5., 4.,
///     3., 2., 3., 3., 5., 4., 5., 5., 1., 2., 1., 2., 4., 4., 3., 4., 2., 1., 2., 2.,
/// ];
/// let a = alpha(&ItemMatrix::from_slice(&x, 10, 4)?, AlphaOptions::default())?;
/// assert!((a.raw_alpha - 0.950382).abs() < 5e-7);
/// assert!((a.feldt.lower - 0.869461).abs() < 5e-7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// - [`StatsError::TooFew`]: fewer than 2 items, or fewer than 2 rows (complete
///   rows under Listwise);
/// - [`StatsError::TooFewPairs`]: two items share fewer than 2 rows;
/// - [`StatsError::ZeroVariance`]: an item (named) or the scale score has zero
///   variance; drop the item with [`ItemMatrix::without_items`];
/// - [`StatsError::Singular`]: the correlation matrix (or one without an item)
///   is singular, so SMC and λ6 are undefined.
pub fn alpha(m: &ItemMatrix, opts: impl Into<AlphaOptions>) -> Result<Alpha, StatsError> {
    let opts = opts.into();
    alpha_from_moments(&m.moments(opts.missing), opts)
}

/// Cronbach's α from accumulated [`Moments`] (for data streamed in chunks).
///
/// The options' missing-data policy must be the one the moments were
/// accumulated with.
///
/// # Errors
///
/// As [`alpha`], plus [`StatsError::Incompatible`] if the policies differ.
pub fn alpha_from_moments(m: &Moments, opts: impl Into<AlphaOptions>) -> Result<Alpha, StatsError> {
    let opts = opts.into();
    if opts.missing != m.missing() {
        return Err(StatsError::Incompatible {
            what: "missing-data policy of the options and the moments",
        });
    }
    let s = m.summary();
    compute(&s, m.names(), opts)
}

pub(crate) fn check_basic(s: &Summary, names: &[String]) -> Result<(), StatsError> {
    if s.k < 2 {
        return Err(StatsError::TooFew {
            what: "items",
            needed: 2,
            got: s.k,
        });
    }
    if s.n_rows < 2 {
        return Err(StatsError::TooFew {
            what: "rows",
            needed: 2,
            got: s.n_rows,
        });
    }
    s.check_items(names)
}

/// psych's `item.stats` and `alpha.drop`.
fn item_statistics(
    s: &Summary,
    names: &[String],
    c: &[f64],
    r: &[f64],
    smc: &[f64],
    inverse: &[f64],
) -> Result<Vec<ItemStatistics>, StatsError> {
    let k = s.k;
    let n = s.n_rows;
    let sum_r: f64 = r.iter().sum();
    let sum_c: f64 = c.iter().sum();
    let mut rc = r.to_vec();
    for i in 0..k {
        rc[i * k + i] = smc[i];
    }
    let sum_rc: f64 = rc.iter().sum();
    let mut item_stats = Vec::with_capacity(k);
    for i in 0..k {
        let row_r: f64 = r[i * k..(i + 1) * k].iter().sum();
        let row_rc: f64 = rc[i * k..(i + 1) * k].iter().sum();
        let row_c: f64 = c[i * k..(i + 1) * k].iter().sum();
        let cii = c[i * k + i];
        let rest = sum_c - 2.0 * row_c + cii;
        let ps = s.pair(i, k);
        let raw_r = ps.m_ab / (ps.m_aa.sqrt() * ps.m_bb.sqrt());
        let pi = s.pair(i, i);
        let if_dropped = if k > 2 {
            let cd = without(c, k, i);
            let rd = without(r, k, i);
            let d = core(&cd, &rd, k - 1, smc_without(inverse, k, i))?;
            Some(IfDropped {
                raw_alpha: d.raw,
                std_alpha: d.std,
                g6_smc: d.g6,
                average_r: d.avr,
                signal_noise: d.sn,
                alpha_se: se(d.q, n),
                var_r: d.var_r,
                median_r: d.med_r,
            })
        } else {
            None
        };
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "an exact count"
        )]
        let count = pi.n as usize;
        item_stats.push(ItemStatistics {
            name: names[i].clone(),
            n: count,
            raw_r,
            std_r: row_r / sum_r.sqrt(),
            r_cor: row_rc / sum_rc.sqrt(),
            r_drop: (row_c - cii) / (cii * rest).sqrt(),
            mean: pi.mean_a,
            sd: cii.sqrt(),
            if_dropped,
        });
    }
    Ok(item_stats)
}

fn compute(s: &Summary, names: &[String], opts: AlphaOptions) -> Result<Alpha, StatsError> {
    check_basic(s, names)?;
    let k = s.k;
    let kf = k as f64;
    let n = s.n_rows;
    let c = s.cov_matrix();
    let r = cov2cor(&c, k);
    let (smc, inverse) = smc_and_inverse(&r, k)?;
    let total = core(&c, &r, k, smc)?;

    // scale score: variable index k of the summary
    let sp = s.pair(k, k);
    let scale = match opts.score {
        ScoreKind::Mean => 1.0,
        ScoreKind::Sum => kf,
    };
    let scale_mean = sp.mean_a * scale;
    let scale_sd = (sp.m_ab / (sp.n - 1.0)).sqrt() * scale;
    let item_stats = item_statistics(s, names, &c, &r, &total.smc, &inverse)?;

    let avr = total.avr;
    let mut ss_all = 0.0;
    let mut ss_r = 0.0;
    let mut ss_off = 0.0;
    let mut ss_rm1 = 0.0;
    for i in 0..k {
        for j in 0..k {
            let v = r[i * k + j];
            ss_all += (v - avr) * (v - avr);
            ss_r += v * v;
            ss_rm1 += (v - 1.0) * (v - 1.0);
            if i != j {
                ss_off += (v - avr) * (v - avr);
            }
        }
    }

    let ase = se(total.q, n);
    let z = z_quantile(opts.level);
    Ok(Alpha {
        missing: opts.missing,
        n,
        items: k,
        raw_alpha: total.raw,
        std_alpha: total.std,
        g6_smc: total.g6,
        average_r: avr,
        median_r: total.med_r,
        var_r: total.var_r,
        signal_noise: total.sn,
        ase,
        feldt: feldt(total.raw, n, k, opts.level),
        feldt_r_bar: total.raw / (kf - total.raw * (kf - 1.0)),
        duhachek: Interval::new(
            total.raw - z * ase,
            total.raw + z * ase,
            opts.level,
            IntervalMethod::DuhachekIacobucci,
        ),
        unidim: 1.0 - ss_all / ss_r,
        fit_off: 1.0 - ss_off / ss_rm1,
        score: opts.score,
        scale_mean,
        scale_sd,
        item_stats,
    })
}

/// Raw α from a covariance matrix (used by the bootstrap and ICC identity).
pub(crate) fn raw_alpha_of(c: &[f64], k: usize) -> Option<f64> {
    let sum_c: f64 = c.iter().sum();
    let tr_c: f64 = (0..k).map(|i| c[i * k + i]).sum();
    (sum_c > 0.0).then(|| (1.0 - tr_c / sum_c) * k as f64 / (k as f64 - 1.0))
}
