//! Exploratory factor analysis as `psych::omega` uses it: minres extraction,
//! varimax, oblimin (quartimin) rotation and the Schmid–Leiman transform.
//!
//! ```text
//! minres: minimize Σ_{i<j} (r_ij − (ΛΛ')_ij)² over Λ (k × q)        Harman & Jones (1966)
//!   solved by iterated principal axes: h² ← SMC; repeat
//!     R* = R with h² on the diagonal;  Λ = V_q·diag(√λ_q)  (top q eigenpairs of R*)
//!     h²ᵢ ← Σ_f Λᵢf²      until max|Δh²| < tol
//!   (its fixed point is the minres solution psych reaches with L-BFGS-B)
//! varimax (R's stats::varimax, Kaiser-normalized rows, stop when the criterion
//!   gains less than a relative 1e-5):                                Kaiser (1958)
//!   B = X'(Z³ − Z·diag(1'Z²)/p),  T ← U V' from B = U D V'
//! quartimin (GPArotation::oblimin, γ = 0): gradient projection on T with
//!   unit-length columns, L = A (T⁻¹)', f = ¼ Σ L² ∘ (L² (1 − I)), stop when
//!   the projected gradient has norm < 1e-5                           Jennrich (2002)
//! ```
//!
//! References: Harman, H. H. & Jones, W. H. (1966), Psychometrika 31:351–368;
//! Kaiser, H. F. (1958), Psychometrika 23:187–200; Jennrich, R. I. (2002),
//! Psychometrika 67:7–19; Bernaards, C. A. & Jennrich, R. I. (2005), GPArotation;
//! Schmid, J. & Leiman, J. M. (1957), Psychometrika 22:53–61.

use super::linalg::{SymEigen, inverse, jacobi_from, matmul, smc, sym_eigen, transpose};
use crate::StatsError;

/// A factor solution: `loadings` is k × q row-major.
#[derive(Debug, Clone)]
pub(crate) struct Fit {
    pub(crate) loadings: Vec<f64>,
    pub(crate) communalities: Vec<f64>,
    pub(crate) iterations: usize,
}

/// Why a fit failed; the caller names items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FitError {
    Singular,
    NotConverged(usize),
    /// item index and its communality
    Heywood(usize, f64),
}

impl From<StatsError> for FitError {
    fn from(_: StatsError) -> Self {
        FitError::Singular
    }
}

/// psych's bound on uniquenesses (`lower = .005` in its L-BFGS-B call).
const PSI_MIN: f64 = 0.005;

/// Minres (unweighted least squares on the off-diagonal) factoring of the
/// correlation matrix `r` (k × k) into `q` factors. Column signs follow
/// psych: each column's sum is made positive.
pub(crate) fn minres(
    r: &[f64],
    k: usize,
    q: usize,
    max_iter: usize,
    tol: f64,
) -> Result<Fit, FitError> {
    let mut h2 = smc(r, k)?;
    let mut basis = sym_eigen(&with_diag(r, &h2, k), k).vectors;
    let mut iterations = 0;
    let mut converged = false;
    for it in 1..=max_iter {
        iterations = it;
        let s = with_diag(r, &h2, k);
        let e = eigen_from(&s, &basis, k);
        let new: Vec<f64> = (0..k)
            .map(|i| {
                (0..q)
                    .map(|f| e.vectors[i * k + f].powi(2) * floor_eig(e.values[f]))
                    .sum()
            })
            .collect();
        let delta = new
            .iter()
            .zip(&h2)
            .fold(0.0_f64, |m, (a, b)| m.max((a - b).abs()));
        h2 = new;
        basis = e.vectors;
        if !delta.is_finite() {
            break;
        }
        if delta < tol {
            converged = true;
            break;
        }
    }
    if !converged {
        return Err(FitError::NotConverged(iterations));
    }
    if let Some((i, &v)) = h2.iter().enumerate().find(|&(_, &v)| v > 1.0 - PSI_MIN) {
        return Err(FitError::Heywood(i, v));
    }
    // psych's FAout.wls: loadings from the eigen-decomposition at the final h²
    let e = eigen_from(&with_diag(r, &h2, k), &basis, k);
    if e.values[..q].iter().any(|&v| v <= 0.0) {
        return Err(FitError::NotConverged(iterations));
    }
    let mut loadings = vec![0.0; k * q];
    for i in 0..k {
        for f in 0..q {
            loadings[i * q + f] = e.vectors[i * k + f] * e.values[f].sqrt();
        }
    }
    sign_columns(&mut loadings, k, q);
    let communalities = (0..k)
        .map(|i| (0..q).map(|f| loadings[i * q + f].powi(2)).sum())
        .collect();
    Ok(Fit {
        loadings,
        communalities,
        iterations,
    })
}

