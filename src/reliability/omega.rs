//! McDonald's ω from a one-factor minres fit, and ω hierarchical from the
//! Schmid–Leiman transformation.
//!
//! The formulas, citations and departures from psych are documented on
//! [`omega`].

use serde::Serialize;

use super::alpha::check_basic;
use super::factor::{FitError, minres, oblimin, varimax};
use super::linalg::smc;
use super::{ItemMatrix, Missing, Moments};
use crate::StatsError;

/// Options of [`omega`].
///
/// Defaults: one factor, [`Missing::Pairwise`], at most 10,000 minres
/// iterations, tolerance 1e-12 on the largest change of a communality.
/// psych's `omega` defaults to three factors; ask for them with
/// [`OmegaOptions::factors`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OmegaOptions {
    factors: usize,
    missing: Missing,
    max_iter: usize,
    tol: f64,
}

impl Default for OmegaOptions {
    fn default() -> Self {
        Self {
            factors: 1,
            missing: Missing::Pairwise,
            max_iter: 10_000,
            tol: 1e-12,
        }
    }
}

impl OmegaOptions {
    /// Number of factors q: 1 for ω_total from a one-factor model, 3 (or
    /// more) group factors for the Schmid–Leiman ω_h; 2 is under-identified
    /// (psych's "equal" option is used and the result should be read with
    /// caution).
    #[must_use]
    pub fn factors(mut self, factors: usize) -> Self {
        self.factors = factors;
        self
    }

    /// Sets the missing-data policy (default [`Missing::Pairwise`]).
    #[must_use]
    pub fn missing(mut self, missing: Missing) -> Self {
        self.missing = missing;
        self
    }

    /// Maximum number of minres (principal-axis) iterations (default 10,000).
    #[must_use]
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter.max(1);
        self
    }

    /// Convergence tolerance on the largest change of a communality between
    /// iterations (default 1e-12).
    #[must_use]
    pub fn tolerance(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
}

impl From<Missing> for OmegaOptions {
    fn from(missing: Missing) -> Self {
        Self::default().missing(missing)
    }
}

/// One item's row of the Schmid–Leiman solution (psych `schmid$sl`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ItemLoadings {
    /// Item name.
    pub name: String,
    /// `true` if the item was reversed because its general loading was
    /// negative.
    pub flipped: bool,
    /// General-factor loading g.
    pub g: f64,
    /// Group-factor loadings F1*, F2*, … (in psych's order: by explained
    /// variance of the varimax solution).
    pub groups: Vec<f64>,
    /// Communality h².
    pub h2: f64,
    /// Uniqueness u² = 1 − h².
    pub u2: f64,
    /// Share of the communality due to g, g²/h².
    pub p2: f64,
}

/// ω of one row of psych's `omega.group` table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GroupOmega {
    /// `"g"` for the whole scale, `"F1*"`, `"F2*"`, … for the group factors.
    pub name: String,
    /// Items assigned to it (all items for `"g"`).
    pub items: usize,
    /// ω total of the subset (`None` when no item loads highest on the factor).
    pub total: Option<f64>,
    /// Share of the general factor.
    pub general: Option<f64>,
    /// Share of the group factor(s).
    pub group: Option<f64>,
}

/// McDonald's ω (psych `omega`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Omega {
    /// Missing-data policy used.
    pub missing: Missing,
    /// Number of factors q.
    pub factors: usize,
    /// ω hierarchical (psych `omega_h`).
    pub omega_h: f64,
    /// ω total (psych `omega.tot`).
    pub omega_total: f64,
    /// ω_h / ω_total in psych's form (Σg)²/(V − Σu²) (psych `omega.lim`).
    pub omega_limit: f64,
    /// Standardized α on the same correlation matrix (psych `alpha`).
    pub alpha: f64,
    /// Guttman's λ6 on the same correlation matrix (psych `G6`).
    pub g6: f64,
    /// Explained common variance of the general factor (psych `ECV`).
    pub ecv: f64,
    /// The Schmid–Leiman solution, one row per item.
    pub loadings: Vec<ItemLoadings>,
    /// psych's `omega.group`: the scale (`"g"`) then each group factor.
    pub groups: Vec<GroupOmega>,
    /// Correlations of the oblique group factors (q × q, row-major), `None`
    /// for q = 1.
    pub phi: Option<Vec<f64>>,
    /// Minres (principal-axis) iterations used.
    pub iterations: usize,
}

