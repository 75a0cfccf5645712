//! A tiny seeded pseudo-random generator for resampling (SplitMix64).
//!
//! SplitMix64 (Steele, Lea & Flood 2014, the seeding generator of the
//! xoshiro family) passes BigCrush and is more than good enough for drawing
//! bootstrap rows and split-halves. Each resample gets its own stream,
//! derived from the caller's seed and the resample index, so results do not
//! depend on how the work is split across threads.

/// SplitMix64 state.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The independent stream for sub-task `index` of a run seeded with `seed`.
    pub(crate) fn stream(seed: u64, index: u64) -> Self {
        let mut base = Self::new(seed ^ 0x6A09_E667_F3BC_C909);
        let a = base.next_u64();
        let mut mix = Self::new(a.wrapping_add(index.wrapping_mul(GOLDEN)));
        Self::new(mix.next_u64())
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias (Lemire 2019,
    /// "Fast random integer generation in an interval").
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        let n = n as u64;
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        #[expect(
            clippy::cast_possible_truncation,
            reason = "low 64 bits of the product"
        )]
        let mut low = m as u64;
        if low < n {
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "low 64 bits of the product"
                )]
                {
                    low = m as u64;
                }
            }
        }
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the high word is < n, which fits usize"
        )]
        let hi = (m >> 64) as usize;
        hi
    }
}

#[cfg(test)]
mod tests {
    use super::SplitMix64;

    #[test]
    fn splitmix_reference_values() {
        // Reference outputs of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = SplitMix64::stream(7, 3);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let v = r.below(7);
            seen[v] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
