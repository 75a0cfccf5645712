//! The hot loop for small-integer data (Likert answers): exact co-moments of
//! a block of complete rows, four products per multiplication.
//!
//! When every cell is an integer in `[base, base + SPAN]`, the offsets
//! `v = x − base` lie in `0..=SPAN`, so a product `v_i v_j` is at most
//! `SPAN² = 25` and a block of [`BLOCK`] rows sums it to at most
//! `256 × 25 = 6400 < 2^13`. Four such sums fit side by side in the 52-bit
//! mantissa of one f64, 13 bits apart:
//!
//! ```text
//! y_g   = v_4g + v_4g+1 · 2^13 + v_4g+2 · 2^26 + v_4g+3 · 2^39     (exact)
//! A_ig  = Σ_r v_i · y_g  =  Σ_f 2^13f · S_i,4g+f                    (exact)
//! ```
//!
//! so one multiply-add per row gives four co-moment sums `S_ij = Σ v_i v_j`,
//! each recovered exactly from the bits of `A_ig`. Every value stays an
//! integer below 2^52, so nothing is rounded: S and Σv are exact, and the
//! block's mean and co-moments about it (`M = S − Σv Σv' / n`) carry one
//! rounding each, as in the general kernel ([`super::kernel`]).
//!
//! Items go in groups of four as lanes of a [`wide::f64x4`], so the
//! accumulators of up to 12 items (6 group pairs) stay in registers.

use wide::f64x4;

use super::kernel::BLOCK;

/// Largest offset from the base value: 5, so 0..=5 (a six-point range such
/// as 1..6, or the common 1..5 and 0..4).
pub(crate) const SPAN: f64 = 5.0;

/// Bits per packed field: `BLOCK × SPAN²` < 2^13.
const FIELD_BITS: u32 = 13;

/// Most items the kernel takes (three groups of four).
pub(crate) const MAX_ITEMS: usize = 12;

/// The integer base of a buffer whose non-missing cells are all integers in
/// `[base, base + SPAN]` (`base` the smallest), or `None`. NaN cells are
/// skipped; a buffer without a value has no base.
pub(crate) fn int_base(data: &[f64]) -> Option<f64> {
    // Adding and subtracting 1.5 · 2^52 rounds |x| < 2^51 to an integer.
    const MAGIC: f64 = 6_755_399_441_055_744.0;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut integral = true;
    for &x in data.iter().filter(|x| !x.is_nan()) {
        lo = lo.min(x);
        hi = hi.max(x);
        integral &= (x + MAGIC) - MAGIC == x;
    }
    (integral && lo.abs() < 1e15 && hi - lo <= SPAN).then_some(lo)
}

/// Σv and S = Σ v v' (full k × k, row-major) of the complete rows `data`
/// (row-major, k columns, at most [`BLOCK`] rows), with `v = x − base`.
/// Every cell must be an integer in `[base, base + SPAN]` and
/// `k <= MAX_ITEMS`; the results are exact. Returns the number of rows.
pub(crate) fn block(data: &[f64], k: usize, base: f64, sum: &mut [f64], s: &mut [f64]) -> usize {
    debug_assert!((1..=MAX_ITEMS).contains(&k), "the caller checks k");
    debug_assert!(data.len() <= BLOCK * k, "at most one block");
    macro_rules! dispatch {
        ($($k:literal => $g:literal),* $(,)?) => {
            match k {
                $($k => fixed::<$k, $g>(data, base, sum, s),)*
                _ => 0,
            }
        };
    }
    dispatch!(
        1 => 1, 2 => 1, 3 => 1, 4 => 1, 5 => 2, 6 => 2, 7 => 2, 8 => 2,
        9 => 3, 10 => 3, 11 => 3, 12 => 3,
    )
}

/// [`block`] for `K` items in `G` groups of four.
fn fixed<const K: usize, const G: usize>(
    data: &[f64],
    base: f64,
    sum: &mut [f64],
    s: &mut [f64],
) -> usize {
    let (rows, _) = data.as_chunks::<K>();
    let rows = &rows[..rows.len().min(BLOCK)];
    let field = f64::from(1u32 << FIELD_BITS);
    let weights = f64x4::new([1.0, field, field * field, field * field * field]);
    // Σ y_g: the packed sums Σ v of group g (each at most 256 × 5 < 2^13).
    let mut sums = [0.0; G];
    // acc[a][b] for a <= b: items 4a..4a+4 (lanes) times the packed group b.
    let mut acc = [[f64x4::ZERO; G]; G];
    for row in rows {
        let mut v = [[0.0; 4]; G];
        for (j, &x) in row.iter().enumerate() {
            v[j / 4][j % 4] = x - base;
        }
        let v = v.map(f64x4::new);
        let mut y = [0.0; G];
        for g in 0..G {
            y[g] = (v[g] * weights).reduce_add();
            sums[g] += y[g];
        }
        for a in 0..G {
            for b in a..G {
                acc[a][b] += v[a] * f64x4::splat(y[b]);
            }
        }
    }
    let mask = (1u64 << FIELD_BITS) - 1;
    for (g, &packed) in sums.iter().enumerate() {
        // an exact non-negative integer below 2^52
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "exact integer below 2^52"
        )]
        let mut bits = packed as u64;
        for out in sum.iter_mut().take(K).skip(4 * g).take(4) {
            #[expect(clippy::cast_precision_loss, reason = "below 2^13")]
            {
                *out = (bits & mask) as f64;
            }
            bits >>= FIELD_BITS;
        }
    }
    for (a, acc_a) in acc.iter().enumerate() {
        for l in 0..4 {
            let i = 4 * a + l;
            if i >= K {
                break;
            }
            for (b, packed) in acc_a.iter().enumerate().skip(a) {
                // an exact non-negative integer below 2^52
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "exact integer below 2^52"
                )]
                let mut bits = packed.to_array()[l] as u64;
                for j in 4 * b..4 * b + 4 {
                    if j < K && j >= i {
                        #[expect(clippy::cast_precision_loss, reason = "below 2^13")]
                        {
                            s[i * K + j] = (bits & mask) as f64;
                        }
                    }
                    bits >>= FIELD_BITS;
                }
            }
        }
    }
    rows.len()
}