/// McDonald's ω of an item matrix from a one-factor minres fit, and ω
/// hierarchical from the Schmid–Leiman transformation, as `psych::omega`
/// (2.2.9) computes them.
///
/// On R = `cor(x, use = "pairwise")` (pair-specific means and SDs; the
/// ordinary correlation matrix when nothing is missing):
///
/// ```text
/// q = 1: minres loadings λ;            g = λ, group loadings 0
/// q ≥ 2: minres (q factors) → varimax → oblimin (quartimin) pattern F, factor correlations Φ
///        second order: g_f = loadings of a one-factor minres fit of Φ (q ≥ 3),
///                      g = (√|φ₁₂|, sign(φ₁₂)·√|φ₁₂|) for q = 2 (psych's option "equal")
///        Schmid–Leiman: gᵢ = Σ_f Fᵢf·g_f,  sᵢf = sign(Fᵢf)·√(Fᵢf²(1 − g_f²))
/// h²ᵢ = communality of the minres fit,  u²ᵢ = 1 − h²ᵢ,  p²ᵢ = gᵢ²/h²ᵢ
/// items with gᵢ < 0 are reversed (R, g and s flipped), as psych's flip = TRUE
/// V = 1'R1 (observed total variance of the standardized sum)
/// ω_h     = (Σ gᵢ)² / V
/// ω_total = (V − Σ u²ᵢ) / V
/// ω_limit = (Σ gᵢ)² / (V − Σ u²ᵢ)
/// α       = (V − k)/V · k/(k−1)          (standardized α on the same R)
/// λ6 (G6) = (V − k + Σ SMCᵢ) / V
/// ECV     = Σ gᵢ² / Σᵢ (gᵢ² + Σ_f sᵢf²)
/// per group factor f, over the items G_f whose largest |sᵢ·| is on f:
///   V_f = 1'R[G_f]1,  group = (Σ_{G_f} sᵢf)²/V_f,  general = (Σ_{G_f} gᵢ)²/V_f,  total = sum of both
/// ```
///
/// The denominators use the observed V, as psych does (McDonald's model form
/// uses (Σλ)² + Σψ instead; the two agree only under exact fit). With q = 1,
/// ω_h ≠ ω_total because V is observed, and psych warns that ω_h is not
/// meaningful; the number is still reported.
///
/// Departures from psych, on purpose:
/// - psych fits minres with L-BFGS-B and stops within ≈ 1e-7 of the optimum;
///   bordin iterates principal axes to the exact fixed point (tolerance
///   [`OmegaOptions::tolerance`]), so loadings agree with psych to about 1e-7
///   and, for q = 3, the rotated solutions to about 1e-5 (GPArotation stops at a
///   gradient norm of 1e-5);
/// - a Heywood case (a communality above 0.995, where psych's uniqueness
///   bound binds) is [`StatsError::Heywood`] naming the item, and
///   non-convergence is [`StatsError::DidNotConverge`], never a number;
/// - a singular R is [`StatsError::Singular`] (psych uses a pseudo-inverse);
/// - with q = 1 the group loadings are exactly 0 (psych prints √(rounding
///   noise), about 1e-8).
///
/// References: McDonald, R. P. (1999), Test Theory: A Unified Treatment;
/// Zinbarg, Revelle, Yovel & Li (2005), Psychometrika 70:123–133; Schmid, J. &
/// Leiman, J. M. (1957), Psychometrika 22:53–61; Revelle, W., psych 2.2.9,
/// `omega`, `schmid`, `fa`.
///
/// # Errors
///
/// - as [`alpha`](super::alpha) for too few rows or items, pairs without two
///   shared rows, zero-variance items and a singular correlation matrix;
/// - [`StatsError::TooFew`] if there are too few items for q factors (the
///   model needs non-negative degrees of freedom, ((k − q)² − (k + q))/2 ≥ 0)
///   or q is 0;
/// - [`StatsError::Heywood`] naming an item whose communality exceeds 0.995;
/// - [`StatsError::DidNotConverge`] if minres or the rotation does not
///   converge.
pub fn omega(m: &ItemMatrix, opts: impl Into<OmegaOptions>) -> Result<Omega, StatsError> {
    let opts = opts.into();
    omega_from_moments(&m.moments(opts.missing), opts)
}

