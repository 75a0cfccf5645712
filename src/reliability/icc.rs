//! Intraclass correlations: the six Shrout–Fleiss forms from the two-way
//! ANOVA.
//!
//! The formulas, citations and departures from psych are documented on
//! [`icc`].

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use super::{ConfidenceLevel, Interval, IntervalMethod, ItemMatrix};
use crate::StatsError;

/// The six Shrout–Fleiss forms, in psych's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum IccForm {
    /// ICC(1,1): one-way random, single rater (psych `ICC1`,
    /// "Single_raters_absolute"; pingouin `ICC(1,1)`).
    Icc1,
    /// ICC(2,1): two-way random, absolute agreement, single rater (psych
    /// `ICC2`; McGraw–Wong ICC(A,1); pingouin `ICC(A,1)`).
    Icc2,
    /// ICC(3,1): two-way mixed, consistency, single rater (psych `ICC3`;
    /// McGraw–Wong ICC(C,1); pingouin `ICC(C,1)`).
    Icc3,
    /// ICC(1,k): one-way random, mean of k raters (psych `ICC1k`).
    Icc1k,
    /// ICC(2,k): absolute agreement, mean of k raters (psych `ICC2k`;
    /// ICC(A,k)).
    Icc2k,
    /// ICC(3,k): consistency, mean of k raters (psych `ICC3k`; ICC(C,k);
    /// equals Cronbach's α of the raters).
    Icc3k,
}

impl IccForm {
    /// All six forms in psych's order.
    pub const ALL: [IccForm; 6] = [
        IccForm::Icc1,
        IccForm::Icc2,
        IccForm::Icc3,
        IccForm::Icc1k,
        IccForm::Icc2k,
        IccForm::Icc3k,
    ];

    /// psych's label (`"ICC1"`, …, `"ICC3k"`).
    #[must_use]
    pub fn psych_name(self) -> &'static str {
        match self {
            IccForm::Icc1 => "ICC1",
            IccForm::Icc2 => "ICC2",
            IccForm::Icc3 => "ICC3",
            IccForm::Icc1k => "ICC1k",
            IccForm::Icc2k => "ICC2k",
            IccForm::Icc3k => "ICC3k",
        }
    }
}

/// One ICC form with its F test and confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct IccRow {
    /// Which form.
    pub form: IccForm,
    /// The estimate (can be negative).
    pub value: f64,
    /// F statistic against ICC = 0.
    pub f: f64,
    /// Numerator degrees of freedom (n − 1).
    pub df1: f64,
    /// Denominator degrees of freedom.
    pub df2: f64,
    /// Upper-tail p-value of `f`.
    pub p: f64,
    /// F-based confidence interval.
    pub ci: Interval,
}

/// The two-way ANOVA behind the ICCs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Anova {
    /// Between-targets mean square (psych `MSB`, "subjects").
    pub msb: f64,
    /// Between-raters mean square (psych `MSJ`, "Judges").
    pub msj: f64,
    /// Residual mean square (psych `MSE`).
    pub mse: f64,
    /// Within-target mean square of the one-way model (psych `MSW`).
    pub msw: f64,
    /// Sum of squares between targets.
    pub ssb: f64,
    /// Sum of squares between raters.
    pub ssj: f64,
    /// Residual sum of squares.
    pub sse: f64,
    /// F for raters, MSJ/MSE.
    pub f_raters: f64,
    /// p-value of `f_raters` (df k − 1, (n − 1)(k − 1)).
    pub p_raters: f64,
}

/// The six ICCs of a targets × raters table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Icc {
    /// Number of targets n.
    pub targets: usize,
    /// Number of raters k.
    pub raters: usize,
    /// The ANOVA table.
    pub anova: Anova,
    /// The six forms, in [`IccForm::ALL`] order.
    pub forms: Vec<IccRow>,
}

impl Icc {
    /// The row of one form.
    #[must_use]
    pub fn get(&self, form: IccForm) -> &IccRow {
        let i = IccForm::ALL.iter().position(|&f| f == form).unwrap_or(0);
        &self.forms[i]
    }
}

