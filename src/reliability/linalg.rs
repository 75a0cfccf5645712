//! Small dense linear algebra on k × k matrices (k = number of items):
//! a cyclic Jacobi eigen-decomposition for symmetric matrices, squared
//! multiple correlations and a small general inverse.
//!
//! Matrices are row-major `Vec<f64>` of length n². Jacobi is slow for large n
//! but accurate to a few ulps for the well-conditioned matrices of item
//! analysis, which is what a reference-matching implementation needs.

use crate::StatsError;

/// Eigen-decomposition of a symmetric matrix: `values` in decreasing order,
/// `vectors[i * n + j]` = component i of the eigenvector of `values[j]`.
#[derive(Debug, Clone)]
pub(crate) struct SymEigen {
    pub(crate) values: Vec<f64>,
    pub(crate) vectors: Vec<f64>,
}

/// Cyclic Jacobi eigen-decomposition of the symmetric n × n matrix `a`
/// (only symmetric input is meaningful; the upper triangle is used).
pub(crate) fn sym_eigen(a: &[f64], n: usize) -> SymEigen {
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    jacobi_from(a.to_vec(), v, n)
}

/// Jacobi iterations on `a` starting from the orthogonal basis `v`
/// (`a` is already expressed in that basis): returns the decomposition of the
/// original matrix `v a v'`. A good starting basis (the previous eigenvectors
/// of a slightly changed matrix) makes this converge in one or two sweeps.
pub(crate) fn jacobi_from(mut a: Vec<f64>, mut v: Vec<f64>, n: usize) -> SymEigen {
    for i in 0..n {
        for j in 0..i {
            a[i * n + j] = a[j * n + i];
        }
    }
    for _sweep in 0..100 {
        let mut off = 0.0;
        let mut diag = 0.0;
        for i in 0..n {
            diag += a[i * n + i] * a[i * n + i];
            for j in (i + 1)..n {
                off += a[i * n + j] * a[i * n + j];
            }
        }
        if off <= f64::EPSILON * f64::EPSILON * 1e-4 * diag.max(f64::MIN_POSITIVE) || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in (p + 1)..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let app = a[p * n + p];
                let aqq = a[q * n + q];
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + theta.hypot(1.0));
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / t.hypot(1.0);
                let s = t * c;
                // rotate rows/columns p and q of a
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                a[p * n + q] = 0.0;
                a[q * n + p] = 0.0;
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| a[y * n + y].total_cmp(&a[x * n + x]));
    let values = order.iter().map(|&j| a[j * n + j]).collect();
    let mut vectors = vec![0.0; n * n];
    for (new, &old) in order.iter().enumerate() {
        for i in 0..n {
            vectors[i * n + new] = v[i * n + old];
        }
    }
    SymEigen { values, vectors }
}

/// `psych::Pinv`'s rank test: a matrix is treated as singular when a
/// singular value (|eigenvalue| for symmetric matrices) is at most
/// `sqrt(eps) · d₁`.
pub(crate) fn is_singular(e: &SymEigen) -> bool {
    let d1 = e.values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let tol = f64::EPSILON.sqrt() * d1;
    d1 == 0.0 || e.values.iter().any(|v| v.abs() <= tol)
}

/// Diagonal of the inverse of a symmetric matrix from its eigen-decomposition.
pub(crate) fn inverse_diagonal(e: &SymEigen, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            (0..n)
                .map(|l| e.vectors[i * n + l] * e.vectors[i * n + l] / e.values[l])
                .sum()
        })
        .collect()
}

/// Squared multiple correlations of each variable with the others,
/// `SMCᵢ = 1 − 1/(R⁻¹)ᵢᵢ`, clamped to [0, 1] as `psych::smc` does.
///
/// Departure from psych: psych uses the pseudo-inverse of a singular R
/// (dropping singular values ≤ √ε·d₁); here a singular R is an error.
pub(crate) fn smc(r: &[f64], n: usize) -> Result<Vec<f64>, StatsError> {
    let e = sym_eigen(r, n);
    if is_singular(&e) {
        return Err(StatsError::Singular {
            what: "correlation matrix",
        });
    }
    Ok(inverse_diagonal(&e, n)
        .into_iter()
        .map(|d| (1.0 - 1.0 / d).clamp(0.0, 1.0))
        .collect())
}

/// The inverse of a non-singular symmetric matrix (by psych's rank test) and
/// its SMCs.
pub(crate) fn smc_and_inverse(r: &[f64], n: usize) -> Result<(Vec<f64>, Vec<f64>), StatsError> {
    let e = sym_eigen(r, n);
    if is_singular(&e) {
        return Err(StatsError::Singular {
            what: "correlation matrix",
        });
    }
    let mut p = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            p[i * n + j] = (0..n)
                .map(|l| e.vectors[i * n + l] * e.vectors[j * n + l] / e.values[l])
                .sum();
        }
    }
    let smc = (0..n)
        .map(|i| (1.0 - 1.0 / p[i * n + i]).clamp(0.0, 1.0))
        .collect();
    Ok((smc, p))
}