/// McDonald's ω from accumulated [`Moments`].
///
/// # Errors
///
/// As [`omega`], plus [`StatsError::Incompatible`] if the options'
/// missing-data policy is not the moments'.
pub fn omega_from_moments(m: &Moments, opts: impl Into<OmegaOptions>) -> Result<Omega, StatsError> {
    let opts = opts.into();
    if opts.missing != m.missing() {
        return Err(StatsError::Incompatible {
            what: "missing-data policy of the options and the moments",
        });
    }
    let s = m.summary();
    let names = m.names();
    check_basic(&s, names)?;
    let r = s.pairwise_cor(names)?;
    omega_of_correlations(&r, names, opts)
}

fn fit_error(e: FitError, what: &'static str, names: &[String]) -> StatsError {
    match e {
        FitError::Singular => StatsError::Singular { what },
        FitError::NotConverged(iterations) => StatsError::DidNotConverge { what, iterations },
        FitError::Heywood(i, communality) => StatsError::Heywood {
            item: names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("factor {}", i + 1)),
            communality,
        },
    }
}

pub(crate) fn omega_of_correlations(
    r: &[f64],
    names: &[String],
    opts: OmegaOptions,
) -> Result<Omega, StatsError> {
    let k = names.len();
    let q = opts.factors;
    if q == 0 {
        return Err(StatsError::TooFew {
            what: "factors",
            needed: 1,
            got: 0,
        });
    }
    // degrees of freedom of the q-factor model must not be negative
    let needed = ((q + 1)..=(3 * q + 3))
        .find(|&kk| (kk - q) * (kk - q) >= kk + q)
        .unwrap_or(3 * q + 3);
    if k < needed.max(2) {
        return Err(StatsError::TooFew {
            what: "items for this number of factors",
            needed,
            got: k,
        });
    }
    let fit = minres(r, k, q, opts.max_iter, opts.tol)
        .map_err(|e| fit_error(e, "minres factor fit", names))?;
    let h2 = fit.communalities.clone();

    // pattern (fload), factor correlations and second-order loadings
    let (fload, phi, gload) = if q == 1 {
        (fit.loadings.clone(), None, vec![1.0])
    } else {
        let rot = rotate(&fit.loadings, k, q, names, opts)?;
        (rot.pattern, Some(rot.phi), rot.gload)
    };

    // Schmid–Leiman
    let mut g: Vec<f64> = (0..k)
        .map(|i| (0..q).map(|f| fload[i * q + f] * gload[f]).sum())
        .collect();
    let mut sm: Vec<f64> = (0..k * q)
        .map(|idx| {
            let f = fload[idx];
            let u = (f * f - f * f * gload[idx % q] * gload[idx % q]).max(0.0);
            if q == 1 { 0.0 } else { f.signum() * u.sqrt() }
        })
        .collect();
    let u2: Vec<f64> = h2.iter().map(|h| 1.0 - h).collect();
    let p2: Vec<f64> = g.iter().zip(&h2).map(|(gi, h)| gi * gi / h).collect();

    // flip items with negative general loadings
    let key: Vec<f64> = g
        .iter()
        .map(|&v| if v < 0.0 { -1.0 } else { 1.0 })
        .collect();
    let mut rm = r.to_vec();
    for i in 0..k {
        for j in 0..k {
            rm[i * k + j] *= key[i] * key[j];
        }
        g[i] *= key[i];
        for f in 0..q {
            sm[i * q + f] *= key[i];
        }
    }

    let kf = k as f64;
    let vt: f64 = rm.iter().sum();
    let sum_g: f64 = g.iter().sum();
    let gsq = sum_g * sum_g;
    let uniq: f64 = u2.iter().sum();
    let smc = smc(&rm, k)?;
    let ev_g: f64 = g.iter().map(|v| v * v).sum();
    let ev_s: f64 = sm.iter().map(|v| v * v).sum();

    let omega_total = (vt - uniq) / vt;
    let groups = group_omegas(&rm, &g, &sm, k, q, omega_total, gsq / vt);

    let loadings = (0..k)
        .map(|i| ItemLoadings {
            name: names[i].clone(),
            flipped: key[i] < 0.0,
            g: g[i],
            groups: sm[i * q..(i + 1) * q].to_vec(),
            h2: h2[i],
            u2: u2[i],
            p2: p2[i],
        })
        .collect();

    Ok(Omega {
        missing: opts.missing,
        factors: q,
        omega_h: gsq / vt,
        omega_total,
        omega_limit: gsq / (vt - uniq),
        alpha: (vt - kf) / vt * kf / (kf - 1.0),
        g6: (vt + smc.iter().sum::<f64>() - kf) / vt,
        ecv: ev_g / (ev_g + ev_s),
        loadings,
        groups,
        phi,
        iterations: fit.iterations,
    })
}

