//! The hot loop: co-moments of a block of complete rows.
//!
//! ```text
//! d_r = x_r − s                 s = shift (the running mean; the first row at the start)
//! Σd = Σ_r d_r,   S = Σ_r d_r d_r'   (upper triangle)
//! block mean  x̄_b = s + Σd / n_b
//! block M_b   = S − Σd Σd' / n_b     (co-moments about the block mean)
//! ```
//!
//! With s close to the mean the correction term is small and the one-pass
//! form loses nothing noticeable (the shifted-data algorithm; Chan, Golub &
//! LeVeque 1983, §3); blocks are then merged exactly (Chan et al.).
//!
//! The block (≤ 256 rows) is first copied, shifted, into a row-major buffer
//! padded to a multiple of four columns that stays in L1 cache. The upper
//! triangle of S is then computed in 4 × 4 tiles: for each row, four
//! broadcast values of columns i..i+4 times two 2-lane vectors of columns
//! j..j+4, accumulated in eight 2-lane registers. Written with plain arrays
//! of two `f64`, this compiles to packed SSE2 multiplies and adds on the
//! x86-64 baseline (no `unsafe`, no target features), about two products per
//! cycle. Item counts up to 16 are monomorphized; larger counts use the same
//! tiles with run-time sizes.

/// Rows per block.
pub(crate) const BLOCK: usize = 256;

/// Two `f64` lanes; the compiler maps the element-wise operations to one
/// packed SSE2 instruction.
#[derive(Clone, Copy)]
struct V([f64; 2]);

const Z: V = V([0.0, 0.0]);

#[expect(
    clippy::inline_always,
    reason = "the tile loops are only fast when these are inlined and SLP-vectorized"
)]
impl V {
    #[inline(always)]
    fn new(a: f64, b: f64) -> V {
        V([a, b])
    }

    #[inline(always)]
    fn splat(x: f64) -> V {
        V([x, x])
    }

    #[inline(always)]
    fn add(self, x: V) -> V {
        V([self.0[0] + x.0[0], self.0[1] + x.0[1]])
    }

    #[inline(always)]
    fn mul_add(self, x: V, y: V) -> V {
        V([self.0[0] + x.0[0] * y.0[0], self.0[1] + x.0[1] * y.0[1]])
    }
}

/// Scratch space of the kernel (reused across blocks).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    buf: Vec<f64>,
    s: Vec<f64>,
    /// Σd of the last block (len k).
    pub(crate) sum: Vec<f64>,
}

impl Scratch {
    /// `S[i * kp + j]` for `i <= j` after [`block`].
    pub(crate) fn s(&self) -> &[f64] {
        &self.s
    }
}

/// Padded width: k rounded up to a multiple of 4.
pub(crate) fn padded(k: usize) -> usize {
    k.div_ceil(4) * 4
}

/// Σd and S of the complete rows `data` (row-major, k columns, at most
/// [`BLOCK`] rows) about `shift`; S lands in `scratch.s()` with stride
/// `padded(k)`. Returns the number of rows.
pub(crate) fn block(data: &[f64], k: usize, shift: &[f64], scratch: &mut Scratch) -> usize {
    let kp = padded(k);
    if scratch.buf.len() != BLOCK * kp {
        // zero padding columns are part of the kernel's contract
        scratch.buf.clear();
        scratch.buf.resize(BLOCK * kp, 0.0);
    }
    scratch.s.clear();
    scratch.s.resize(kp * kp, 0.0);
    scratch.sum.clear();
    scratch.sum.resize(k, 0.0);
    macro_rules! dispatch {
        ($($k:literal => $kp:literal),* $(,)?) => {
            match k {
                $($k => fixed::<$k, $kp>(data, shift, scratch),)*
                _ => dynamic(data, k, kp, shift, scratch),
            }
        };
    }
    dispatch!(
        1 => 4, 2 => 4, 3 => 4, 4 => 4, 5 => 8, 6 => 8, 7 => 8, 8 => 8,
        9 => 12, 10 => 12, 11 => 12, 12 => 12, 13 => 16, 14 => 16, 15 => 16, 16 => 16,
    )
}