/// SMCs within R without variable `drop`, from P = R⁻¹ of the full matrix:
/// `(R₋ᵢ)⁻¹ = P₋ᵢ − p pᵀ / P_ii` (the Schur complement), so
/// `SMC_j = 1 − 1/(P_jj − P_ji²/P_ii)`. A principal submatrix of a matrix
/// that passes [`is_singular`] passes it too (eigenvalues interlace).
pub(crate) fn smc_without(p: &[f64], n: usize, drop: usize) -> Vec<f64> {
    let pii = p[drop * n + drop];
    (0..n)
        .filter(|&j| j != drop)
        .map(|j| {
            let pji = p[j * n + drop];
            (1.0 - 1.0 / (p[j * n + j] - pji * pji / pii)).clamp(0.0, 1.0)
        })
        .collect()
}

/// Inverse of a small general n × n matrix by Gauss–Jordan elimination with
/// partial pivoting; `None` if it is (numerically) singular.
pub(crate) fn inverse(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut m = a.to_vec();
    let mut inv = vec![0.0; n * n];
    for i in 0..n {
        inv[i * n + i] = 1.0;
    }
    let scale = a.iter().fold(0.0_f64, |s, x| s.max(x.abs()));
    for col in 0..n {
        let pivot =
            (col..n).max_by(|&x, &y| m[x * n + col].abs().total_cmp(&m[y * n + col].abs()))?;
        let p = m[pivot * n + col];
        if p.abs() <= f64::EPSILON * scale * 16.0 || p == 0.0 {
            return None;
        }
        if pivot != col {
            for k in 0..n {
                m.swap(pivot * n + k, col * n + k);
                inv.swap(pivot * n + k, col * n + k);
            }
        }
        for k in 0..n {
            m[col * n + k] /= p;
            inv[col * n + k] /= p;
        }
        for row in 0..n {
            if row == col {
                continue;
            }
            let f = m[row * n + col];
            if f == 0.0 {
                continue;
            }
            for k in 0..n {
                m[row * n + k] -= f * m[col * n + k];
                inv[row * n + k] -= f * inv[col * n + k];
            }
        }
    }
    Some(inv)
}

/// `a` (r × s) times `b` (s × t), row-major.
pub(crate) fn matmul(a: &[f64], b: &[f64], r: usize, s: usize, t: usize) -> Vec<f64> {
    let mut out = vec![0.0; r * t];
    for i in 0..r {
        for l in 0..s {
            let x = a[i * s + l];
            for j in 0..t {
                out[i * t + j] += x * b[l * t + j];
            }
        }
    }
    out
}

/// Transpose of an r × c matrix.
pub(crate) fn transpose(a: &[f64], r: usize, c: usize) -> Vec<f64> {
    let mut out = vec![0.0; r * c];
    for i in 0..r {
        for j in 0..c {
            out[j * r + i] = a[i * c + j];
        }
    }
    out
}

/// The submatrix of the n × n matrix `a` without row and column `drop`.
pub(crate) fn without(a: &[f64], n: usize, drop: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity((n - 1) * (n - 1));
    for i in (0..n).filter(|&i| i != drop) {
        for j in (0..n).filter(|&j| j != drop) {
            out.push(a[i * n + j]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_reconstructs_matrix() {
        let a = [4.0, 1.0, 0.5, 1.0, 3.0, 0.25, 0.5, 0.25, 2.0];
        let e = sym_eigen(&a, 3);
        assert!(e.values[0] >= e.values[1] && e.values[1] >= e.values[2]);
        for i in 0..3 {
            for j in 0..3 {
                let r: f64 = (0..3)
                    .map(|l| e.vectors[i * 3 + l] * e.values[l] * e.vectors[j * 3 + l])
                    .sum();
                assert!((r - a[i * 3 + j]).abs() < 1e-14, "{r} vs {}", a[i * 3 + j]);
            }
        }
    }

    #[test]
    fn inverse_times_matrix_is_identity() {
        let a = [2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 4.0];
        let inv = inverse(&a, 3).unwrap();
        let p = matmul(&a, &inv, 3, 3, 3);
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((p[i * 3 + j] - want).abs() < 1e-14);
            }
        }
        assert!(inverse(&[1.0, 2.0, 2.0, 4.0], 2).is_none());
    }

    #[test]
    fn smc_of_methods_example() {
        // methods.md example X (10 × 4): SMC = 0.964157 0.706381 0.732143 0.960849 (6 dp).
        let x = [
            [4., 5., 4., 4.],
            [3., 3., 2., 3.],
            [5., 5., 4., 5.],
            [2., 3., 3., 2.],
            [4., 4., 5., 4.],
            [3., 2., 3., 3.],
            [5., 4., 5., 5.],
            [1., 2., 1., 2.],
            [4., 4., 3., 4.],
            [2., 1., 2., 2.],
        ];
        let mut r = vec![0.0; 16];
        let mean: Vec<f64> = (0..4)
            .map(|j| x.iter().map(|row| row[j]).sum::<f64>() / 10.0)
            .collect();
        for i in 0..4 {
            for j in 0..4 {
                r[i * 4 + j] = x
                    .iter()
                    .map(|row| (row[i] - mean[i]) * (row[j] - mean[j]))
                    .sum();
            }
        }
        let d: Vec<f64> = (0..4).map(|i| r[i * 4 + i].sqrt()).collect();
        for i in 0..4 {
            for j in 0..4 {
                r[i * 4 + j] /= d[i] * d[j];
            }
        }
        let s = smc(&r, 4).unwrap();
        for (got, want) in s.iter().zip([0.964_157, 0.706_381, 0.732_143, 0.960_849]) {
            assert!((got - want).abs() < 5e-7, "{got} vs {want}");
        }
    }
}