/// psych's `omega.group`: each item belongs to the group factor with its
/// largest absolute group loading (`which.max`, first on ties).
fn group_omegas(
    rm: &[f64],
    g: &[f64],
    sm: &[f64],
    k: usize,
    q: usize,
    omega_total: f64,
    omega_h: f64,
) -> Vec<GroupOmega> {
    let vt: f64 = rm.iter().sum();
    let assign: Vec<usize> = (0..k)
        .map(|i| {
            let mut best = 0;
            for f in 1..q {
                if sm[i * q + f].abs() > sm[i * q + best].abs() {
                    best = f;
                }
            }
            best
        })
        .collect();
    let mut grs = 0.0;
    let mut per_group = Vec::with_capacity(q);
    for f in 0..q {
        let members: Vec<usize> = (0..k).filter(|&i| assign[i] == f).collect();
        if members.is_empty() {
            per_group.push(GroupOmega {
                name: format!("F{}*", f + 1),
                items: 0,
                total: None,
                general: None,
                group: None,
            });
            continue;
        }
        let vgr: f64 = members
            .iter()
            .map(|&a| members.iter().map(|&b| rm[a * k + b]).sum::<f64>())
            .sum();
        let gr: f64 = members.iter().map(|&i| sm[i * q + f]).sum();
        let gg: f64 = members.iter().map(|&i| g[i]).sum();
        grs += gr * gr;
        per_group.push(GroupOmega {
            name: format!("F{}*", f + 1),
            items: members.len(),
            total: Some((gr * gr + gg * gg) / vgr),
            general: Some(gg * gg / vgr),
            group: Some(gr * gr / vgr),
        });
    }
    let mut groups = Vec::with_capacity(q + 1);
    groups.push(GroupOmega {
        name: "g".into(),
        items: k,
        total: Some(omega_total),
        general: Some(omega_h),
        group: Some(grs / vt),
    });
    groups.extend(per_group);
    groups
}

/// psych's `schmid` for q ≥ 2: varimax (signed, sorted by explained
/// variance as `fa` does), oblimin, and the second-order loadings.
/// Returns the pattern (k × q), Φ (q × q) and g_f (q).
fn rotate(
    loadings: &[f64],
    k: usize,
    q: usize,
    names: &[String],
    opts: OmegaOptions,
) -> Result<Rotated, StatsError> {
    let mut orth = varimax(loadings, k, q);
    super::factor::sign_columns(&mut orth, k, q);
    // sort factors by explained variance (psych fa: ev.order, decreasing)
    let ss: Vec<f64> = (0..q)
        .map(|f| (0..k).map(|i| orth[i * q + f].powi(2)).sum())
        .collect();
    let mut order: Vec<usize> = (0..q).collect();
    order.sort_by(|&a, &b| ss[b].total_cmp(&ss[a]));
    let orth: Vec<f64> = (0..k * q)
        .map(|idx| orth[(idx / q) * q + order[idx % q]])
        .collect();
    let obl = oblimin(&orth, k, q).map_err(|e| fit_error(e, "oblimin rotation", names))?;
    let gload = if q == 2 {
        let p = obl.phi[1];
        vec![p.abs().sqrt(), p.signum() * p.abs().sqrt()]
    } else {
        let gfit = minres(&obl.phi, q, 1, opts.max_iter, opts.tol)
            .map_err(|e| fit_error(e, "second-order factor fit", &[]))?;
        gfit.loadings
    };
    Ok(Rotated {
        pattern: obl.loadings,
        phi: obl.phi,
        gload,
    })
}

/// Output of [`rotate`].
struct Rotated {
    /// Oblique pattern, k × q.
    pattern: Vec<f64>,
    /// Factor correlations, q × q.
    phi: Vec<f64>,
    /// Second-order (general-factor) loadings of the q factors.
    gload: Vec<f64>,
}