/// The block with compile-time k and padded width.
fn fixed<const K: usize, const KP: usize>(
    data: &[f64],
    shift: &[f64],
    scratch: &mut Scratch,
) -> usize {
    let (rows, _) = data.as_chunks::<K>();
    let nb = rows.len().min(BLOCK);
    let shift: &[f64; K] = shift
        .try_into()
        .expect("shift has k entries: checked by the caller");
    let (buf, _) = scratch.buf.as_chunks_mut::<KP>();
    let mut sums = [Z; 8];
    for (row, out) in rows[..nb].iter().zip(buf.iter_mut()) {
        #[expect(
            clippy::needless_range_loop,
            reason = "jp indexes row, out and sums in step"
        )]
        for jp in 0..K / 2 {
            let j = 2 * jp;
            let d = V::new(row[j] - shift[j], row[j + 1] - shift[j + 1]);
            out[j] = d.0[0];
            out[j + 1] = d.0[1];
            sums[jp] = sums[jp].add(d);
        }
        if K % 2 == 1 {
            let j = K - 1;
            let d = row[j] - shift[j];
            out[j] = d;
            sums[j / 2].0[0] += d;
        }
        // padding columns K..KP stay zero (the buffer is zero-initialized and
        // never written there)
    }
    // flatten through a fixed array (adjacent stores keep `sums` packed)
    let mut flat = [0.0; 16];
    for (pair, v) in flat.chunks_exact_mut(2).zip(&sums) {
        pair.copy_from_slice(&v.0);
    }
    scratch.sum.copy_from_slice(&flat[..K]);
    let rows = &buf[..nb];
    let mut ti = 0;
    while ti < KP {
        let mut tj = ti;
        while tj < KP {
            let acc = if ti == tj {
                diagonal_tile(rows, ti)
            } else {
                tile(rows, ti, tj)
            };
            store(&mut scratch.s, KP, ti, tj, &acc);
            tj += 4;
        }
        ti += 4;
    }
    nb
}

#[expect(
    clippy::inline_always,
    reason = "inlined into each monomorphized block kernel"
)]
#[inline(always)]
fn tile<const KP: usize>(rows: &[[f64; KP]], ti: usize, tj: usize) -> [[V; 2]; 4] {
    // separate locals keep the eight accumulators in registers
    let (mut a00, mut a01, mut a10, mut a11) = (Z, Z, Z, Z);
    let (mut a20, mut a21, mut a30, mut a31) = (Z, Z, Z, Z);
    for row in rows {
        let y0 = V::new(row[tj], row[tj + 1]);
        let y1 = V::new(row[tj + 2], row[tj + 3]);
        let x = V::splat(row[ti]);
        a00 = a00.mul_add(x, y0);
        a01 = a01.mul_add(x, y1);
        let x = V::splat(row[ti + 1]);
        a10 = a10.mul_add(x, y0);
        a11 = a11.mul_add(x, y1);
        let x = V::splat(row[ti + 2]);
        a20 = a20.mul_add(x, y0);
        a21 = a21.mul_add(x, y1);
        let x = V::splat(row[ti + 3]);
        a30 = a30.mul_add(x, y0);
        a31 = a31.mul_add(x, y1);
    }
    [[a00, a01], [a10, a11], [a20, a21], [a30, a31]]
}

/// A tile on the diagonal: only the upper triangle (12 of 16 products).
#[expect(
    clippy::inline_always,
    reason = "inlined into each monomorphized block kernel"
)]
#[inline(always)]
fn diagonal_tile<const KP: usize>(rows: &[[f64; KP]], t: usize) -> [[V; 2]; 4] {
    let (mut a00, mut a01, mut a10, mut a11, mut a21, mut a31) = (Z, Z, Z, Z, Z, Z);
    for row in rows {
        let y0 = V::new(row[t], row[t + 1]);
        let y1 = V::new(row[t + 2], row[t + 3]);
        let x = V::splat(row[t]);
        a00 = a00.mul_add(x, y0);
        a01 = a01.mul_add(x, y1);
        let x = V::splat(row[t + 1]);
        a10 = a10.mul_add(x, y0);
        a11 = a11.mul_add(x, y1);
        a21 = a21.mul_add(V::splat(row[t + 2]), y1);
        a31 = a31.mul_add(V::splat(row[t + 3]), y1);
    }
    [[a00, a01], [a10, a11], [Z, a21], [Z, a31]]
}