fn f_dist(df1: f64, df2: f64) -> FisherSnedecor {
    FisherSnedecor::new(df1, df2).expect("df > 0: n >= 2 and k >= 2 checked, v > 0 checked")
}

/// All six Shrout–Fleiss ICCs of a complete targets (rows) × raters
/// (columns) matrix, from the two-way ANOVA, as `psych::ICC(x, lmer = FALSE)`
/// and pingouin compute them.
///
/// The matrix is n targets (rows) × k raters (columns), complete. With target
/// means x̄ᵢ., rater means x̄.ⱼ and grand mean x̄..:
///
/// ```text
/// MSB = k·Σᵢ(x̄ᵢ. − x̄..)² / (n−1)                                targets
/// MSJ = n·Σⱼ(x̄.ⱼ − x̄..)² / (k−1)                                raters
/// MSE = ΣΣ(xᵢⱼ − x̄ᵢ. − x̄.ⱼ + x̄..)² / ((n−1)(k−1))              residual
/// MSW = (SSJ + SSE) / (n(k−1))                                   within target
///
/// ICC1  = (MSB − MSW) / (MSB + (k−1)MSW)            ICC(1,1)
/// ICC2  = (MSB − MSE) / (MSB + (k−1)MSE + k(MSJ − MSE)/n)   ICC(2,1) = ICC(A,1)
/// ICC3  = (MSB − MSE) / (MSB + (k−1)MSE)            ICC(3,1) = ICC(C,1)
/// ICC1k = (MSB − MSW) / MSB                         ICC(1,k)
/// ICC2k = (MSB − MSE) / (MSB + (MSJ − MSE)/n)       ICC(2,k) = ICC(A,k)
/// ICC3k = (MSB − MSE) / MSB                         ICC(3,k) = ICC(C,k) = α of the raters
///
/// F = MSB/MSW, df (n−1, n(k−1)) for ICC1, ICC1k; F = MSB/MSE, df (n−1, (n−1)(k−1))
/// otherwise; p = P(F_{df1,df2} > F).
/// CI, forms 1 and 3 (F₀ their F, df their df):
///   F_L = F₀ / F_{1−γ/2}(df1, df2),  F_U = F₀ · F_{1−γ/2}(df2, df1)
///   single: [(F_L − 1)/(F_L + k − 1), (F_U − 1)/(F_U + k − 1)];  average: [1 − 1/F_L, 1 − 1/F_U]
/// CI, form 2 (McGraw & Wong 1996, Satterthwaite df v):
///   a = kρ/(n(1−ρ)), b = 1 + kρ(n−1)/(n(1−ρ)), ρ = ICC2
///   v = (a·MSJ + b·MSE)² / ((a·MSJ)²/(k−1) + (b·MSE)²/((n−1)(k−1)))
///   F* = F_{1−γ/2}(n−1, v),  F** = F_{1−γ/2}(v, n−1)
///   L = n(MSB − F*·MSE) / (F*·(k·MSJ + (kn − k − n)·MSE) + n·MSB)
///   U = n(F**·MSB − MSE) / (k·MSJ + (kn − k − n)·MSE + n·F**·MSB)
///   ICC2k limits: Spearman–Brown of these, kL/(1 + (k−1)L)
/// ```
///
/// psych's default (`lmer = TRUE`) takes the mean squares from lme4 REML
/// variance components instead; it differs from the ANOVA by optimizer noise
/// and, when raters show no bias, collapses the forms. bordin uses the exact
/// ANOVA (`lmer = FALSE`), on purpose. Negative estimates are legitimate and
/// are not clamped.
///
/// References: Shrout, P. E. & Fleiss, J. L. (1979), Psychological Bulletin
/// 86:420–428; McGraw, K. O. & Wong, S. P. (1996), Psychological Methods
/// 1:30–46; Revelle, W., psych 2.2.9, `ICC`.
///
/// ```
/// use bordin::reliability::{ConfidenceLevel, IccForm, ItemMatrix, icc};
///
/// // Shrout & Fleiss (1979) Table 2: 6 targets × 4 judges
/// let x = [9., 2., 5., 8., 6., 1., 3., 2., 8., 4., 6., 8., 7., 1., 2., 6., 10., 5., 6., 9., 6., 2., 4., 7.];
/// let r = icc(&ItemMatrix::from_slice(&x, 6, 4)?, ConfidenceLevel::default())?;
/// assert!((r.get(IccForm::Icc2).value - 0.289764).abs() < 5e-7);
/// assert!((r.get(IccForm::Icc3k).ci.lower - 0.675675).abs() < 5e-7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// - [`StatsError::TooFew`]: fewer than 2 targets or 2 raters;
/// - [`StatsError::MissingValues`]: the table has missing cells (drop
///   incomplete targets with [`ItemMatrix::complete_rows`]);
/// - [`StatsError::ZeroVariance`]: every rating is identical after removing
///   target and rater effects (MSE = 0) or all targets are equal (MSB = 0),
///   so the F ratios are undefined.
pub fn icc(m: &ItemMatrix, level: ConfidenceLevel) -> Result<Icc, StatsError> {
    let n = m.rows();
    let k = m.items();
    if n < 2 {
        return Err(StatsError::TooFew {
            what: "targets",
            needed: 2,
            got: n,
        });
    }
    if k < 2 {
        return Err(StatsError::TooFew {
            what: "raters",
            needed: 2,
            got: k,
        });
    }
    if m.missing_cells() > 0 {
        return Err(StatsError::MissingValues {
            what: "icc",
            count: m.missing_cells(),
        });
    }
    let (nf, kf) = (n as f64, k as f64);
    let (ssb, ssj, sse) = sums_of_squares(m.raw(), n, k);
    let msb = ssb / (nf - 1.0);
    let msj = ssj / (kf - 1.0);
    let mse = sse / ((nf - 1.0) * (kf - 1.0));
    let msw = (ssj + sse) / (nf * (kf - 1.0));
    if msb <= 0.0 {
        return Err(StatsError::ZeroVariance {
            what: "target means".into(),
        });
    }
    if mse <= 0.0 || msw <= 0.0 {
        return Err(StatsError::ZeroVariance {
            what: "residuals".into(),
        });
    }

    let forms = forms(nf, kf, [msb, msj, mse, msw], level)?;
    let f_raters = msj / mse;
    let anova = Anova {
        msb,
        msj,
        mse,
        msw,
        ssb,
        ssj,
        sse,
        f_raters,
        p_raters: f_dist(kf - 1.0, (nf - 1.0) * (kf - 1.0)).sf(f_raters),
    };
    Ok(Icc {
        targets: n,
        raters: k,
        anova,
        forms,
    })
}