/// psych floors eigenvalues below ε at 100ε inside its objective.
fn floor_eig(v: f64) -> f64 {
    if v < f64::EPSILON {
        100.0 * f64::EPSILON
    } else {
        v
    }
}

fn with_diag(r: &[f64], d: &[f64], k: usize) -> Vec<f64> {
    let mut s = r.to_vec();
    for i in 0..k {
        s[i * k + i] = d[i];
    }
    s
}

/// Eigen-decomposition of `s`, warm-started from the orthogonal `basis`.
fn eigen_from(s: &[f64], basis: &[f64], k: usize) -> SymEigen {
    let a = matmul(&transpose(basis, k, k), &matmul(s, basis, k, k, k), k, k, k);
    jacobi_from(a, basis.to_vec(), k)
}

/// Makes every column sum non-negative (psych: `sign(colSums)`, 0 → +).
pub(crate) fn sign_columns(l: &mut [f64], k: usize, q: usize) {
    for f in 0..q {
        let s: f64 = (0..k).map(|i| l[i * q + f]).sum();
        if s < 0.0 {
            for i in 0..k {
                l[i * q + f] = -l[i * q + f];
            }
        }
    }
}

/// Polar factor U V' of a square q × q matrix B = U D V' and Σ D, from the
/// eigen-decomposition of B'B. `None` if B is singular.
fn polar(b: &[f64], q: usize) -> Option<(Vec<f64>, f64)> {
    let btb = matmul(&transpose(b, q, q), b, q, q, q);
    let e = sym_eigen(&btb, q);
    if e.values.iter().any(|&v| v <= 0.0) {
        return None;
    }
    // (B'B)^{-1/2} = W Λ^{-1/2} W'
    let mut inv_sqrt = vec![0.0; q * q];
    for i in 0..q {
        for j in 0..q {
            inv_sqrt[i * q + j] = (0..q)
                .map(|l| e.vectors[i * q + l] * e.vectors[j * q + l] / e.values[l].sqrt())
                .sum();
        }
    }
    let d = e.values.iter().map(|v| v.sqrt()).sum();
    Some((matmul(b, &inv_sqrt, q, q, q), d))
}

/// R's `stats::varimax(x, normalize = TRUE, eps = 1e-5)`.
pub(crate) fn varimax(l: &[f64], k: usize, q: usize) -> Vec<f64> {
    let sc: Vec<f64> = (0..k)
        .map(|i| (0..q).map(|f| l[i * q + f].powi(2)).sum::<f64>().sqrt())
        .collect();
    let x: Vec<f64> = (0..k * q).map(|idx| l[idx] / sc[idx / q]).collect();
    let xt = transpose(&x, k, q);
    let mut tt = identity(q);
    let mut d = 0.0;
    let p = k as f64;
    for _ in 0..1000 {
        let z = matmul(&x, &tt, k, q, q);
        let col: Vec<f64> = (0..q)
            .map(|f| (0..k).map(|i| z[i * q + f].powi(2)).sum())
            .collect();
        let inner: Vec<f64> = (0..k * q)
            .map(|idx| z[idx].powi(3) - z[idx] * col[idx % q] / p)
            .collect();
        let b = matmul(&xt, &inner, q, k, q);
        let Some((t_new, d_new)) = polar(&b, q) else {
            break;
        };
        tt = t_new;
        let dpast = d;
        d = d_new;
        if d < dpast * (1.0 + 1e-5) {
            break;
        }
    }
    let z = matmul(&x, &tt, k, q, q);
    (0..k * q).map(|idx| z[idx] * sc[idx / q]).collect()
}