fn store(s: &mut [f64], kp: usize, ti: usize, tj: usize, acc: &[[V; 2]; 4]) {
    for (ii, a) in acc.iter().enumerate() {
        let o = (ti + ii) * kp + tj;
        // one bounds check and four adjacent stores, so the accumulators stay
        // packed in the loops above
        s[o..o + 4].copy_from_slice(&[a[0].0[0], a[0].0[1], a[1].0[0], a[1].0[1]]);
    }
}

/// The same computation with run-time sizes (more than 16 items).
fn dynamic(data: &[f64], k: usize, kp: usize, shift: &[f64], scratch: &mut Scratch) -> usize {
    let nb = (data.len() / k).min(BLOCK);
    for (row, out) in data
        .chunks_exact(k)
        .take(nb)
        .zip(scratch.buf.chunks_exact_mut(kp))
    {
        for ((o, x), s) in out.iter_mut().zip(row).zip(shift) {
            *o = x - s;
        }
    }
    for (j, sum) in scratch.sum.iter_mut().enumerate() {
        *sum = scratch.buf.chunks_exact(kp).take(nb).map(|r| r[j]).sum();
    }
    let rows = &scratch.buf[..nb * kp];
    let mut ti = 0;
    while ti < kp {
        let mut tj = ti;
        while tj < kp {
            let acc = tile_dyn(rows, kp, ti, tj);
            store(&mut scratch.s, kp, ti, tj, &acc);
            tj += 4;
        }
        ti += 4;
    }
    nb
}

/// [`tile`] with a run-time row width.
fn tile_dyn(rows: &[f64], kp: usize, ti: usize, tj: usize) -> [[V; 2]; 4] {
    let (mut a00, mut a01, mut a10, mut a11) = (Z, Z, Z, Z);
    let (mut a20, mut a21, mut a30, mut a31) = (Z, Z, Z, Z);
    for row in rows.chunks_exact(kp) {
        let x = &row[ti..ti + 4];
        let y = &row[tj..tj + 4];
        let y0 = V::new(y[0], y[1]);
        let y1 = V::new(y[2], y[3]);
        a00 = a00.mul_add(V::splat(x[0]), y0);
        a01 = a01.mul_add(V::splat(x[0]), y1);
        a10 = a10.mul_add(V::splat(x[1]), y0);
        a11 = a11.mul_add(V::splat(x[1]), y1);
        a20 = a20.mul_add(V::splat(x[2]), y0);
        a21 = a21.mul_add(V::splat(x[2]), y1);
        a30 = a30.mul_add(V::splat(x[3]), y0);
        a31 = a31.mul_add(V::splat(x[3]), y1);
    }
    [[a00, a01], [a10, a11], [a20, a21], [a30, a31]]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct two-pass computation for comparison.
    fn naive(data: &[f64], k: usize, shift: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = data.len() / k;
        let mut sum = vec![0.0; k];
        let mut s = vec![0.0; k * k];
        for r in 0..n {
            for i in 0..k {
                let di = data[r * k + i] - shift[i];
                sum[i] += di;
                for j in 0..k {
                    s[i * k + j] += di * (data[r * k + j] - shift[j]);
                }
            }
        }
        (sum, s)
    }

    #[test]
    fn every_item_count_matches_naive() {
        for k in 1..=21 {
            for n in [1, 2, 7, 256] {
                let data: Vec<f64> = (0..n * k)
                    .map(|i| ((i * 7919 + k) % 11) as f64 * 0.5 - 1.0)
                    .collect();
                let shift: Vec<f64> = (0..k).map(|j| j as f64 * 0.25).collect();
                let mut sc = Scratch::default();
                // dirty the scratch first: a previous, larger block must not leak
                let big: Vec<f64> = (0..256 * k).map(|i| (i % 13) as f64).collect();
                block(&big, k, &shift, &mut sc);
                assert_eq!(block(&data, k, &shift, &mut sc), n);
                let (sum, s) = naive(&data, k, &shift);
                let kp = padded(k);
                for i in 0..k {
                    assert!((sc.sum[i] - sum[i]).abs() < 1e-9, "k={k} n={n} sum {i}");
                    for j in i..k {
                        assert!(
                            (sc.s()[i * kp + j] - s[i * k + j]).abs() < 1e-9,
                            "k={k} n={n} s {i},{j}"
                        );
                    }
                }
            }
        }
    }
}