/// Two-way ANOVA sums of squares (targets, raters, residual), two passes.
fn sums_of_squares(x: &[f64], n: usize, k: usize) -> (f64, f64, f64) {
    let (nf, kf) = (n as f64, k as f64);
    let mut row_mean = vec![0.0; n];
    let mut col_mean = vec![0.0; k];
    for (r, row) in x.chunks_exact(k).enumerate() {
        let mut s = 0.0;
        for (c, v) in col_mean.iter_mut().zip(row) {
            *c += v;
            s += v;
        }
        row_mean[r] = s / kf;
    }
    for c in &mut col_mean {
        *c /= nf;
    }
    let grand = col_mean.iter().sum::<f64>() / kf;
    let ssb = kf
        * row_mean
            .iter()
            .map(|v| (v - grand) * (v - grand))
            .sum::<f64>();
    let ssj = nf
        * col_mean
            .iter()
            .map(|v| (v - grand) * (v - grand))
            .sum::<f64>();
    let mut sse = 0.0;
    for (row, rm) in x.chunks_exact(k).zip(&row_mean) {
        for (v, cm) in row.iter().zip(&col_mean) {
            let e = v - rm - cm + grand;
            sse += e * e;
        }
    }
    (ssb, ssj, sse)
}

/// The six forms with F tests and intervals from the mean squares
/// `[MSB, MSJ, MSE, MSW]`.
fn forms(
    nf: f64,
    kf: f64,
    ms: [f64; 4],
    level: ConfidenceLevel,
) -> Result<Vec<IccRow>, StatsError> {
    let [msb, msj, mse, msw] = ms;
    let icc1 = (msb - msw) / (msb + (kf - 1.0) * msw);
    let icc2 = (msb - mse) / (msb + (kf - 1.0) * mse + kf * (msj - mse) / nf);
    let icc3 = (msb - mse) / (msb + (kf - 1.0) * mse);
    let icc1k = (msb - msw) / msb;
    let icc2k = (msb - mse) / (msb + (msj - mse) / nf);
    let icc3k = (msb - mse) / msb;

    let df1 = nf - 1.0;
    let df_w = nf * (kf - 1.0);
    let df_e = (nf - 1.0) * (kf - 1.0);
    let f1 = msb / msw;
    let f3 = msb / mse;
    let p1 = f_dist(df1, df_w).sf(f1);
    let p3 = f_dist(df1, df_e).sf(f3);
    let q = level.upper_tail();

    let f1l = f1 / f_dist(df1, df_w).inverse_cdf(q);
    let f1u = f1 * f_dist(df_w, df1).inverse_cdf(q);
    let f3l = f3 / f_dist(df1, df_e).inverse_cdf(q);
    let f3u = f3 * f_dist(df_e, df1).inverse_cdf(q);

    // McGraw & Wong's Satterthwaite df, in psych's algebraic form (Fj = MSJ/MSE)
    let fj = msj / mse;
    let vn = (kf - 1.0)
        * (nf - 1.0)
        * (kf * icc2 * fj + nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let vd = (nf - 1.0) * kf * kf * icc2 * icc2 * fj * fj
        + (nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let v = vn / vd;
    let (l2, u2) = if v.is_finite() && v > 0.0 {
        let f_star = f_dist(df1, v).inverse_cdf(q);
        let f_2star = f_dist(v, df1).inverse_cdf(q);
        let base = kf * msj + (kf * nf - kf - nf) * mse;
        (
            nf * (msb - f_star * mse) / (f_star * base + nf * msb),
            nf * (f_2star * msb - mse) / (base + nf * f_2star * msb),
        )
    } else {
        return Err(StatsError::ZeroVariance {
            what: "residuals".into(),
        });
    };
    let sb = |x: f64| x * kf / (1.0 + x * (kf - 1.0));

    let ci = |lo: f64, hi: f64| Interval::new(lo, hi, level, IntervalMethod::FDistribution);
    let row = |form, value, f, df2, p, lo, hi| IccRow {
        form,
        value,
        f,
        df1,
        df2,
        p,
        ci: ci(lo, hi),
    };
    let forms = vec![
        row(
            IccForm::Icc1,
            icc1,
            f1,
            df_w,
            p1,
            (f1l - 1.0) / (f1l + kf - 1.0),
            (f1u - 1.0) / (f1u + kf - 1.0),
        ),
        row(IccForm::Icc2, icc2, f3, df_e, p3, l2, u2),
        row(
            IccForm::Icc3,
            icc3,
            f3,
            df_e,
            p3,
            (f3l - 1.0) / (f3l + kf - 1.0),
            (f3u - 1.0) / (f3u + kf - 1.0),
        ),
        row(
            IccForm::Icc1k,
            icc1k,
            f1,
            df_w,
            p1,
            1.0 - 1.0 / f1l,
            1.0 - 1.0 / f1u,
        ),
        row(IccForm::Icc2k, icc2k, f3, df_e, p3, sb(l2), sb(u2)),
        row(
            IccForm::Icc3k,
            icc3k,
            f3,
            df_e,
            p3,
            1.0 - 1.0 / f3l,
            1.0 - 1.0 / f3u,
        ),
    ];
    Ok(forms)
}