fn identity(q: usize) -> Vec<f64> {
    let mut m = vec![0.0; q * q];
    for i in 0..q {
        m[i * q + i] = 1.0;
    }
    m
}

/// Quartimin criterion and its gradient with respect to L.
fn quartimin(l: &[f64], k: usize, q: usize) -> (f64, Vec<f64>) {
    let mut f = 0.0;
    let mut gq = vec![0.0; k * q];
    for i in 0..k {
        let row = &l[i * q..(i + 1) * q];
        let total: f64 = row.iter().map(|v| v * v).sum();
        for c in 0..q {
            let x = total - row[c] * row[c];
            f += row[c] * row[c] * x;
            gq[i * q + c] = row[c] * x;
        }
    }
    (f / 4.0, gq)
}

/// `L = A (T⁻¹)'` and `G = −(L' Gq T⁻¹)'` of GPArotation's `GPFoblq`.
fn oblq_eval(a: &[f64], t: &[f64], k: usize, q: usize) -> Option<(Vec<f64>, f64, Vec<f64>)> {
    let tinv = inverse(t, q)?;
    let l = matmul(a, &transpose(&tinv, q, q), k, q, q);
    let (f, gq) = quartimin(&l, k, q);
    let m = matmul(&matmul(&transpose(&l, k, q), &gq, q, k, q), &tinv, q, q, q);
    let g: Vec<f64> = transpose(&m, q, q).into_iter().map(|v| -v).collect();
    Some((l, f, g))
}

/// An oblique rotation: pattern loadings (k × q) and factor correlations.
#[derive(Debug, Clone)]
pub(crate) struct Oblique {
    pub(crate) loadings: Vec<f64>,
    pub(crate) phi: Vec<f64>,
}

/// GPArotation's `oblimin(A)` (γ = 0, no normalization, eps 1e-5, maxit
/// 1000), i.e. `GPFoblq` from T = I.
pub(crate) fn oblimin(a: &[f64], k: usize, q: usize) -> Result<Oblique, FitError> {
    const EPS: f64 = 1e-5;
    const MAXIT: usize = 1000;
    let mut t = identity(q);
    let (mut l, mut f, mut g) = oblq_eval(a, &t, k, q).ok_or(FitError::Singular)?;
    let mut al = 1.0;
    let mut converged = false;
    for _ in 0..=MAXIT {
        // Gp = G − T diag(1'(T ∘ G))
        let cs: Vec<f64> = (0..q)
            .map(|c| (0..q).map(|r| t[r * q + c] * g[r * q + c]).sum())
            .collect();
        let gp: Vec<f64> = (0..q * q)
            .map(|idx| g[idx] - t[idx] * cs[idx % q])
            .collect();
        let s = gp.iter().map(|v| v * v).sum::<f64>().sqrt();
        if s < EPS {
            converged = true;
            break;
        }
        al *= 2.0;
        let mut next = None;
        for _ in 0..=10 {
            let x: Vec<f64> = (0..q * q).map(|idx| t[idx] - al * gp[idx]).collect();
            let v: Vec<f64> = (0..q)
                .map(|c| 1.0 / (0..q).map(|r| x[r * q + c].powi(2)).sum::<f64>().sqrt())
                .collect();
            let tt: Vec<f64> = (0..q * q).map(|idx| x[idx] * v[idx % q]).collect();
            let Some(eval) = oblq_eval(a, &tt, k, q) else {
                break;
            };
            let improvement = f - eval.1;
            next = Some((tt, eval));
            if improvement > 0.5 * s * s * al {
                break;
            }
            al /= 2.0;
        }
        let Some((tt, (lt, ft, gt))) = next else {
            return Err(FitError::Singular);
        };
        t = tt;
        l = lt;
        f = ft;
        g = gt;
    }
    if !converged {
        return Err(FitError::NotConverged(MAXIT));
    }
    let phi = matmul(&transpose(&t, q, q), &t, q, q, q);
    Ok(Oblique { loadings: l, phi })
}
